// llama-bench -o csv: one header line, every value double-quoted (cpu_info may hold commas).
// Columns are taken by header name. The 2023 README rows carry one value more than their header
// (an `opencl` flag early in the row), so when a row is longer than the header the names are
// aligned from the end, where the measurement columns are; a shorter row maps from the start.
#include "analysis/calibration/trace_parsers.h"

namespace edgetwin::calib {

std::vector<BenchRow> parse_llama_bench_csv(const std::string& text, const std::string& file) {
    require_text(text, file);
    const std::vector<std::string> lines = split_lines(text);
    std::vector<Cell> header;
    std::vector<BenchRow> rows;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const int line_no = static_cast<int>(n) + 1;
        if (trim(lines[n]).empty()) continue;
        std::vector<Cell> cells = split_delimited(lines[n], line_no, ',', file);
        if (header.empty()) {
            for (const auto& c : cells) {
                if (c.text.empty()) fail_at(file, c.line, c.col, "empty column name in the header");
                for (const auto& h : header)
                    if (h.text == c.text) fail_at(file, c.line, c.col, "duplicate column '" + c.text + "'");
            }
            header = std::move(cells);
            continue;
        }
        BenchRow row;
        row.line = line_no;
        const std::size_t shift = cells.size() > header.size() ? cells.size() - header.size() : 0;
        for (std::size_t i = 0; i < header.size() && i + shift < cells.size(); ++i)
            row.cells[header[i].text] = cells[i + shift];
        rows.push_back(std::move(row));
    }
    if (header.empty()) fail_at(file, 1, 1, "empty llama-bench CSV (no header line)");
    return rows;
}

}  // namespace edgetwin::calib
