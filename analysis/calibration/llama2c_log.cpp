// llama2.c (run.c / runq.c) prints "achieved tok/s: %f" on stderr once per generation; the rate
// mixes prompt and generated positions (each prompt token is a separate forward pass).
#include "analysis/calibration/trace_parsers.h"

namespace edgetwin::calib {

std::vector<Llama2cRate> parse_llama2c_log(const std::string& text, const std::string& file) {
    require_text(text, file);
    static const std::string key = "achieved tok/s:";
    const std::vector<std::string> lines = split_lines(text);
    std::vector<Llama2cRate> out;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::size_t p = lines[n].find(key);
        if (p == std::string::npos) continue;
        const int line_no = static_cast<int>(n) + 1;
        std::size_t i = p + key.size();
        while (i < lines[n].size() && lines[n][i] == ' ') ++i;
        const Cell c{trim(lines[n].substr(i)), line_no, static_cast<int>(i) + 1};
        const double v = parse_number(c, file, "achieved tok/s");
        if (!(v > 0)) fail_at(file, line_no, c.col, "achieved tok/s must be positive");
        out.push_back({line_no, v});
    }
    if (out.empty()) fail_at(file, 1, 1, "no 'achieved tok/s:' line (llama2.c prints it on stderr)");
    return out;
}

}  // namespace edgetwin::calib
