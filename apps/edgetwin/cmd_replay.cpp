// `edgetwin replay`: one Jetson design point driven by a recorded tegrastats timeline (clocks at each
// token's start instead of the thermal governor) -> per-token latency timeline in HDF5, summary and
// tokens/s per trace segment.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "analysis/calibration/tegra_replay.h"
#include "analysis/h5_store.h"
#include "analysis/validation/bands.h"
#include "apps/edgetwin/commands.h"
#include "apps/edgetwin/output_flags.h"
#include "apps/edgetwin/point_flags.h"
#include "apps/edgetwin/summary_table.h"
#include "sim/core/input_file.h"
#include "sim/core/units.h"
#include "sim/core/user_error.h"
#include "sim/runner/simulate.h"
#include "sim/scenario/scenario.h"

namespace edgetwin::cli {
namespace {

struct ReplayOptions {
    std::string scenario, trace, interval, output;
    PointFlags point;
    bool json = false, force = false;
};

std::string read_text(const std::string& path) {
    return strip_utf8_bom(read_input_file(path, "trace", kMaxTraceInputBytes));
}

void print_replay(std::ostream& os, const calib::TegraReplaySchedule& sch, const calib::ReplaySummary& s,
                  const std::string& trace) {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "replay of %s: %zu samples every %.3g s (%s); configured clocks GPU %.0f MHz, EMC %.0f MHz, CPU "
                  "%.0f MHz\n",
                  trace.c_str(), sch.samples().size(), sch.interval_s(), sch.interval_source().c_str(),
                  sch.configured_gpu_MHz(), sch.configured_emc_MHz(), sch.configured_cpu_MHz());
    os << buf;
    std::snprintf(buf, sizeof buf, "  decode per-token latency   mean %.2f ms, min %.2f ms, max %.2f ms over %d tokens\n",
                  s.mean_latency_s * 1e3, s.min_latency_s * 1e3, s.max_latency_s * 1e3, s.tokens);
    os << buf;
    if (s.tokens_after_trace > 0)
        os << "  " << s.tokens_after_trace << " decode tokens started after the trace ended (last sample held)\n";
    os << "  trace lines   time [s]          GPU MHz  EMC MHz  CPU MHz  temp C  tokens  latency ms (mean/min/max)   tok/s\n";
    for (const auto& g : s.segments) {
        char t1[32];
        if (std::isfinite(g.t1_s)) std::snprintf(t1, sizeof t1, "%.1f", g.t1_s);
        else std::snprintf(t1, sizeof t1, "end");
        char temp[16];
        if (std::isfinite(g.max_temperature_C)) std::snprintf(temp, sizeof temp, "%.1f", g.max_temperature_C);
        else std::snprintf(temp, sizeof temp, "-");
        std::snprintf(buf, sizeof buf, "  %5d-%-5d  %7.1f-%-8s  %7.0f  %7.0f  %7.0f  %6s  %6d  %8.2f/%8.2f/%8.2f  %7.2f\n",
                      g.first_line, g.last_line, g.t0_s, t1, g.gpu_MHz, g.emc_MHz, g.cpu_MHz, temp, g.tokens,
                      g.mean_latency_s * 1e3, g.min_latency_s * 1e3, g.max_latency_s * 1e3, g.tok_s);
        os << buf;
    }
}

int replay(CLI::App* cmd, const ReplayOptions& o) {
    ScenarioInputs in = o.scenario.empty() ? default_scenario_inputs() : read_scenario_file(o.scenario);
    if (in.has_sweep)
        throw UserError(o.scenario, "sweep", "replay runs one design point; this scenario describes a sweep");
    apply_point_flags(cmd, o.point, in);
    if (cmd->count("--output")) in.h5_path = o.output;
    double interval_s = 0;
    if (cmd->count("--interval")) {
        const UnitParse p = parse_quantity(o.interval, Dimension::Time);
        if (!p.ok) throw UserError("command line", "--interval", p.error);
        // tegrastats --interval is in ms; anything beyond an hour is a typo, not a sampling period.
        if (!(p.value_si > 0 && p.value_si <= 3600))
            throw UserError("command line", "--interval", brief(o.interval) + " is outside (0 s, 1 h] (e.g. 1000ms)");
        interval_s = p.value_si;
    }

    // Validate the point, the trace against the platform and the output before simulating.
    const DesignPoint point = resolve_design_point(in);
    const std::unique_ptr<IPlatform> platform = build_validated_platform(point, in);
    const auto samples = calib::parse_tegrastats(read_text(o.trace), o.trace);
    const calib::TegraReplaySchedule schedule(samples, o.trace, interval_s, *platform);
    const bool write_h5 = !no_output_requested(in.h5_path);
    if (write_h5) prepare_output(in.h5_path, OutputKind::RunResult, o.force);
    validation::shipped_bands();  // read before simulating: /points carries the corpus bands

    const std::unique_ptr<IEngine> engine = make_engine(point.fidelity);
    const RunResult result = with_input_origins(point, in, [&] { return simulate(point, *platform, *engine, &schedule); });
    const calib::ReplaySummary summary = calib::summarize_replay(schedule, result);

    if (write_h5) write_results_h5(in.h5_path, {result}, in.source);
    if (o.json) {
        Json j = summary_to_json(result);
        j["replay"] = calib::replay_summary_json(schedule, summary);
        std::cout << j.dump() << "\n";
    } else {
        print_summary_table(std::cout, result);
        print_replay(std::cout, schedule, summary, o.trace);
        if (write_h5)
            std::cout << "  results: " << in.h5_path << " (per-token timeline in /runs/" << result.config_hash
                      << "/timeline)\n";
    }
    return 0;
}

}  // namespace

Action add_replay_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "replay", "Simulate one Jetson design point under a recorded tegrastats timeline (clocks per token)");
    auto o = std::make_shared<ReplayOptions>();
    cmd->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    cmd->add_option("scenario", o->scenario, "Scenario JSON file (flags override its values)");
    cmd->add_option("--trace", o->trace, "tegrastats log (any JetPack; GR3D_FREQ/EMC_FREQ need @MHz)")->required();
    cmd->add_option("--interval", o->interval,
                    "Sampling interval of the log, e.g. 500ms (default: from JP5+ time stamps, else 1000ms)");
    add_point_flags(cmd, o->point, false);
    cmd->add_option("-o,--output", o->output, "HDF5 result file (default results.h5; `none`: no file)");
    cmd->add_flag("--json", o->json, "Print the summary and the replay segments as one JSON object");
    add_force_flag(cmd, o->force);
    return [cmd, o] { return replay(cmd, *o); };
}

}  // namespace edgetwin::cli
