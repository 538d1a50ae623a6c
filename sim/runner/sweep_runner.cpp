#include "sim/runner/sweep_runner.h"

#include <omp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <set>

#include "analysis/h5_drop_rows.h"
#include "analysis/h5_store.h"
#include "analysis/output_kind.h"
#include "sim/core/input_file.h"
#include "sim/core/output_guard.h"
#include "sim/core/paths.h"
#include "sim/core/user_error.h"
#include "sim/engine/run_result_json.h"
#include "sim/runner/simulate.h"
#include "sim/runner/sweep_progress.h"
#include "sim/runner/sweep_spec.h"
#include "sim/runner/worker_pool.h"
#include "sim/scenario/scenario.h"

namespace edgetwin {
namespace {

struct PreparedPoint {
    std::size_t index = 0;        // position in the expanded sweep
    std::optional<DesignPoint> point;
    RunResult identity;           // names/hash for an error row
    std::string error;            // resolution error, if any
    std::string error_key;        // the scenario key it names ("hardware.freq"), if any
};

std::string fnv_hex(const std::string& text) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string text_at(const Json& j, const char* section, const char* key) {
    if (!j.contains(section) || !j[section].contains(key)) return "";
    const Json& v = j[section][key];
    return v.is_string() ? v.get<std::string>() : v.dump();
}

PreparedPoint prepare(const Json& scenario, std::size_t index, const std::string& file) {
    PreparedPoint p;
    p.index = index;
    const std::string origin = file + " (sweep point " + std::to_string(index) + ")";
    try {
        const ScenarioInputs in = read_scenario_json(scenario, origin);
        DesignPoint dp = resolve_design_point(in);
        build_validated_platform(dp, in);  // validates settings and overrides now, not in a worker
        p.identity.config_hash = dp.config_hash();
        p.point = std::move(dp);
    } catch (const UserError& e) {
        p.error = e.what();
        p.error_key = e.key_path();
        p.identity.config_hash = fnv_hex(scenario.dump());  // identifies the unresolvable combination
    }
    RunResult& id = p.identity;
    id.model = text_at(scenario, "workload", "model");
    id.quant = text_at(scenario, "workload", "quant");
    id.platform = text_at(scenario, "hardware", "platform");
    id.runtime = text_at(scenario, "runtime", "profile");
    id.fidelity = text_at(scenario, "run", "fidelity");
    id.config = scenario;
    return p;
}

Json reply_of(const PreparedPoint& p) {
    try {
        RunResult r = simulate(*p.point);
        return Json{{"ok", true}, {"result", run_result_to_json(r)}};
    } catch (const UserError& e) {
        return Json{{"ok", false}, {"error", e.what()}};
    }
}

// An axis value no point can use (a clock outside the preset's range, an unknown quant) is a mistake
// in the sweep: refuse it before the first point runs instead of recording a failed row per point.
// The first point carrying each value is resolved; a failure that names the axis's own key is the value's.
void check_axis_values(const ExpandedSweep& sweep, const std::string& file) {
    for (const auto& [axis, values] : sweep.first_point_with_value)
        for (const auto& [value, index] : values) {
            const PreparedPoint p = prepare(sweep.points[index], index, file);
            if (p.point) continue;
            const bool names_axis = p.error_key == axis || p.error_key.rfind(axis + ".", 0) == 0 ||
                                    p.error_key.rfind(axis + "[", 0) == 0;
            if (!names_axis) continue;  // a combination that fails (e.g. does not fit) is a failed point
            const std::string detail = p.error.substr(p.error.find(p.error_key + ": ") + p.error_key.size() + 2);
            throw UserError(file, "sweep.axes." + axis, "value " + brief(value) + ": " + detail);
        }
}

// A resumed file must hold this very sweep: rows of two sweeps in one file cannot be told apart.
void check_same_sweep(const std::string& path, const Json& scenario, const std::string& file) {
    const std::optional<Json> stored = stored_scenario(path);
    if (!stored || *stored != scenario)
        throw UserError(path, "", "holds " + std::string(stored ? "a different sweep" : "no sweep scenario") +
                                      " than " + file + "; resuming would mix them (use --fresh to replace it, or another -o)");
}

std::set<std::string> failed_point_hashes(const std::string& path) {
    std::set<std::string> failed;
    for (const PointRow& row : read_points_h5(path))
        if (row.status != "ok") failed.insert(row.config_hash);
    return failed;
}

}  // namespace

SweepReport run_sweep(const Json& scenario, const std::string& file, const SweepOptions& opt) {
    const auto t0 = std::chrono::steady_clock::now();
    SweepReport rep;
    const ExpandedSweep sweep = expand_sweep(scenario, file);
    rep.generated = sweep.generated;
    rep.dropped_by = sweep.dropped;
    for (const auto& [k, n] : sweep.dropped) rep.dropped += static_cast<std::size_t>(n);

    // A misspelt axis key or a malformed axis value is a mistake in the sweep, not a failed point:
    // check every point's structure (keys, types, units) before the output file is touched.
    for (std::size_t i = 0; i < sweep.points.size(); ++i) {
        try {
            read_scenario_json(sweep.points[i], file);
        } catch (const UserError& e) {
            throw UserError(file, "sweep", "point " + std::to_string(i) + " is malformed: " + e.key_path() + ": " +
                                               e.detail());
        }
    }

    check_axis_values(sweep, file);

    const bool resume = !opt.fresh && file_exists(opt.output);
    std::set<std::string> retry;  // failed points of an earlier run, simulated again
    if (resume) {
        check_same_sweep(opt.output, scenario, file);
        if (opt.retry_failed) retry = failed_point_hashes(opt.output);
        else rep.failed_kept = failed_point_hashes(opt.output).size();
    } else {
        check_output_writable(opt.output);
    }
    rep.retried = drop_point_rows(opt.output, retry);
    ResultAppender out(opt.output, resume ? ResultAppender::Mode::Resume : ResultAppender::Mode::Create, scenario);
    out.set_store(opt.store);

    // Points are resolved and run in chunks so memory stays flat however large the sweep is; the
    // first of identical configurations runs and finished ones (resume) are skipped.
    std::set<std::string> seen = out.hashes();
    std::vector<std::size_t> mine;
    for (std::size_t i = 0; i < sweep.points.size(); ++i)
        if (static_cast<int>(i % static_cast<std::size_t>(opt.shard_count)) == opt.shard_index) mine.push_back(i);
    rep.in_shard = mine.size();
    SweepProgress progress(mine.size(), opt.progress_tty);
    std::size_t done = 0;
    auto record = [&](const PreparedPoint& p, const Json& reply) {
        const DeferInterrupts hold;  // Ctrl-C waits until the point is on disk
        try {
            if (reply.value("ok", false)) {
                out.append(run_result_from_json(reply["result"]), sweep.points[p.index]);
                ++rep.ran;
            } else {
                out.append_failed(p.identity, reply.value("error", "unknown error"), sweep.points[p.index]);
                ++rep.failed;
            }
        } catch (const ResultWriteError& e) {
            // Full disk or file size limit: the file keeps every point appended before (h5_safe_vfd.h).
            if (opt.progress_tty) std::fputc('\n', stderr);  // end the progress bar's line
            const std::string kept = std::to_string(out.rows());
            throw UserError(opt.output, "", e.cause() + " after " + kept + " of " + std::to_string(mine.size()) +
                                                " points; the file keeps " +
                                                (out.rows() == 1 ? "that point" : "those " + kept + " points") + ": " +
                                                e.remedy() + " and rerun the same command to resume");
        }
        progress.update(++done, rep.failed);
    };

    constexpr std::size_t kChunk = 1024;
    for (std::size_t begin = 0; begin < mine.size(); begin += kChunk) {
        std::vector<PreparedPoint> chunk;
        for (std::size_t k = begin; k < std::min(mine.size(), begin + kChunk); ++k) {
            PreparedPoint p = prepare(sweep.points[mine[k]], mine[k], file);
            if (!seen.insert(p.identity.config_hash).second) {
                ++rep.skipped;
                progress.update(++done, rep.failed);
                continue;
            }
            chunk.push_back(std::move(p));
        }
        std::vector<const PreparedPoint*> runnable;
        bool any_tlm = false;
        for (const auto& p : chunk) {
            if (!p.point) {
                record(p, Json{{"ok", false}, {"error", p.error}});
                continue;
            }
            runnable.push_back(&p);
            any_tlm |= p.point->fidelity != "analytic";
        }
        if (opt.jobs <= 1 || runnable.size() <= 1) {
            for (const auto* p : runnable) record(*p, reply_of(*p));
        } else if (!any_tlm) {
            // Analytic points are independent and thread-safe; HDF5 is not, so writes are serial.
            // An exception must not leave the parallel region (std::terminate): the first is kept.
            std::exception_ptr write_error;
            std::atomic<bool> stop{false};
#pragma omp parallel for schedule(dynamic) num_threads(opt.jobs)
            for (std::size_t k = 0; k < runnable.size(); ++k) {
                if (stop) continue;
                const Json reply = reply_of(*runnable[k]);
#pragma omp critical(edgetwin_sweep_write)
                if (!stop) {
                    try {
                        record(*runnable[k], reply);
                    } catch (...) {
                        write_error = std::current_exception();
                        stop = true;
                    }
                }
            }
            if (write_error) std::rethrow_exception(write_error);
        } else {
            run_in_workers(
                runnable.size(), opt.jobs, [&](std::size_t k) { return reply_of(*runnable[k]); },
                [&](std::size_t k, const Json& reply) { record(*runnable[k], reply); },
                [&](std::size_t k, const std::string& why) {
                    record(*runnable[k], Json{{"ok", false}, {"error", why}});
                });
        }
    }
    progress.finish(done, rep.failed);
    out.close();
    rep.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return rep;
}

}  // namespace edgetwin
