// Nordic Power Profiler Kit II CSV export (pc-nrfconnect-ppk exportChartAction.ts): header built
// from Timestamp(ms), Current(uA), D0-D7, D0..D7; timestamps in ms (fractional), current in uA.
// The CSV carries no voltage: power needs the supply voltage the PPK2 sourced (PowerTrace::mean_power_W).
#include "analysis/calibration/trace_parsers.h"

namespace edgetwin::calib {

PowerTrace parse_ppk2_csv(const std::string& text, const std::string& file) {
    require_text(text, file);
    const std::vector<std::string> lines = split_lines(text);
    PowerTrace tr;
    tr.format = "ppk2";
    int t_col = -1, i_col = -1;
    std::size_t n_cols = 0;
    bool have_header = false;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const int ln = static_cast<int>(n) + 1;
        if (trim(lines[n]).empty()) continue;
        const std::vector<Cell> cells = split_delimited(lines[n], ln, ',', file);
        if (!have_header) {
            for (std::size_t k = 0; k < cells.size(); ++k) {
                if (cells[k].text == "Timestamp(ms)") t_col = static_cast<int>(k);
                else if (cells[k].text == "Current(uA)") i_col = static_cast<int>(k);
                else if (cells[k].text != "D0-D7" && !(cells[k].text.size() == 2 && cells[k].text[0] == 'D'))
                    fail_at(file, ln, cells[k].col, "unknown PPK2 column '" + cells[k].text + "'");
            }
            if (i_col < 0) fail_at(file, ln, 1, "PPK2 CSV header lacks 'Current(uA)'");
            n_cols = cells.size();
            have_header = true;
            continue;
        }
        if (cells.size() != n_cols)
            fail_at(file, ln, cells.back().col,
                    std::to_string(cells.size()) + " values but the header has " + std::to_string(n_cols));
        PowerSample s;
        s.line = ln;
        if (t_col >= 0) s.t_s = parse_number(cells[t_col], file, "Timestamp(ms)") * 1e-3;
        s.current_A = parse_number(cells[i_col], file, "Current(uA)") * 1e-6;
        tr.samples.push_back(s);
    }
    if (tr.samples.empty()) fail_at(file, static_cast<int>(lines.size()) + 1, 1, "PPK2 CSV has no samples");
    return tr;
}

std::optional<double> PowerTrace::mean_power_W(std::optional<double> supply_V) const {
    double sum = 0;
    std::size_t n = 0;
    for (const auto& s : samples) {
        if (s.power_W) sum += *s.power_W;
        else if (s.current_A && s.voltage_V) sum += *s.current_A * *s.voltage_V;
        else if (s.current_A && supply_V) sum += *s.current_A * *supply_V;
        else return std::nullopt;
        ++n;
    }
    if (n == 0) return std::nullopt;
    return sum / static_cast<double>(n);
}

}  // namespace edgetwin::calib
