#pragma once
// Where bundled data (platform presets, model cards) lives: $EDGETWIN_DATA_DIR, else the installed copy
// (<prefix>/share/edgetwin/data beside the binary or library), else <source>/data (a build tree).
#include <string>

namespace edgetwin {

std::string data_dir();
bool file_exists(const std::string& path);

}  // namespace edgetwin
