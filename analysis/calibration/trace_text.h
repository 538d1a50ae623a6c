#pragma once
// Shared text helpers of the trace parsers: errors that name file, line and column (UserError key
// "line L column C", both 1-based), line splitting, CSV cells that remember where they were, and
// strict number parsing.
#include <string>
#include <vector>

namespace edgetwin::calib {

[[noreturn]] void fail_at(const std::string& file, int line, int col, const std::string& detail);

// A piece of text and where it started (1-based line and column, columns in bytes).
struct Cell {
    std::string text;
    int line = 0, col = 0;
};

// Lines without their terminator ("\n" or "\r\n"); index i is line i+1.
std::vector<std::string> split_lines(const std::string& text);

// One delimited line: quoted fields ("a,b" with "" for a quote), whitespace around unquoted fields
// trimmed. An unterminated quote or text after a closing quote is an error at its column.
std::vector<Cell> split_delimited(const std::string& line, int line_no, char sep, const std::string& file);

// The whole text must be a finite number (leading/trailing blanks allowed); else an error at the cell.
double parse_number(const Cell& c, const std::string& file, const std::string& what);
// Same, also accepting one decimal comma ("285,92") as printed under some locales.
double parse_number_locale(const Cell& c, const std::string& file, const std::string& what);
long long parse_integer(const Cell& c, const std::string& file, const std::string& what);
bool try_parse_number(const std::string& text, double* out);

std::string trim(const std::string& s);
std::string lower(std::string s);
bool starts_with(const std::string& s, const std::string& prefix);
// Line and column (1-based) of byte `offset` in `text`.
void line_col_of(const std::string& text, std::size_t offset, int* line, int* col);
// Rejects NUL bytes and non-text input early, with the position of the first offending byte.
void require_text(const std::string& text, const std::string& file);

}  // namespace edgetwin::calib
