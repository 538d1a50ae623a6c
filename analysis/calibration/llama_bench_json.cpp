// llama-bench -o json: an array of flat objects plus samples_ns / samples_ts arrays. nlohmann gives
// no positions for values, so a small scanner records where each object and key starts; type errors
// then point at the key.
#include <cctype>

#include "sim/core/json_io.h"

#include "analysis/calibration/llama_bench_json_common.h"
#include "analysis/calibration/trace_parsers.h"

namespace edgetwin::calib {
namespace {

// Byte offsets of each element object of a top-level array, and of each key inside it.
struct ObjectPos {
    std::size_t start = 0;
    std::map<std::string, std::size_t> keys;
};

std::vector<ObjectPos> scan_positions(const std::string& t) {
    std::vector<ObjectPos> out;
    int depth = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '"') {
            const std::size_t open = i;
            std::string s;
            for (++i; i < t.size() && t[i] != '"'; ++i) {
                if (t[i] == '\\') ++i;
                if (i < t.size()) s += t[i];
            }
            std::size_t j = i + 1;
            while (j < t.size() && std::isspace(static_cast<unsigned char>(t[j]))) ++j;
            if (depth == 2 && j < t.size() && t[j] == ':' && !out.empty()) out.back().keys.emplace(s, open);
        } else if (c == '{' || c == '[') {
            ++depth;
            if (c == '{' && depth == 2) out.push_back({i, {}});
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return out;
}

}  // namespace

std::vector<BenchRow> parse_llama_bench_json(const std::string& text, const std::string& file) {
    require_text(text, file);
    Json doc;
    try {
        doc = Json::parse(text);
    } catch (const Json::parse_error& e) {
        int l = 0, c = 0;
        line_col_of(text, e.byte > 0 ? e.byte - 1 : 0, &l, &c);
        fail_at(file, l, c, "invalid JSON (" + std::string(e.what()) + ")");
    } catch (const Json::exception& e) {  // e.g. out_of_range: a number too large for a double
        fail_at(file, 1, 1, "invalid JSON (" + std::string(e.what()) + ")");
    }
    if (!doc.is_array()) fail_at(file, 1, 1, "llama-bench JSON must be an array of test objects");
    const std::vector<ObjectPos> pos = scan_positions(text);
    std::vector<BenchRow> rows;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        int l = 1, c = 1;
        if (i < pos.size()) line_col_of(text, pos[i].start, &l, &c);
        if (!doc[i].is_object()) fail_at(file, l, c, "expected a test object");
        auto where = [&](const std::string& key, int* kl, int* kc) {
            *kl = l;
            *kc = c;
            if (i < pos.size() && pos[i].keys.count(key)) line_col_of(text, pos[i].keys.at(key), kl, kc);
        };
        rows.push_back(bench_row_from_object(doc[i], file, l, where));
    }
    return rows;
}

std::vector<BenchRow> parse_llama_bench_jsonl(const std::string& text, const std::string& file) {
    require_text(text, file);
    std::vector<BenchRow> rows;
    const std::vector<std::string> lines = split_lines(text);
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const int line_no = static_cast<int>(n) + 1;
        if (trim(lines[n]).empty()) continue;
        Json obj;
        try {
            obj = Json::parse(lines[n]);
        } catch (const Json::parse_error& e) {
            fail_at(file, line_no, static_cast<int>(e.byte > 0 ? e.byte : 1), "invalid JSON (" + std::string(e.what()) + ")");
        } catch (const Json::exception& e) {  // e.g. out_of_range: a number too large for a double
            fail_at(file, line_no, 1, "invalid JSON (" + std::string(e.what()) + ")");
        }
        if (!obj.is_object()) fail_at(file, line_no, 1, "expected one test object per line");
        const std::string& ln = lines[n];
        auto where = [&](const std::string& key, int* kl, int* kc) {
            *kl = line_no;
            const auto p = ln.find("\"" + key + "\"");
            *kc = p == std::string::npos ? 1 : static_cast<int>(p) + 1;
        };
        rows.push_back(bench_row_from_object(obj, file, line_no, where));
    }
    return rows;
}

}  // namespace edgetwin::calib
