// `edgetwin run`: one design point from a scenario file and/or flags -> summary, HDF5, report.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

#include "analysis/calibration/overlay.h"
#include "analysis/h5_store.h"
#include "analysis/report_html.h"
#include "analysis/validation/bands.h"
#include "apps/edgetwin/commands.h"
#include "apps/edgetwin/output_flags.h"
#include "apps/edgetwin/point_flags.h"
#include "apps/edgetwin/summary_table.h"
#include "sim/core/user_error.h"
#include "sim/runner/simulate.h"
#include "sim/scenario/scenario.h"

namespace edgetwin::cli {
namespace {

std::string format_range(double lo, double hi) {
    char b[64];
    std::snprintf(b, sizeof b, "%.3g-%.3g", lo, hi);
    return b;
}

struct RunOptions {
    std::string scenario, output, report, calibration, store = "full";
    PointFlags point;
    bool json = false, force = false;
};

int run(CLI::App* cmd, const RunOptions& o) {
    ScenarioInputs in = o.scenario.empty() ? default_scenario_inputs() : read_scenario_file(o.scenario);
    if (in.has_sweep)
        throw UserError(o.scenario, "sweep", "this scenario describes a sweep; run it with `edgetwin sweep " +
                                                 o.scenario + "`");
    apply_point_flags(cmd, o.point, in);
    const StoreLevel store = parse_store_level(o.store, "command line", "--store");
    if (cmd->count("--output")) in.h5_path = o.output;
    if (cmd->count("--report")) in.report_path = o.report;

    const double band = o.calibration.empty() ? -1.0 : apply_calibration(in, o.calibration);
    // Validate everything and check the outputs before spending time simulating.
    const DesignPoint point = resolve_design_point(in);
    const std::unique_ptr<IPlatform> platform = build_validated_platform(point, in);
    const bool write_h5 = !no_output_requested(in.h5_path);
    if (write_h5) prepare_output(in.h5_path, OutputKind::RunResult, o.force);
    if (!in.report_path.empty()) prepare_output(in.report_path, OutputKind::Report, o.force, "report");

    // The spread of the validation corpus's unfitted train rows for this runtime (or family). A calibration
    // only widens it to its own error band: two fitted rows say little about other settings, and the
    // corpus shows calibrations that do not transfer (bench/validate --transfer).
    const auto band_of = [&](const char* metric_class) {
        validation::Band b = validation::shipped_band_for(point.platform.preset, point.platform.runtime, metric_class);
        if (band < 0) return b;
        if (b.n == 0) return validation::Band{1 - band, 1 + band, 1, "calibration"};
        b.lo = std::min(b.lo, 1 - band);
        b.hi = std::max(b.hi, 1 + band);
        b.scope += " and the calibration";
        return b;
    };
    const validation::Band decode_band = band_of("decode");
    const validation::Band prefill_band = band_of("prefill");
    const std::unique_ptr<IEngine> engine = make_engine(point.fidelity);
    // The mapping step may still refuse a setting (e.g. a weight type the runtime cannot load).
    const RunResult result = with_input_origins(point, in, [&] { return simulate(point, *platform, *engine); });

    if (write_h5) write_results_h5(in.h5_path, {result}, in.source, {}, store);
    if (!in.report_path.empty()) write_report_html(in.report_path, result);

    const Summary& s = result.summary;
    if (o.json) {
        Json j = summary_to_json(result);
        if (decode_band.n > 0 || prefill_band.n > 0) {
            Json b = {{"source", "validation corpus train rows: decode " + decode_band.scope + ", prefill " + prefill_band.scope}};
            if (band >= 0) b["relative"] = band;  // the calibration's own error band
            if (decode_band.n > 0 && s.decode_tok_s > 0) b["decode_tok_s"] = {s.decode_tok_s * decode_band.lo, s.decode_tok_s * decode_band.hi};
            if (prefill_band.n > 0 && s.prefill_tok_s > 0) {
                b["prefill_tok_s"] = {s.prefill_tok_s * prefill_band.lo, s.prefill_tok_s * prefill_band.hi};
                b["ttft_s"] = {s.ttft_s / prefill_band.hi, s.ttft_s / prefill_band.lo};
            }
            j["band"] = b;
        }
        std::cout << j.dump() << "\n";
    } else {
        print_summary_table(std::cout, result);
        if (band >= 0)
            std::cout << "  calibrated (" << o.calibration << "): decode "
                      << with_error_band(result.summary.decode_tok_s, band, "tok/s") << ", prefill "
                      << with_error_band(result.summary.prefill_tok_s, band, "tok/s") << "\n";
        // Each rate with the scope its band came from (decode and prefill may fall back differently).
        std::string range;
        if (decode_band.n > 0 && s.decode_tok_s > 0)
            range += "decode " + format_range(s.decode_tok_s * decode_band.lo, s.decode_tok_s * decode_band.hi) +
                     " tok/s (" + decode_band.scope + ")";
        if (prefill_band.n > 0 && s.prefill_tok_s > 0)
            range += std::string(range.empty() ? "" : ", ") + "prefill " +
                     format_range(s.prefill_tok_s * prefill_band.lo, s.prefill_tok_s * prefill_band.hi) + " tok/s (" +
                     prefill_band.scope + ")";
        if (!range.empty()) std::cout << "  likely range (80 % band): " << range << "\n";
        std::cout << "  results: " << (write_h5 ? in.h5_path : std::string("none (-o none)"))
                  << (in.report_path.empty() ? "" : ", report: " + in.report_path) << "\n";
    }
    return 0;
}

}  // namespace

Action add_run_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("run", "Simulate one design point (scenario file and/or flags)");
    auto o = std::make_shared<RunOptions>();
    // A flag given twice (e.g. appended by a wrapper script) takes its last value.
    cmd->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    cmd->add_option("scenario", o->scenario, "Scenario JSON file (flags override its values)");
    add_point_flags(cmd, o->point, true);
    cmd->add_option("-o,--output", o->output, "HDF5 result file (default results.h5; `none`: no file)");
    cmd->add_option("--report", o->report, "Also write an HTML report");
    cmd->add_option("--store", o->store, "What the HDF5 file keeps beside the /points row: points, summary or full (default)");
    cmd->add_option("--calibration", o->calibration, "Calibration overlay from `edgetwin calibrate`");
    cmd->add_flag("--json", o->json, "Print the summary as one JSON object on stdout (nothing else)");
    add_force_flag(cmd, o->force);
    return [cmd, o] { return run(cmd, *o); };
}

}  // namespace edgetwin::cli
