#pragma once
// Where bundled data (platform presets, model cards) lives: $EDGETWIN_DATA_DIR, else <source>/data.
#include <string>

namespace edgetwin {

std::string data_dir();
bool file_exists(const std::string& path);

}  // namespace edgetwin
