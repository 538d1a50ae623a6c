#include "sim/core/json_io.h"

#include <algorithm>
#include <set>
#include <vector>

#include "sim/core/input_file.h"
#include "sim/core/user_error.h"

namespace edgetwin {

namespace {

// Refuses nesting deeper than any real scenario (our own code walks values recursively, so a file of
// 100,000 '[' would overflow the stack) and keys given twice in one object (last-wins would hide a typo'd
// edit). Object keys are tracked per depth; the key path names where the duplicate is.
class JsonGuard {
public:
    explicit JsonGuard(const std::string& origin) : origin_(origin) {}

    bool operator()(int depth, Json::parse_event_t event, Json& parsed) {
        const std::size_t d = static_cast<std::size_t>(depth);
        switch (event) {
            case Json::parse_event_t::object_start:
            case Json::parse_event_t::array_start:
                if (depth >= kMaxJsonDepth)
                    throw UserError(origin_, path(d), "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
                if (event == Json::parse_event_t::object_start) {
                    if (keys_.size() <= d + 1) keys_.resize(d + 2);
                    keys_[d + 1].clear();
                }
                if (names_.size() <= d + 1) names_.resize(d + 2);
                names_[d + 1].clear();
                break;
            case Json::parse_event_t::key: {
                const std::string& key = parsed.get_ref<const std::string&>();
                if (keys_.size() <= d) keys_.resize(d + 1);
                if (!keys_[d].insert(key).second)
                    throw UserError(origin_, join_key(path(d), brief(key)), "key given twice in the same object");
                if (names_.size() <= d) names_.resize(d + 1);
                names_[d] = key;
                break;
            }
            default:
                break;
        }
        return true;
    }

private:
    std::string path(std::size_t depth) const {
        std::string out;
        for (std::size_t i = 1; i < depth && i < names_.size(); ++i)
            if (!names_[i].empty()) out = join_key(out, brief(names_[i]));
        return out;
    }
    static constexpr int kMaxJsonDepth = 64;
    const std::string& origin_;
    std::vector<std::set<std::string>> keys_;
    std::vector<std::string> names_;
};

}  // namespace

Json parse_json_text(const std::string& text, const std::string& origin) {
    try {
        return Json::parse(text, JsonGuard(origin), /*allow_exceptions=*/true, /*ignore_comments=*/true);
    } catch (const Json::parse_error& e) {
        // Convert the byte offset into line:column, which is what an editor shows.
        std::size_t pos = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
        std::size_t line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n');
        std::size_t line_start = text.rfind('\n', pos == 0 ? 0 : pos - 1);
        std::size_t col = line_start == std::string::npos ? pos + 1 : pos - line_start;
        std::string what = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] parse error at line..., column...: "
        auto colon = what.find(": ", what.find("parse error"));
        std::string reason = brief(colon == std::string::npos ? what : what.substr(colon + 2), 160);
        throw UserError(origin, "", "malformed JSON at line " + std::to_string(line) + " column " +
                                        std::to_string(col) + ": " + reason);
    } catch (const Json::exception& e) {  // out_of_range: a number that does not fit a double
        throw UserError(origin, "", "unreadable JSON: " + brief(e.what(), 160));
    }
}

Json load_json_file(const std::string& path) {
    return parse_json_text(strip_utf8_bom(read_input_file(path, "JSON", kMaxJsonInputBytes)), path);
}

const Json& require_field(const Json& obj, const std::string& key, const std::string& file, const std::string& path) {
    if (!obj.is_object()) throw UserError(file, path, "expected an object");
    auto it = obj.find(key);
    if (it == obj.end()) throw UserError(file, join_key(path, key), "required key is missing");
    return *it;
}

std::string require_string(const Json& obj, const std::string& key, const std::string& file, const std::string& path) {
    const Json& v = require_field(obj, key, file, path);
    if (!v.is_string()) throw UserError(file, join_key(path, key), "expected a string, got " + brief(v.dump()));
    return v.get<std::string>();
}

std::string optional_string(const Json& obj, const std::string& key, const std::string& fallback, const std::string& file,
                            const std::string& path) {
    if (!obj.is_object() || !obj.contains(key)) return fallback;
    const Json& v = obj[key];
    if (!v.is_string()) throw UserError(file, join_key(path, key), "expected a string, got " + brief(v.dump()));
    return v.get<std::string>();
}

void reject_unknown_keys(const Json& obj, const std::vector<std::string>& allowed, const std::string& file,
                         const std::string& path) {
    if (!obj.is_object()) throw UserError(file, path, "expected an object, got " + brief(obj.dump()));
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            throw UserError(file, join_key(path, it.key()), "unknown key (allowed: " + list + ")");
        }
    }
}

}  // namespace edgetwin
