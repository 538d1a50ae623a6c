#pragma once
// HDF5 result store: one file per run or sweep, readable by h5py/pandas without our code.
//
// Layout (schema_version 1):
//   /                      attrs schema_version (int32), edgetwin_version, git_commit, created_utc
//                          (ISO 8601), scenario (JSON text, only if given); strings are VL UTF-8.
//   /points                1-D compound table, chunked, unlimited, gzip; one row per design point
//                          (columns: point_columns()); attrs `units`, `descriptions` (JSON text
//                          mapping column -> unit / one-line description).
//   /runs/<run>/           one group per row (<run> = the row's `run` column, normally the config
//                          hash); attrs config (resolved configuration, JSON text), config_hash,
//                          memory_levels (JSON list), error (failed points only).
//     ops                  per-op aggregates: name, phase, kind, layer, calls, time_s, compute_s,
//                          memory_s, overhead_s, macs, flops, energy_J, bound, then one scalar
//                          column per memory level: read_B_<level>, write_B_<level> (level names
//                          reduced to [A-Za-z0-9_]; dataset attr memory_levels lists the original
//                          names in column order). Flat scalar columns so `pd.DataFrame(ds[:])`
//                          works directly (pandas rejects array-valued members).
//     timeline, memory, alerts   compound tables (columns in h5_result_layout.cpp).
//   Every table has `units` and `descriptions` attributes. Strings in tables are fixed-length,
//   null-padded UTF-8 (h5py returns bytes: use .decode() or pandas' .str.decode("utf-8")).
//   Failed points have a /points row (status "error", metrics NaN) and a /runs group holding only
//   attributes. pandas.read_hdf(path, "points") reads /points (PyTables maps a compound dataset to a
//   generic table); h5py reads every table.
#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/core/user_error.h"
#include "sim/engine/run_result.h"

namespace edgetwin {

inline constexpr int kResultSchemaVersion = 1;

// How much of each run a result file keeps (--store): only its /points row (and a /runs group with
// its configuration), the small per-run tables too (memory, alerts, rails), or everything (ops and
// the per-token timeline as well, ~15-40 kB a point).
enum class StoreLevel { Points, Summary, Full };
// "points" | "summary" | "full"; UserError(origin, key, ...) otherwise.
StoreLevel parse_store_level(const std::string& text, const std::string& origin, const std::string& key);
const char* store_level_name(StoreLevel level);

// One /points row as read back.
struct PointRow {
    std::string config_hash;
    std::string platform, runtime, model, quant, fidelity;
    std::string status;  // "ok" or "error"
    std::string error;   // empty when ok; cut to the column width (full text: /runs/<run> attr error)
    int n_prompt = 0, n_gen = 0, batch = 0, ctx = 0, threads = 0;
    double clock_hz = 0, cpu_clock_hz = 0, gpu_clock_hz = 0;
    double ttft_s = 0, prefill_s = 0, prefill_tok_s = 0, decode_s = 0, decode_tok_s = 0;
    double latency_p50_s = 0, latency_p95_s = 0, latency_p99_s = 0;
    // 80 % band of the validation corpus for this runtime/family (analysis/validation/bands.h); NaN: none
    double decode_tok_s_lo = 0, decode_tok_s_hi = 0, prefill_tok_s_lo = 0, prefill_tok_s_hi = 0;
    double total_s = 0, energy_J = 0, energy_per_token_J = 0, avg_power_W = 0;
    double peak_temperature_C = 0, peak_memory_B = 0;
    std::string bottleneck;                               // bound_name(), empty for failed points
    std::array<double, kOpClassCount> op_class_share{};  // columns share_<op_class_name>
    double sim_wall_s = 0;
    std::string run;  // name of the /runs group
    // Run-defining settings: KV-cache type, power mode (empty: the platform has none), -ngl (-1: all).
    std::string kv_type, power_mode;
    int gpu_layers = -1;
    // A sweep's axis values, one per axis column of the file (sweep.axes keys, after the fixed columns):
    // numbers for numeric axes, strings otherwise; null where the point has no value.
    std::vector<Json> axis_values;
};

// Names of the fixed /points columns in file order (a sweep's axis columns follow them).
std::vector<std::string> point_columns();

// The file system refused a write to a result file (full disk, file size limit, I/O error).
// detail() is "cannot write result file: <cause>"; cause() e.g. "disk full (No space left on
// device)", remedy() e.g. "free space".
class ResultWriteError : public UserError {
public:
    ResultWriteError(const std::string& path, int err);
    const std::string& cause() const { return cause_; }
    const std::string& remedy() const { return remedy_; }

private:
    std::string cause_, remedy_;
};

// Appends design points to a result file as they finish. Each append writes the /runs/<run>
// group first and the /points row last, then flushes (H5Fflush), so after a return the row is
// on disk and a row never points at a half-written group. A writer killed between appends leaves
// the file as of the last flush; one killed inside an append may leave the file damaged, since
// HDF5 1.10 has no journaling (SWMR cannot create groups), so a sweep that must survive SIGKILL
// should write per-shard files and merge them. A write the file system refuses (full disk, `ulimit
// -f`) does not damage it: the file goes through the driver of h5_safe_vfd.h, which leaves it as of
// the last successful append; that append throws ResultWriteError, and so does every later append
// and close() (Create mode removes the file if not even the empty tables reached the disk).
class ResultAppender {
public:
    enum class Mode {
        Create,  // new file at `path`, replacing any file there
        Resume   // existing result file: checks schema_version, keeps its root attributes
    };
    // Throws UserError(path, "", "cannot create result file: ...") / ("cannot open result file: ...").
    ResultAppender(const std::string& path, Mode mode, const Json& scenario = Json());
    ~ResultAppender();  // closes; errors are swallowed (call close() to see them)
    ResultAppender(ResultAppender&&) noexcept;
    ResultAppender& operator=(ResultAppender&&) noexcept;
    ResultAppender(const ResultAppender&) = delete;
    ResultAppender& operator=(const ResultAppender&) = delete;

    // A finished point; returns the /runs group name used. `point` is the point's scenario JSON (a
    // sweep's): its axis values fill the axis columns.
    std::string append(const RunResult& r, const Json& point = Json());
    // A point that failed: `r` needs only its identity fields (hash, names, settings, config); the
    // settings it asked for are taken from `point` where `r` lacks them.
    std::string append_failed(const RunResult& r, const std::string& error, const Json& point = Json());

    // What each later append keeps (default Full); recorded in the root attribute `store`.
    void set_store(StoreLevel level);
    std::size_t rows() const;
    // config_hash of every row in the file, failed points included (a resume that retries failures
    // should filter read_points_h5() by status instead).
    const std::set<std::string>& hashes() const;
    void close();  // flushes and closes; further appends throw std::logic_error

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Writes results to `path` atomically: to "<path>.tmp.<pid>" first, renamed when complete; on
// any failure the temp file is removed and `path` is left as it was. An unwritable location throws
// UserError(path, "", "cannot create result file: <reason>"). `errors`, if not empty, is parallel to
// `runs`: a non-empty entry marks that point as failed with that text. `scenario` may be null.
void write_results_h5(const std::string& path, const std::vector<RunResult>& runs, const Json& scenario,
                      const std::vector<std::string>& errors = {}, StoreLevel store = StoreLevel::Full);

// Checks before simulating that `path` can be created: claims it as this command's output `what`
// (refusing a device, FIFO, directory, symbolic link or one of the command's inputs, see
// sim/core/output_guard.h), removes temp files of dead processes, and creates and removes the temp
// name; throws UserError as above.
void check_output_writable(const std::string& path, const std::string& what = "result file");

// Creates `path` through `write(temp_path)`: a temporary file in the same directory, renamed to `path`
// only when `write` returns, removed otherwise, so an interrupted write never leaves a half file.
// HDF5 library failures become a UserError naming `path`.
void write_file_atomically(const std::string& path, const std::function<void(const std::string& temp)>& write);

// Current UTC time as ISO 8601 ("2026-12-01T17:00:00Z"), for the files' created_utc attribute.
std::string utc_timestamp();

// Reads /points back. Throws UserError(path, "", "cannot read result file: ...") when the file is
// missing, not HDF5, not a result file, or of another schema_version.
std::vector<PointRow> read_points_h5(const std::string& path);

}  // namespace edgetwin
