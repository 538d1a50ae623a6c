#include "analysis/bench/llama_bench_args.h"

#include <cerrno>
#include <cstdlib>
#include <map>

#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

const std::map<std::string, std::string>& single_dash_flags() {
    static const std::map<std::string, std::string> m{
        {"-m", "--model"},          {"-p", "--n-prompt"},        {"-n", "--n-gen"},
        {"-pg", "--prompt-gen"},    {"-ngl", "--n-gpu-layers"},  {"-t", "--threads"},
        {"-b", "--batch-size"},     {"-ub", "--ubatch-size"},    {"-fa", "--flash-attn"},
        {"-ctk", "--cache-type-k"}, {"-ctv", "--cache-type-v"},  {"-r", "--repetitions"},
        {"-o", "--output"},         {"-d", "--n-depth"},
    };
    return m;
}

long long to_int(const std::string& s, const std::string& flag, const std::string& whole) {
    if (s.empty()) throw UserError("command line", flag, "'" + whole + "' is not an integer list (e.g. 0,99 or 8-64+8)");
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (errno != 0 || end != s.c_str() + s.size())
        throw UserError("command line", flag, "'" + whole + "' is not an integer list (e.g. 0,99 or 8-64+8)");
    return v;
}

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::string::size_type a = 0;
    for (;;) {
        const auto b = text.find(sep, a);
        out.push_back(text.substr(a, b == std::string::npos ? std::string::npos : b - a));
        if (b == std::string::npos) break;
        a = b + 1;
    }
    return out;
}

}  // namespace

std::vector<std::string> rewrite_llama_bench_flags(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    out.reserve(args.size());
    for (const auto& a : args) {
        const auto it = single_dash_flags().find(a);
        out.push_back(it == single_dash_flags().end() ? a : it->second);
    }
    return out;
}

std::vector<std::string> llama_bench_short_flags() {
    std::vector<std::string> out;
    for (const auto& [flag, long_name] : single_dash_flags()) out.push_back(flag);
    return out;
}

std::vector<long long> parse_int_values(const std::string& text, const std::string& flag) {
    constexpr std::size_t kMaxValues = 100000;  // a typo like 1-1000000000 must not allocate gigabytes
    std::vector<long long> out;
    for (const auto& item : split(text, ',')) {
        const auto dash = item.find('-', 1);  // a leading '-' is a sign
        if (dash == std::string::npos) {
            out.push_back(to_int(item, flag, text));
            continue;
        }
        const long long first = to_int(item.substr(0, dash), flag, text);
        const std::string rest = item.substr(dash + 1);
        const auto op_at = rest.find_first_of("+*");
        const long long last = to_int(rest.substr(0, op_at), flag, text);
        const char op = op_at == std::string::npos ? '+' : rest[op_at];
        const long long step = op_at == std::string::npos ? 1 : to_int(rest.substr(op_at + 1), flag, text);
        if (last < first || (op == '+' && step < 1) || (op == '*' && (step < 2 || first < 1)))
            throw UserError("command line", flag,
                            "range '" + item + "' is empty or never ends (allowed: first-last, first-last+step with step >= 1, "
                            "first-last*factor with factor >= 2 and first >= 1)");
        for (long long v = first; v <= last; v = op == '+' ? v + step : v * step) {
            out.push_back(v);
            if (out.size() > kMaxValues)
                throw UserError("command line", flag, "'" + text + "' expands to more than 100000 values");
        }
    }
    return out;
}

std::vector<std::string> parse_word_values(const std::string& text, const std::string& flag) {
    std::vector<std::string> out = split(text, ',');
    for (const auto& w : out)
        if (w.empty()) throw UserError("command line", flag, "'" + text + "' has an empty item (e.g. f16,q8_0)");
    return out;
}

}  // namespace edgetwin
