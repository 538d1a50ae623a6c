#include "analysis/calibration/trace_text.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "sim/core/user_error.h"

namespace edgetwin::calib {

void fail_at(const std::string& file, int line, int col, const std::string& detail) {
    throw UserError(file, "line " + std::to_string(line) + " column " + std::to_string(col), detail);
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t nl = text.find('\n', start);
        std::size_t end = nl == std::string::npos ? text.size() : nl;
        std::size_t stop = end > start && text[end - 1] == '\r' ? end - 1 : end;
        out.push_back(text.substr(start, stop - start));
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    return out;
}

std::vector<Cell> split_delimited(const std::string& line, int line_no, char sep, const std::string& file) {
    std::vector<Cell> out;
    std::size_t i = 0;
    while (true) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t') && line[i] != sep) ++i;
        Cell c;
        c.line = line_no;
        c.col = static_cast<int>(i) + 1;
        if (i < line.size() && line[i] == '"') {
            const std::size_t open = i++;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        c.text += '"';
                        i += 2;
                        continue;
                    }
                    closed = true;
                    ++i;
                    break;
                }
                c.text += line[i++];
            }
            if (!closed) fail_at(file, line_no, static_cast<int>(open) + 1, "unterminated quoted field");
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
            if (i < line.size() && line[i] != sep)
                fail_at(file, line_no, static_cast<int>(i) + 1, "unexpected text after a quoted field");
        } else {
            const std::size_t start = i;
            while (i < line.size() && line[i] != sep) ++i;
            c.text = trim(line.substr(start, i - start));
        }
        out.push_back(c);
        if (i >= line.size()) break;
        ++i;  // separator
    }
    return out;
}

bool try_parse_number(const std::string& text, double* out) {
    const std::string t = trim(text);
    if (t.empty()) return false;
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size() || errno == ERANGE || !std::isfinite(v)) return false;
    // strtod accepts hex and "inf"/"nan" spellings; traces never print those.
    for (char ch : t)
        if (!(std::isdigit(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == '+' || ch == 'e' ||
              ch == 'E'))
            return false;
    *out = v;
    return true;
}

double parse_number(const Cell& c, const std::string& file, const std::string& what) {
    double v = 0;
    if (!try_parse_number(c.text, &v)) fail_at(file, c.line, c.col, what + ": expected a number, got '" + c.text + "'");
    return v;
}

double parse_number_locale(const Cell& c, const std::string& file, const std::string& what) {
    std::string t = c.text;
    const auto comma = t.find(',');
    if (comma != std::string::npos && t.find('.') == std::string::npos && t.find(',', comma + 1) == std::string::npos)
        t[comma] = '.';
    return parse_number(Cell{t, c.line, c.col}, file, what);
}

long long parse_integer(const Cell& c, const std::string& file, const std::string& what) {
    const double v = parse_number(c, file, what);
    if (v != std::floor(v) || std::fabs(v) > 9e15)
        fail_at(file, c.line, c.col, what + ": expected an integer, got '" + c.text + "'");
    return static_cast<long long>(v);
}

std::string trim(const std::string& s) {
    std::size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

std::string lower(std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

void line_col_of(const std::string& text, std::size_t offset, int* line, int* col) {
    int l = 1, c = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++l;
            c = 1;
        } else {
            ++c;
        }
    }
    *line = l;
    *col = c;
}

void require_text(const std::string& text, const std::string& file) {
    const auto nul = text.find('\0');
    if (nul == std::string::npos) return;
    int l = 0, c = 0;
    line_col_of(text, nul, &l, &c);
    fail_at(file, l, c, "binary data (NUL byte) in a text trace");
}

}  // namespace edgetwin::calib
