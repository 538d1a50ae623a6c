// tegrastats lines of every JetPack variant (formats.md §4): optional "MM-DD-YYYY HH:MM:SS" prefix
// (JP5+), RAM/SWAP/IRAM, CPU [load%@MHz|off,...], EMC_FREQ/GR3D_FREQ in all their forms (X%, X%@F,
// X%@[F,F], @[F,F]), engine clocks, temperatures name@TC (also name@TC/TC on JP7; -256C = no sensor)
// and power rails cur/avg with or without "mW" (2 or 3 values). Unknown tokens are errors, so a
// truncated or corrupted line is reported at the token that broke.
#include <cmath>
#include <regex>

#include "analysis/calibration/trace_parsers.h"

namespace edgetwin::calib {
namespace {

struct Tok {
    std::string s;
    int col;
};

std::vector<Tok> tokens(const std::string& line) {
    std::vector<Tok> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size()) break;
        const std::size_t start = i;
        if (line[i] == '[') {  // CPU arrays stay one token even if a build prints spaces inside
            const auto close = line.find(']', i);
            i = close == std::string::npos ? line.size() : close + 1;
        } else {
            while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        }
        out.push_back({line.substr(start, i - start), static_cast<int>(start) + 1});
    }
    return out;
}

double num(const std::string& s, const std::string& file, int line, int col, const std::string& what) {
    return parse_number(Cell{s, line, col}, file, what);
}

}  // namespace

std::vector<TegraSample> parse_tegrastats(const std::string& text, const std::string& file) {
    require_text(text, file);
    static const std::regex date_re(R"(\d{2}-\d{2}-\d{4})"), time_re(R"(\d{2}:\d{2}:\d{2})");
    static const std::regex mem_re(R"((\d+)/(\d+)([kMG])B(?:\(lfb)?)");
    static const std::regex temp_re(R"(([A-Za-z0-9_]+)@(-?[0-9.]+)C(?:/(-?[0-9.]+)C)?)");
    static const std::regex rail_re(R"(([0-9.]+)(m?W)?/([0-9.]+)(m?W)?(?:/([0-9.]+)(m?W)?)?)");
    static const std::regex freq_re(R"((?:(\d+)%)?(?:@(?:(\d+)|\[([0-9,]+)\]))?)");
    static const std::regex name_re(R"([A-Za-z][A-Za-z0-9_]*)");
    static const std::regex cpu_re(R"((\d+)%(?:@(\d+))?)");
    const std::vector<std::string> lines = split_lines(text);
    std::vector<TegraSample> out;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const int ln = static_cast<int>(n) + 1;
        const std::vector<Tok> t = tokens(lines[n]);
        if (t.empty()) continue;
        TegraSample s;
        s.line = ln;
        std::size_t i = 0;
        auto need = [&](std::size_t k, const std::string& after) -> const Tok& {
            if (k >= t.size()) fail_at(file, ln, static_cast<int>(lines[n].size()) + 1, "line ends after '" + after + "'");
            return t[k];
        };
        auto bad = [&](const Tok& k, const std::string& what) { fail_at(file, ln, k.col, what + ": '" + k.s + "'"); };
        if (t.size() >= 2 && std::regex_match(t[0].s, date_re)) {
            if (!std::regex_match(t[1].s, time_re)) bad(t[1], "expected HH:MM:SS after the date");
            s.timestamp = t[0].s + " " + t[1].s;
            i = 2;
        }
        std::smatch m;
        while (i < t.size()) {
            const Tok& k = t[i];
            if (k.s == "RAM" || k.s == "SWAP" || k.s == "IRAM") {
                const Tok& v = need(i + 1, k.s);
                if (!std::regex_match(v.s, m, mem_re)) bad(v, k.s + " expects used/total with a unit");
                if (k.s == "RAM") {
                    s.ram_used_MB = num(m[1].str(), file, ln, v.col, "RAM used");
                    s.ram_total_MB = num(m[2].str(), file, ln, v.col, "RAM total");
                }
                i += 2;
                // "(lfb NxZMB)" / "(cached ZMB)" / "252kB)": one or two tokens ending in ')'
                while (i < t.size() && (t[i].s.front() == '(' || t[i].s.back() == ')')) {
                    const bool last = t[i].s.back() == ')';
                    ++i;
                    if (last) break;
                }
                continue;
            }
            if (k.s == "CPU" && i + 1 < t.size() && t[i + 1].s.front() == '[') {
                const Tok& v = t[i + 1];
                if (v.s.back() != ']') bad(v, "unterminated CPU list");
                const std::string body = v.s.substr(1, v.s.size() - 2);
                std::size_t p = 0;
                while (p <= body.size()) {
                    const std::size_t q = std::min(body.find(',', p), body.size());
                    const std::string core = body.substr(p, q - p);
                    const int col = v.col + 1 + static_cast<int>(p);
                    if (core == "off") {
                        s.cpu.push_back(std::nullopt);
                    } else if (std::regex_match(core, m, cpu_re)) {
                        s.cpu.push_back(std::make_pair(num(m[1].str(), file, ln, col, "CPU load"),
                                                       m[2].matched ? num(m[2].str(), file, ln, col, "CPU MHz") : NAN));
                    } else {
                        fail_at(file, ln, col, "CPU core entry must be load%@MHz or off: '" + core + "'");
                    }
                    p = q + 1;
                }
                i += 2;
                continue;
            }
            if (k.s == "MTS") {  // "MTS fg X% bg Y%"
                if (i + 4 >= t.size() || t[i + 1].s != "fg" || t[i + 3].s != "bg") bad(k, "expected 'MTS fg X% bg Y%'");
                i += 5;
                continue;
            }
            if (std::regex_match(k.s, m, temp_re)) {
                const double c = num(m[2].str(), file, ln, k.col, "temperature");
                if (c > -255) s.temps_C[lower(m[1].str())] = c;
                ++i;
                continue;
            }
            if (!std::regex_match(k.s, name_re)) bad(k, "unrecognised tegrastats token");
            const Tok& v = need(i + 1, k.s);
            if (std::regex_match(v.s, m, rail_re)) {
                TegraRail r;
                r.cur_mW = num(m[1].str(), file, ln, v.col, k.s + " power");
                r.avg_mW = num(m[3].str(), file, ln, v.col, k.s + " power");
                if (m[2].str() == "W") r.cur_mW *= 1e3;
                if (m[4].str() == "W") r.avg_mW *= 1e3;
                s.rails[k.s] = r;
            } else if (k.s == "EMC_FREQ" || k.s.find("GR3D") == 0) {
                if (v.s.empty() || !std::regex_match(v.s, m, freq_re) || (!m[1].matched && !m[2].matched && !m[3].matched))
                    bad(v, k.s + " expects X%, X%@MHz, X%@[MHz,...] or @[MHz,...]");
                const std::optional<double> pct =
                    m[1].matched ? std::optional<double>(num(m[1].str(), file, ln, v.col, k.s)) : std::nullopt;
                std::vector<double> f;
                if (m[2].matched) f.push_back(num(m[2].str(), file, ln, v.col, k.s));
                if (m[3].matched) {
                    const std::string list = m[3].str();
                    std::size_t p = 0;
                    while (p <= list.size()) {
                        const std::size_t q = std::min(list.find(',', p), list.size());
                        f.push_back(num(list.substr(p, q - p), file, ln, v.col, k.s));
                        p = q + 1;
                    }
                }
                if (k.s == "EMC_FREQ") {
                    s.emc_pct = pct;
                    if (!f.empty()) s.emc_MHz = f.front();
                } else if (k.s == "GR3D_FREQ") {
                    s.gpu_pct = pct;
                    s.gpu_MHz = f;
                } else {
                    s.engines[k.s] = v.s;  // GR3D2_FREQ on older Orin builds
                }
            } else if (v.s == "off" || std::regex_match(v.s, std::regex(R"(\d+(\.\d+)?)"))) {
                s.engines[k.s] = v.s;
            } else {
                bad(v, "unrecognised value for " + k.s);
            }
            i += 2;
        }
        out.push_back(std::move(s));
    }
    if (out.empty()) fail_at(file, 1, 1, "no tegrastats lines");
    return out;
}

std::optional<double> tegra_input_power_W(const TegraSample& s) {
    for (const char* rail : {"VDD_IN", "POM_5V_IN", "VIN_SYS_5V0"}) {
        auto it = s.rails.find(rail);
        if (it != s.rails.end()) return it->second.cur_mW * 1e-3;
    }
    return std::nullopt;
}

}  // namespace edgetwin::calib
