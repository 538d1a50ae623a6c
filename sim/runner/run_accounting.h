#pragma once
// Accounts executed op graphs into a RunResult: simulated time, energy (static + busy units + bytes),
// a one-node thermal RC state, per-op aggregates, per-token timeline and threshold alerts.
#include <vector>

#include "hwmodels/platform.h"
#include "sim/engine/op_timing.h"
#include "sim/engine/run_result.h"
#include "sim/scenario/design_point.h"

namespace edgetwin {

class RunAccounting {
public:
    RunAccounting(const DesignPoint& point, const IPlatform& platform, const MappedWorkload& mapped);

    // `clock_scale`: the governor's scale during the graph (active power scales with it); with
    // `unit_scale` (trace replay) each unit's active power scales with its own recorded clock and
    // `clock_scale` is unit 0's.
    void add_graph(const OpGraph& graph, const std::vector<OpPlan>& plans, const std::vector<OpTiming>& timings,
                   double clock_scale, const std::vector<double>* unit_scale = nullptr);
    double temperature_C() const { return temperature_C_; }
    double time_s() const { return t_s_; }
    // Closes a token: adds the platform's per-token overhead and writes a timeline sample.
    void end_token(Phase phase, int index);
    RunResult finish();

private:
    void advance(double dt_s, double power_W);
    void check_alerts();

    const DesignPoint& point_;
    const IPlatform& platform_;
    const MappedWorkload& mapped_;
    RunResult result_;
    std::vector<OpRecord> prefill_ops_, decode_ops_;
    double clock_scale_ = 1.0;
    double t_s_ = 0, energy_J_ = 0, temperature_C_ = 0;
    double token_start_s_ = 0, token_start_energy_J_ = 0;
    double prefill_s_ = 0, decode_s_ = 0;
    std::vector<double> decode_latencies_;
    std::array<double, kOpClassCount> class_time_{};
    std::array<double, 3> decode_bound_time_{}, prefill_bound_time_{};
    bool temperature_alerted_ = false, power_alerted_ = false;
    // Energy by source, for the rail breakdown the platform may declare (resolved_config()["power_rails"]).
    std::vector<double> unit_energy_J_;
    double dram_energy_J_ = 0;
};

}  // namespace edgetwin
