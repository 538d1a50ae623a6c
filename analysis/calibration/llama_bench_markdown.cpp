// llama-bench -o md: `| model | size | params | backend | [ngl] | ... | test | t/s |`, a separator
// row of dashes, data rows, and a `build: <commit> (<number>)` footer. Rows keep the display column
// names; observations.cpp reads `test` ("pp512", "pp 512", "tg128", "pp512+tg128", "... @ d512")
// and `t/s` ("avg ± stdev").
#include "analysis/calibration/trace_parsers.h"

namespace edgetwin::calib {
namespace {

std::vector<Cell> split_pipes(const std::string& line, int line_no) {
    std::vector<Cell> out;
    std::size_t i = line.find('|');
    while (i != std::string::npos) {
        const std::size_t next = line.find('|', i + 1);
        if (next == std::string::npos) {
            if (!trim(line.substr(i + 1)).empty()) out.push_back({trim(line.substr(i + 1)), line_no, static_cast<int>(i) + 2});
            break;
        }
        const std::string raw = line.substr(i + 1, next - i - 1);
        const std::size_t lead = raw.find_first_not_of(' ');
        out.push_back({trim(raw), line_no, static_cast<int>(i + 2 + (lead == std::string::npos ? 0 : lead))});
        i = next;
    }
    return out;
}

bool is_separator(const std::vector<Cell>& cells) {
    for (const auto& c : cells)
        if (c.text.empty() || c.text.find_first_not_of("-: ") != std::string::npos) return false;
    return !cells.empty();
}

}  // namespace

std::vector<BenchRow> parse_llama_bench_markdown(const std::string& text, const std::string& file) {
    require_text(text, file);
    const std::vector<std::string> lines = split_lines(text);
    std::vector<Cell> header;
    std::vector<BenchRow> rows;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const int line_no = static_cast<int>(n) + 1;
        const std::string t = trim(lines[n]);
        if (t.empty() || starts_with(t, "build:")) continue;
        if (t[0] != '|') fail_at(file, line_no, 1, "expected a table row starting with '|'");
        std::vector<Cell> cells = split_pipes(lines[n], line_no);
        if (header.empty()) {
            header = std::move(cells);
            bool has_test = false, has_ts = false;
            for (const auto& h : header) {
                has_test |= h.text == "test";
                has_ts |= h.text == "t/s";
            }
            if (!has_test || !has_ts) fail_at(file, line_no, 1, "header lacks the 'test' or 't/s' column");
            continue;
        }
        if (is_separator(cells)) continue;
        if (cells.size() != header.size())
            fail_at(file, line_no, cells.empty() ? 1 : cells.back().col,
                    std::to_string(cells.size()) + " cells but the header has " + std::to_string(header.size()));
        BenchRow row;
        row.line = line_no;
        for (std::size_t i = 0; i < header.size(); ++i) row.cells[header[i].text] = cells[i];
        rows.push_back(std::move(row));
    }
    if (header.empty()) fail_at(file, 1, 1, "no markdown table found");
    return rows;
}

}  // namespace edgetwin::calib
