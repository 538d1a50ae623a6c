// Picks the llama-bench output format from the first non-blank character (formats.md §8).
#include "analysis/calibration/trace_parsers.h"

namespace edgetwin::calib {

std::vector<BenchRow> parse_llama_bench(const std::string& text, const std::string& file) {
    const std::size_t p = text.find_first_not_of(" \t\r\n");
    if (p == std::string::npos) fail_at(file, 1, 1, "empty llama-bench output");
    switch (text[p]) {
        case '[': return parse_llama_bench_json(text, file);
        case '{': return parse_llama_bench_jsonl(text, file);
        case '|': return parse_llama_bench_markdown(text, file);
        default: break;
    }
    const std::string head = lower(text.substr(p, 12));
    if (starts_with(head, "create table") || starts_with(head, "insert into")) return parse_llama_bench_sql(text, file);
    return parse_llama_bench_csv(text, file);
}

}  // namespace edgetwin::calib
