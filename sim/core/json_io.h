#pragma once
// Reading JSON inputs (scenarios, presets, model cards): comments allowed, errors name file and line.
#include <nlohmann/json.hpp>
#include <string>

namespace edgetwin {

using Json = nlohmann::json;

// Throws UserError("path", "", "...line L column C: ...") for unreadable or malformed files.
Json load_json_file(const std::string& path);
// Same rules for text already in memory; `origin` names it in errors.
Json parse_json_text(const std::string& text, const std::string& origin);

// Type-checked field access that names the file and key path on failure.
const Json& require_field(const Json& obj, const std::string& key, const std::string& file, const std::string& path);
std::string require_string(const Json& obj, const std::string& key, const std::string& file, const std::string& path);
// The string at `key`, or `fallback` if absent; a value of another type is a UserError (unlike Json::value,
// which throws nlohmann's type_error).
std::string optional_string(const Json& obj, const std::string& key, const std::string& fallback, const std::string& file,
                            const std::string& path);
// Rejects keys of `obj` not in `allowed`, listing the allowed ones.
void reject_unknown_keys(const Json& obj, const std::vector<std::string>& allowed, const std::string& file,
                         const std::string& path);

}  // namespace edgetwin
