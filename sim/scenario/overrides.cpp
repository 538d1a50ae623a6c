#include <algorithm>
#include <cctype>
#include <limits>

#include "sim/core/input_file.h"
#include "sim/core/user_error.h"
#include "sim/scenario/scenario.h"

namespace edgetwin {
namespace {

// Splits "memories[0].efficiency" into {"memories", "[0]", "efficiency"}.
std::vector<std::string> split_path(const std::string& path, const std::string& origin, const std::string& key) {
    std::vector<std::string> parts;
    std::string cur;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '.') {
            if (!cur.empty()) parts.push_back(cur);
            cur.clear();
        } else if (c == '[') {
            if (!cur.empty()) parts.push_back(cur);
            const auto close = path.find(']', i);
            if (close == std::string::npos) throw UserError(origin, key, "unclosed '[' in override path '" + path + "'");
            parts.push_back(path.substr(i, close - i + 1));
            cur.clear();
            i = close;
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) parts.push_back(cur);
    if (parts.empty()) throw UserError(origin, key, "empty override path");
    return parts;
}

}  // namespace

void apply_overrides(Json& target, const Json& overrides, const std::string& origin, const std::string& key) {
    if (!overrides.is_object())
        throw UserError(origin, key, "expected an object of \"path.to.key\": value, got " + brief(overrides.dump()));
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        const std::string where = join_key(key, it.key());
        const auto parts = split_path(it.key(), origin, where);
        Json* node = &target;
        for (std::size_t p = 0; p + 1 < parts.size(); ++p) {
            const std::string& part = parts[p];
            if (part.front() == '[') {
                const std::string digits = part.substr(1, part.size() - 2);
                if (digits.empty() || !std::all_of(digits.begin(), digits.end(), ::isdigit))
                    throw UserError(origin, where, "bad index '" + brief(part) + "'");
                // Longer than 9 digits cannot be an index of any preset list (and would overflow).
                const std::size_t idx = digits.size() > 9 ? std::numeric_limits<std::size_t>::max() : std::stoul(digits);
                if (!node->is_array() || idx >= node->size())
                    throw UserError(origin, where, "index " + brief(part) + " does not exist in the preset (" +
                                                       (node->is_array() ? std::to_string(node->size()) + " entries" : "not a list") + ")");
                node = &(*node)[idx];
            } else {
                if (!node->is_object() || !node->contains(part))
                    throw UserError(origin, where, "'" + part + "' does not exist in the preset");
                node = &(*node)[part];
            }
        }
        const std::string& leaf = parts.back();
        if (leaf.front() == '[') throw UserError(origin, where, "an override must end in a key, not an index");
        if (!node->is_object()) throw UserError(origin, where, "parent of '" + leaf + "' is not an object");
        (*node)[leaf] = it.value();
    }
}

}  // namespace edgetwin
