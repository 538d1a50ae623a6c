#pragma once
// Which kind of edgetwin file an existing path holds, so a command replaces only a file of the kind
// it writes itself: `run -o sweep.h5` must not silently destroy a sweep of 3,000 points, and
// `-o notes.txt` must not replace a user's file with HDF5. `--force` lifts this check (never the
// device, link and input checks of sim/core/output_guard.h).
#include <optional>
#include <string>

#include "sim/core/json_io.h"

namespace edgetwin {

enum class OutputKind { RunResult, SweepResult, RramProfile, Report, CalibrationOverlay, SbatchScript };

// "run result file", "sweep result file", ...
std::string output_kind_name(OutputKind kind);

// What an existing regular file is: one of the kinds' names, or a short description of something else
// ("an HDF5 file edgetwin did not write", "a file edgetwin did not write"). Empty if nothing is there.
std::string describe_existing_output(const std::string& path);

// Throws UserError(path, "", "... (use --force to replace it)") when `path` holds something other than
// an edgetwin file of `kind` and `force` is false. Nothing there: fine.
void check_replace_allowed(const std::string& path, OutputKind kind, bool force);

// The scenario a result file was written from (root attribute `scenario`), if it has one; a resumed
// sweep compares it with its own.
std::optional<Json> stored_scenario(const std::string& path);

}  // namespace edgetwin
