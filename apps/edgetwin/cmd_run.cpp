// `edgetwin run`: one design point from a scenario file and/or flags -> summary, HDF5, report.
#include <iostream>
#include <memory>

#include "analysis/calibration/overlay.h"
#include "analysis/h5_store.h"
#include "analysis/report_html.h"
#include "apps/edgetwin/commands.h"
#include "apps/edgetwin/output_flags.h"
#include "apps/edgetwin/point_flags.h"
#include "apps/edgetwin/summary_table.h"
#include "sim/core/user_error.h"
#include "sim/runner/simulate.h"
#include "sim/scenario/scenario.h"

namespace edgetwin::cli {
namespace {

struct RunOptions {
    std::string scenario, output, report, calibration;
    PointFlags point;
    bool json = false, force = false;
};

int run(CLI::App* cmd, const RunOptions& o) {
    ScenarioInputs in = o.scenario.empty() ? default_scenario_inputs() : read_scenario_file(o.scenario);
    if (in.has_sweep)
        throw UserError(o.scenario, "sweep", "this scenario describes a sweep; run it with `edgetwin sweep " +
                                                 o.scenario + "`");
    apply_point_flags(cmd, o.point, in);
    if (cmd->count("--output")) in.h5_path = o.output;
    if (cmd->count("--report")) in.report_path = o.report;

    const double band = o.calibration.empty() ? -1.0 : apply_calibration(in, o.calibration);
    // Validate everything and check the outputs before spending time simulating.
    const DesignPoint point = resolve_design_point(in);
    const std::unique_ptr<IPlatform> platform = build_validated_platform(point, in);
    const bool write_h5 = !no_output_requested(in.h5_path);
    if (write_h5) prepare_output(in.h5_path, OutputKind::RunResult, o.force);
    if (!in.report_path.empty()) prepare_output(in.report_path, OutputKind::Report, o.force, "report");

    const std::unique_ptr<IEngine> engine = make_engine(point.fidelity);
    // The mapping step may still refuse a setting (e.g. a weight type the runtime cannot load).
    const RunResult result = with_input_origins(point, in, [&] { return simulate(point, *platform, *engine); });

    if (write_h5) write_results_h5(in.h5_path, {result}, in.source);
    if (!in.report_path.empty()) write_report_html(in.report_path, result);

    if (o.json) {
        Json j = summary_to_json(result);
        if (band >= 0) j["band"] = error_band_json(result.summary, band);  // the calibration's error band
        std::cout << j.dump() << "\n";
    } else {
        print_summary_table(std::cout, result);
        if (band >= 0)
            std::cout << "  calibrated (" << o.calibration << "): decode "
                      << with_error_band(result.summary.decode_tok_s, band, "tok/s") << ", prefill "
                      << with_error_band(result.summary.prefill_tok_s, band, "tok/s") << "\n";
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
    cmd->add_option("--calibration", o->calibration, "Calibration overlay from `edgetwin calibrate`");
    cmd->add_flag("--json", o->json, "Print the summary as one JSON object on stdout (nothing else)");
    add_force_flag(cmd, o->force);
    return [cmd, o] { return run(cmd, *o); };
}

}  // namespace edgetwin::cli
