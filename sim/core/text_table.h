#pragma once
// Human tables that stay aligned whatever the names' lengths: columns as wide as their widest cell
// (UTF-8 characters, not bytes), two spaces apart, the last column unpadded.
#include <string>
#include <vector>

namespace edgetwin {

// `right` lists the columns to right-align (numbers); the header is printed first.
std::string format_text_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                              const std::vector<std::size_t>& right = {});

}  // namespace edgetwin
