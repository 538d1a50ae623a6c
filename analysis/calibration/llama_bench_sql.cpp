// llama-bench -o sql: `CREATE TABLE IF NOT EXISTS t (col TYPE, ...);` then one
// `INSERT INTO t (cols) VALUES ('v', ...);` per test, every value single-quoted ('' = quote).
#include <cctype>

#include "analysis/calibration/trace_parsers.h"

namespace edgetwin::calib {
namespace {

struct Cursor {
    const std::string& s;
    std::size_t i;
    int line;
    const std::string& file;
    void skip_ws() {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    }
    [[noreturn]] void fail(const std::string& what) const { fail_at(file, line, static_cast<int>(i) + 1, what); }
    void expect(char c) {
        skip_ws();
        if (i >= s.size() || s[i] != c) fail(std::string("expected '") + c + "'");
        ++i;
    }
    Cell word() {  // identifier or quoted value
        skip_ws();
        Cell c{"", line, static_cast<int>(i) + 1};
        if (i < s.size() && s[i] == '\'') {
            ++i;
            while (true) {
                if (i >= s.size()) fail_at(file, line, c.col, "unterminated quoted value");
                if (s[i] == '\'') {
                    if (i + 1 < s.size() && s[i + 1] == '\'') {
                        c.text += '\'';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                c.text += s[i++];
            }
            return c;
        }
        while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '.' ||
                                s[i] == '-' || s[i] == '+'))
            c.text += s[i++];
        if (c.text.empty()) fail("expected a name or a quoted value");
        return c;
    }
    std::vector<Cell> list() {
        expect('(');
        std::vector<Cell> out;
        while (true) {
            out.push_back(word());
            skip_ws();
            if (i < s.size() && s[i] == ',') {
                ++i;
                continue;
            }
            expect(')');
            return out;
        }
    }
};

}  // namespace

std::vector<BenchRow> parse_llama_bench_sql(const std::string& text, const std::string& file) {
    require_text(text, file);
    const std::vector<std::string> lines = split_lines(text);
    std::vector<BenchRow> rows;
    bool saw_create = false;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const int line_no = static_cast<int>(n) + 1;
        const std::string t = trim(lines[n]);
        if (t.empty() || starts_with(t, "--")) continue;
        const std::string up = lower(t.substr(0, 12));
        if (starts_with(up, "create table")) {
            // Printed over several lines ("  field TYPE,"); the types are not needed: skip to ");".
            saw_create = true;
            while (n < lines.size() && trim(lines[n]).find(");") == std::string::npos) ++n;
            if (n == lines.size()) fail_at(file, line_no, 1, "CREATE TABLE statement is not closed with ');'");
            continue;
        }
        if (!starts_with(up, "insert into"))
            fail_at(file, line_no, 1, "expected CREATE TABLE or INSERT INTO (llama-bench -o sql output)");
        const std::string& s = lines[n];
        Cursor cur{s, s.find_first_not_of(" \t") + 11, line_no, file};
        cur.word();  // table name
        std::vector<Cell> cols = cur.list();
        cur.skip_ws();
        Cell kw = cur.word();
        if (lower(kw.text) != "values") fail_at(file, kw.line, kw.col, "expected VALUES");
        std::vector<Cell> vals = cur.list();
        cur.skip_ws();
        if (cur.i < s.size() && s[cur.i] == ';') ++cur.i;
        cur.skip_ws();
        if (cur.i != s.size()) cur.fail("unexpected text after the INSERT statement");
        if (cols.size() != vals.size())
            fail_at(file, line_no, vals.empty() ? 1 : vals.back().col,
                    std::to_string(cols.size()) + " columns but " + std::to_string(vals.size()) + " values");
        BenchRow row;
        row.line = line_no;
        for (std::size_t k = 0; k < cols.size(); ++k) row.cells[cols[k].text] = vals[k];
        rows.push_back(std::move(row));
    }
    if (!saw_create && rows.empty()) fail_at(file, 1, 1, "no CREATE TABLE or INSERT INTO statement");
    return rows;
}

}  // namespace edgetwin::calib
