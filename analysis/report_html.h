#pragma once
// A self-contained HTML report of one run (tables + inline SVG), written atomically.
#include <string>

#include "sim/engine/run_result.h"

namespace edgetwin {

std::string render_report_html(const RunResult& r);
// Writes to "<path>.tmp.<pid>" and renames; throws UserError if the path cannot be written.
void write_report_html(const std::string& path, const RunResult& r);

}  // namespace edgetwin
