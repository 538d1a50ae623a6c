#include "sim/core/json_io.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "sim/core/user_error.h"

namespace edgetwin {

Json parse_json_text(const std::string& text, const std::string& origin) {
    try {
        return Json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
    } catch (const Json::parse_error& e) {
        // Convert the byte offset into line:column, which is what an editor shows.
        std::size_t pos = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
        std::size_t line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n');
        std::size_t line_start = text.rfind('\n', pos == 0 ? 0 : pos - 1);
        std::size_t col = line_start == std::string::npos ? pos + 1 : pos - line_start;
        std::string what = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] parse error at line..., column...: "
        auto colon = what.find(": ", what.find("parse error"));
        std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
        throw UserError(origin, "", "malformed JSON at line " + std::to_string(line) + " column " +
                                        std::to_string(col) + ": " + reason);
    } catch (const Json::exception& e) {  // out_of_range: a number that does not fit a double
        throw UserError(origin, "", std::string("unreadable JSON: ") + e.what());
    }
}

Json load_json_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UserError(path, "", "cannot open file for reading");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_json_text(ss.str(), path);
}

const Json& require_field(const Json& obj, const std::string& key, const std::string& file, const std::string& path) {
    if (!obj.is_object()) throw UserError(file, path, "expected an object");
    auto it = obj.find(key);
    if (it == obj.end()) throw UserError(file, join_key(path, key), "required key is missing");
    return *it;
}

std::string require_string(const Json& obj, const std::string& key, const std::string& file, const std::string& path) {
    const Json& v = require_field(obj, key, file, path);
    if (!v.is_string()) throw UserError(file, join_key(path, key), "expected a string, got " + v.dump());
    return v.get<std::string>();
}

void reject_unknown_keys(const Json& obj, const std::vector<std::string>& allowed, const std::string& file,
                         const std::string& path) {
    if (!obj.is_object()) throw UserError(file, path, "expected an object, got " + obj.dump());
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            throw UserError(file, join_key(path, it.key()), "unknown key (allowed: " + list + ")");
        }
    }
}

}  // namespace edgetwin
