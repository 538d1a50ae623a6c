// llama.cpp timing lines of every era (formats.md §3): llama_print_timings, llama_perf_*_print,
// common_perf_print, the server's print_timings / `slot print_timing`. Logs mix these with other
// output, so lines without "<what> time =" are skipped; a recognised line with a bad number is an
// error at that number. Numbers follow the process locale: "285,92" is accepted as 285.92.
#include <regex>

#include "analysis/calibration/trace_parsers.h"

namespace edgetwin::calib {

std::vector<TimingLine> parse_llama_timings(const std::string& text, const std::string& file) {
    require_text(text, file);
    static const std::regex head(
        R"(\b(load|sample|sampling|samplers|prompt eval|generation eval|eval|total|unaccounted) time\s*=\s*)");
    static const std::regex count_re(R"(^\s*/\s*(\d+) (tokens|runs)\b)");
    static const std::regex rate_re(R"(ms per (?:token|run),\s*([0-9][0-9.,]*) tokens per second)");
    const std::vector<std::string> lines = split_lines(text);
    std::vector<TimingLine> out;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const int line_no = static_cast<int>(n) + 1;
        const std::string& s = lines[n];
        std::smatch m;
        if (!std::regex_search(s, m, head)) continue;
        TimingLine t;
        t.line = line_no;
        t.what = m[1].str();
        std::size_t i = static_cast<std::size_t>(m.position(0) + m.length(0));
        const std::size_t start = i;
        while (i < s.size() && s[i] != ' ') ++i;
        const Cell num{s.substr(start, i - start), line_no, static_cast<int>(start) + 1};
        t.ms = parse_number_locale(num, file, t.what + " time");
        if (t.ms < 0) fail_at(file, line_no, num.col, t.what + " time: negative duration");
        if (s.compare(i, 3, " ms") != 0)
            fail_at(file, line_no, static_cast<int>(i) + 2, "expected the unit 'ms' after the time");
        i += 3;
        const std::string rest = s.substr(i);
        std::smatch c;
        if (std::regex_search(rest, c, count_re)) {
            try {
                t.count = std::stoll(c[1].str());
            } catch (const std::out_of_range&) {  // digits only (regex), so only overflow can fail
                fail_at(file, line_no, static_cast<int>(i + c.position(1)) + 1, t.what + ": count is out of range");
            }
            t.count_unit = c[2].str();
        }
        std::smatch r;
        if (std::regex_search(rest, r, rate_re)) {
            const Cell rc{r[1].str(), line_no, static_cast<int>(i + r.position(1)) + 1};
            t.tok_s = parse_number_locale(rc, file, "tokens per second");
        }
        out.push_back(t);
    }
    return out;
}

}  // namespace edgetwin::calib
