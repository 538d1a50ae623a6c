#include "sim/core/paths.h"

#include <cstdlib>
#include <sys/stat.h>

namespace edgetwin {

std::string data_dir() {
    if (const char* env = std::getenv("EDGETWIN_DATA_DIR"); env && *env) return env;
    return std::string(EDGETWIN_SOURCE_DIR) + "/data";
}

bool file_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace edgetwin
