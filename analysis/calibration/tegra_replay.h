#pragma once
// Trace replay: a recorded tegrastats timeline (GPU, EMC and CPU clocks, temperatures) drives a Jetson
// run in place of the thermal governor. Sample k holds during [k·interval, (k+1)·interval) of simulated
// time and the last one holds after the trace ends; each op graph (prefill, every decode step) runs at
// the clocks of its start time. Compute time scales with 1/clock per unit, DRAM bandwidth with the EMC
// clock (LPDDR bytes/s = bus bytes x EMC clock x 2); fixed overheads (launch, barrier) do not scale.
#include <memory>
#include <string>
#include <vector>

#include "analysis/calibration/trace_parsers.h"
#include "hwmodels/platform.h"
#include "sim/engine/run_result.h"
#include "sim/runner/clock_schedule.h"

namespace edgetwin::calib {

// The clocks of one tegrastats sample that a replay uses.
struct ReplaySample {
    int line = 0;
    double gpu_MHz = 0;  // lowest GPC clock of GR3D_FREQ (0 when the platform has no GPU unit)
    double emc_MHz = 0;
    double cpu_MHz = 0;  // clock of the slowest of the `threads` fastest online cores (ggml barrier)
    double temperature_C = 0;  // gpu sensor, else tj; NaN when neither is printed
};

class TegraReplaySchedule final : public ClockSchedule {
public:
    // Checks that the trace fits `platform` (family jetson, board size, clocks within the preset's
    // maxima, the clock fields the platform needs) and throws UserError(file, "line N", ...) if not.
    // `interval_s` <= 0: derived from the JP5+ time stamps when every line has one, else 1 s (the
    // tegrastats default).
    TegraReplaySchedule(const std::vector<TegraSample>& samples, const std::string& file, double interval_s,
                        const IPlatform& platform);

    ClockScales at(double t_s) const override;
    std::size_t index_at(double t_s) const;

    const std::vector<ReplaySample>& samples() const { return samples_; }
    double interval_s() const { return interval_s_; }
    const std::string& interval_source() const { return interval_source_; }  // "--interval", "time stamps", "default"
    double configured_gpu_MHz() const { return gpu_cfg_MHz_; }
    double configured_emc_MHz() const { return emc_cfg_MHz_; }
    double configured_cpu_MHz() const { return cpu_cfg_MHz_; }

private:
    std::vector<ReplaySample> samples_;
    double interval_s_ = 1.0;
    std::string interval_source_;
    std::vector<bool> unit_is_gpu_;
    std::size_t n_memories_ = 0;
    double gpu_cfg_MHz_ = 0, emc_cfg_MHz_ = 0, cpu_cfg_MHz_ = 0;
};

// Decode tokens grouped by the run of consecutive trace samples with the same clocks they started in.
struct ReplaySegment {
    int first_line = 0, last_line = 0;  // trace lines of the segment
    double t0_s = 0, t1_s = 0;          // trace time covered (t1 = infinity for the held last sample)
    double gpu_MHz = 0, emc_MHz = 0, cpu_MHz = 0, max_temperature_C = 0;
    int tokens = 0;
    double mean_latency_s = 0, min_latency_s = 0, max_latency_s = 0, tok_s = 0;
};

struct ReplaySummary {
    std::vector<ReplaySegment> segments;
    int tokens = 0, tokens_after_trace = 0;  // decode tokens, and those started after the last sample
    double mean_latency_s = 0, min_latency_s = 0, max_latency_s = 0;
};
ReplaySummary summarize_replay(const TegraReplaySchedule& schedule, const RunResult& result);

Json replay_summary_json(const TegraReplaySchedule& schedule, const ReplaySummary& s);

}  // namespace edgetwin::calib
