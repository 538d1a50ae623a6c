// Joulescope CSV variants (formats.md §7.2):
//  - UI statistics record: "#time,current,voltage,power,charge,energy" (or without time), SI units;
//    time may be UTC "YYYYMMDDTHHMMSS[.fff]Z";
//  - waveform export (numpy.savetxt): "# time,<serial>.i,<serial>.v[,<serial>.p]";
//  - `joulescope recording --export`: no header, two columns current,voltage.
#include <regex>

#include "analysis/calibration/trace_parsers.h"

namespace edgetwin::calib {

PowerTrace parse_joulescope_csv(const std::string& text, const std::string& file) {
    require_text(text, file);
    static const std::regex utc_re(R"(\d{8}T\d{6}(\.\d+)?Z)");
    const std::vector<std::string> lines = split_lines(text);
    PowerTrace tr;
    int ct = -1, ci = -1, cv = -1, cp = -1;
    std::size_t n_cols = 0;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const int ln = static_cast<int>(n) + 1;
        const std::string t = trim(lines[n]);
        if (t.empty()) continue;
        if (n_cols == 0) {
            if (t[0] == '#') {
                const std::size_t body = lines[n].find('#') + 1;
                std::vector<Cell> names = split_delimited(lines[n].substr(body), ln, ',', file);
                for (auto& c : names) c.col += static_cast<int>(body);
                bool waveform = false;
                for (std::size_t k = 0; k < names.size(); ++k) {
                    std::string q = names[k].text;
                    const auto dot = q.rfind('.');
                    if (dot != std::string::npos) {
                        waveform = true;
                        q = q.substr(dot + 1);
                    }
                    const int kk = static_cast<int>(k);
                    if (q == "time") ct = kk;
                    else if (q == "current" || q == "i") ci = kk;
                    else if (q == "voltage" || q == "v") cv = kk;
                    else if (q == "power" || q == "p") cp = kk;
                    else if (q != "charge" && q != "energy")
                        fail_at(file, ln, names[k].col, "unknown Joulescope column '" + names[k].text + "'");
                }
                if (ci < 0 && cp < 0) fail_at(file, ln, 1, "Joulescope header has neither current nor power");
                tr.format = waveform ? "joulescope-waveform" : "joulescope-stats";
                n_cols = names.size();
                continue;
            }
            tr.format = "joulescope-cli";  // `joulescope recording --export`: current,voltage
            ci = 0;
            cv = 1;
            n_cols = 2;
        }
        const std::vector<Cell> cells = split_delimited(lines[n], ln, ',', file);
        if (cells.size() != n_cols)
            fail_at(file, ln, cells.back().col,
                    std::to_string(cells.size()) + " values but " + std::to_string(n_cols) + " columns expected");
        PowerSample s;
        s.line = ln;
        if (ct >= 0 && !std::regex_match(cells[ct].text, utc_re)) s.t_s = parse_number(cells[ct], file, "time");
        if (ci >= 0) s.current_A = parse_number(cells[ci], file, "current");
        if (cv >= 0) s.voltage_V = parse_number(cells[cv], file, "voltage");
        if (cp >= 0) s.power_W = parse_number(cells[cp], file, "power");
        tr.samples.push_back(s);
    }
    if (tr.samples.empty()) fail_at(file, static_cast<int>(lines.size()) + 1, 1, "Joulescope CSV has no samples");
    return tr;
}

}  // namespace edgetwin::calib
