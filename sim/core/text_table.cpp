#include "sim/core/text_table.h"

#include <algorithm>
#include <sstream>

namespace edgetwin {
namespace {

std::size_t width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // count UTF-8 lead bytes only
    return n;
}

}  // namespace

std::string format_text_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                              const std::vector<std::size_t>& right) {
    std::vector<std::size_t> w(header.size(), 0);
    auto widen = [&](const std::vector<std::string>& r) {
        for (std::size_t i = 0; i < r.size() && i < w.size(); ++i) w[i] = std::max(w[i], width(r[i]));
    };
    widen(header);
    for (const auto& r : rows) widen(r);
    std::ostringstream os;
    auto line = [&](const std::vector<std::string>& r) {
        std::string out;
        for (std::size_t i = 0; i < r.size() && i < w.size(); ++i) {
            const std::string pad(w[i] - width(r[i]), ' ');
            const bool last = i + 1 == r.size();
            const bool align_right = std::find(right.begin(), right.end(), i) != right.end();
            out += align_right ? pad + r[i] : (last ? r[i] : r[i] + pad);
            if (!last) out += "  ";
        }
        os << out << "\n";
    };
    line(header);
    for (const auto& r : rows) line(r);
    return os.str();
}

}  // namespace edgetwin
