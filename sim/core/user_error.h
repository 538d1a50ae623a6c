#pragma once
// The one exception type for mistakes a user can fix (bad file, key, value, unknown name).
// The CLI prints what() on one line and exits with code 2; anything else is an internal error (exit 1).
#include <stdexcept>
#include <string>

namespace edgetwin {

class UserError : public std::runtime_error {
public:
    // file: the input file (or "command line"); key_path: dotted path inside it, may be empty.
    UserError(std::string file, std::string key_path, const std::string& detail)
        : std::runtime_error(compose(file, key_path, detail)),
          file_(std::move(file)),
          key_path_(std::move(key_path)),
          detail_(detail) {}

    const std::string& file() const { return file_; }
    const std::string& key_path() const { return key_path_; }
    const std::string& detail() const { return detail_; }

private:
    static std::string compose(const std::string& file, const std::string& key, const std::string& detail) {
        std::string out = file.empty() ? std::string() : file + ": ";
        if (!key.empty()) out += key + ": ";
        return out + detail;
    }
    std::string file_, key_path_, detail_;
};

// Joins "a.b" and "c" into "a.b.c"; array indices are written by the caller as "[3]".
inline std::string join_key(const std::string& parent, const std::string& child) {
    if (parent.empty()) return child;
    if (!child.empty() && child.front() == '[') return parent + child;
    return parent + "." + child;
}

}  // namespace edgetwin
