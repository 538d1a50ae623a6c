#pragma once
// The output rules every writing subcommand shares: `--force` (replace a file of another kind), and
// the check run before any simulation: the path is claimed (no device, FIFO, directory, link or input
// of this command; sim/core/output_guard.h), holds nothing or an edgetwin file of the same kind
// (analysis/output_kind.h), and its directory is writable.
#include <CLI/CLI.hpp>
#include <string>

#include "analysis/output_kind.h"

namespace edgetwin::cli {

void add_force_flag(CLI::App* cmd, bool& force);

// `what` names the output in messages ("result file", "report", "calibration overlay").
void prepare_output(const std::string& path, OutputKind kind, bool force, const std::string& what = "result file");

// `-o none` asks for no result file (with --json, for callers that only want the summary).
inline bool no_output_requested(const std::string& path) { return path == "none"; }

}  // namespace edgetwin::cli
