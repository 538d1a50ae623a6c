#pragma once
// Removes design points from a result file: their /points rows and /runs groups. A resumed sweep
// uses it to retry the points that failed last time, so a file never holds a failed row and a
// successful row for the same configuration.
#include <set>
#include <string>

namespace edgetwin {

// Drops every row whose config_hash is in `hashes`; returns how many rows went. Throws UserError
// (path, "", "cannot update result file: ...") if the file cannot be rewritten.
std::size_t drop_point_rows(const std::string& path, const std::set<std::string>& hashes);

}  // namespace edgetwin
