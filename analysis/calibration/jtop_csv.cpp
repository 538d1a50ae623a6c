// jtop CSV (jetson_stats examples/jtop_logger.py: csv.DictWriter over jetson.stats keys). Column
// sets depend on the board and the jtop version, so every column is kept by name: numbers in
// `numbers` ("Power TOT" mW, "Temp CPU" C, "CPU1" %), everything else ("time", "OFF", "nvp model")
// in `texts`. A row with a different number of fields than the header is an error.
#include "analysis/calibration/trace_parsers.h"

namespace edgetwin::calib {

std::vector<JtopRow> parse_jtop_csv(const std::string& text, const std::string& file) {
    require_text(text, file);
    const std::vector<std::string> lines = split_lines(text);
    std::vector<Cell> header;
    std::vector<JtopRow> rows;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const int ln = static_cast<int>(n) + 1;
        if (trim(lines[n]).empty()) continue;
        std::vector<Cell> cells = split_delimited(lines[n], ln, ',', file);
        if (header.empty()) {
            header = std::move(cells);
            bool has_time = false;
            for (const auto& h : header) has_time |= h.text == "time";
            if (!has_time) fail_at(file, ln, 1, "jtop CSV header lacks the 'time' column");
            continue;
        }
        if (cells.size() != header.size())
            fail_at(file, ln, cells.back().col,
                    std::to_string(cells.size()) + " values but the header has " + std::to_string(header.size()));
        JtopRow row;
        row.line = ln;
        for (std::size_t k = 0; k < header.size(); ++k) {
            double v = 0;
            if (header[k].text != "time" && try_parse_number(cells[k].text, &v)) row.numbers[header[k].text] = v;
            else row.texts[header[k].text] = cells[k].text;
        }
        // Power columns must be numbers: they are what calibration reads.
        for (std::size_t k = 0; k < header.size(); ++k)
            if (starts_with(header[k].text, "Power ") && !row.numbers.count(header[k].text))
                fail_at(file, ln, cells[k].col, header[k].text + ": expected a number (mW), got '" + cells[k].text + "'");
        rows.push_back(std::move(row));
    }
    if (rows.empty()) fail_at(file, static_cast<int>(lines.size()) + 1, 1, "jtop CSV has no rows");
    return rows;
}

}  // namespace edgetwin::calib
