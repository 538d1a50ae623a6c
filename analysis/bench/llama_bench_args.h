#pragma once
// llama-bench's command-line conventions: single-dash multi-letter flags (-ngl, -pg, -ctk) and value
// lists with ranges (tools/llama-bench/llama-bench.cpp parse_int_range / string_split).
#include <string>
#include <vector>

namespace edgetwin {

// Rewrites llama-bench's single-dash flags (-ngl 99, -pg 512,128, -fa 1, ...) to the long options of
// `edgetwin bench`, which CLI11 can parse; everything else passes through unchanged.
std::vector<std::string> rewrite_llama_bench_flags(const std::vector<std::string>& args);
// Those single-dash flags (-ngl, -pg, ...), for shell completion.
std::vector<std::string> llama_bench_short_flags();

// "1,2,4", "0-99" (every integer), "8-64+8" (step), "1-16*2" (factor), mixed with commas, as
// llama-bench's parse_int_range takes them. `flag` names the option in errors.
std::vector<long long> parse_int_values(const std::string& text, const std::string& flag);
// Comma list of words ("f16,q8_0"); empty items are refused.
std::vector<std::string> parse_word_values(const std::string& text, const std::string& flag);

}  // namespace edgetwin
