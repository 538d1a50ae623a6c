#include "sim/core/paths.h"

#include <dlfcn.h>

#include <cstdlib>
#include <sys/stat.h>

namespace edgetwin {
namespace {

bool dir_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// <prefix>/share/edgetwin/data beside the installed binary or library holding this code
// (<prefix>/bin/edgetwin, <prefix>/lib/libedgetwin.so); empty in a build tree.
std::string installed_data_dir() {
    Dl_info info{};
    if (::dladdr(reinterpret_cast<void*>(&installed_data_dir), &info) == 0 || info.dli_fname == nullptr) return {};
    std::string object = info.dli_fname;
    const auto slash = object.rfind('/');
    if (slash == std::string::npos) return {};
    const std::string candidate = object.substr(0, slash) + "/../share/edgetwin/data";
    return dir_exists(candidate + "/platforms") ? candidate : std::string();
}

}  // namespace

std::string data_dir() {
    if (const char* env = std::getenv("EDGETWIN_DATA_DIR"); env && *env) return env;
    static const std::string installed = installed_data_dir();
    if (!installed.empty()) return installed;
    return std::string(EDGETWIN_SOURCE_DIR) + "/data";
}

bool file_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace edgetwin
