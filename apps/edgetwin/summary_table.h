#pragma once
// Human-readable summary of one run, printed after `edgetwin run`.
#include <ostream>

#include "sim/engine/run_result.h"

namespace edgetwin::cli {

void print_summary_table(std::ostream& os, const RunResult& r);

}  // namespace edgetwin::cli
