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

// A sweep axis as a /points column after the fixed ones, named by its scenario key made an
// identifier ("hardware.freq" -> hardware_freq, "hardware.set.memories[0].efficiency" ->
// hardware_set_memories_0__efficiency): F64 when every listed value (or a {min, max} range) is a
// number, else text.
struct AxisColumn {
    std::string name;
    bool numeric = false;
};
// The axis columns of a scenario (its "sweep.axes"); empty for a single run or no scenario.
std::vector<AxisColumn> axis_columns(const Json& scenario);
// The value of axis `name` in one point's scenario JSON (null if it has none).
Json axis_value(const Json& point_scenario, const std::string& name);

// The /points layout of an open result file: the fixed columns, then the axes of its stored sweep
// (root attribute `scenario`). Throws h5::Failure if that attribute is not JSON.
h5::RowLayout points_layout_of_file(hid_t file);

// The fixed /points columns, then `axes`.
h5::RowLayout points_layout(const std::vector<AxisColumn>& axes);
const h5::RowLayout& points_layout();  // no axes
// `layout` is points_layout(axes) of the same axes; p.axis_values is parallel to them (missing: null).
void encode_point(const PointRow& p, const h5::RowLayout& layout, unsigned char* row);
PointRow decode_point(const unsigned char* row, const h5::RowLayout& layout);
// The /points row of a run; a non-empty `error` marks it failed (metrics NaN, no bottleneck).
PointRow point_row_of(const RunResult& r, const std::string& error, const std::string& run);

// Writes ops, timeline, memory, alerts and rails tables into `group`. Throws std::invalid_argument when
// an op's per-level byte vectors do not match r.memory_levels (a broken invariant of the engine).
// `store` Summary keeps memory, alerts and rails only; Points writes nothing.
void write_run_tables(hid_t group, const RunResult& r, StoreLevel store = StoreLevel::Full);

// Level name reduced to [A-Za-z0-9_] for use inside a column name.
std::string column_safe(const std::string& name);

}  // namespace edgetwin::h5result
