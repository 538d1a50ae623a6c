#pragma once
// Column definitions of the result file's tables (schema_version 1) and the conversions between
// the result model and table rows. Kept apart from the file handling in h5_store.cpp.
#include <string>

#include "analysis/h5_store.h"
#include "analysis/h5_table.h"

namespace edgetwin::h5result {

// Fixed string widths (bytes) of /points; longer values are cut at a UTF-8 boundary.
inline constexpr std::size_t kHashWidth = 16;
inline constexpr std::size_t kNameWidth = 64;
inline constexpr std::size_t kErrorWidth = 256;

const h5::RowLayout& points_layout();
void encode_point(const PointRow& p, unsigned char* row);
PointRow decode_point(const unsigned char* row);
// The /points row of a run; a non-empty `error` marks it failed (metrics NaN, no bottleneck).
PointRow point_row_of(const RunResult& r, const std::string& error, const std::string& run);

// Writes ops, timeline, memory, alerts and rails tables into `group`. Throws std::invalid_argument when
// an op's per-level byte vectors do not match r.memory_levels (a broken invariant of the engine).
void write_run_tables(hid_t group, const RunResult& r);

// Level name reduced to [A-Za-z0-9_] for use inside a column name.
std::string column_safe(const std::string& name);

}  // namespace edgetwin::h5result
