#pragma once
// Turns one llama-bench JSON object into a BenchRow (shared by the JSON and JSONL parsers).
#include <functional>

#include "analysis/calibration/trace_parsers.h"
#include "sim/core/json_io.h"

namespace edgetwin::calib {

// `where(key, &line, &col)` gives the position of a key for error messages.
using KeyPosition = std::function<void(const std::string&, int*, int*)>;
BenchRow bench_row_from_object(const Json& obj, const std::string& file, int line, const KeyPosition& where);

}  // namespace edgetwin::calib
