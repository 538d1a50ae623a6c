// `edgetwin run`: one design point from a scenario file and/or flags -> summary, HDF5, report.
#include <iostream>
#include <memory>

#include "analysis/calibration/overlay.h"
#include "analysis/h5_store.h"
#include "analysis/report_html.h"
#include "apps/edgetwin/commands.h"
#include "apps/edgetwin/summary_table.h"
#include "sim/core/user_error.h"
#include "sim/runner/simulate.h"
#include "sim/scenario/scenario.h"

namespace edgetwin::cli {
namespace {

struct RunOptions {
    std::string scenario;
    std::string platform, model, quant, runtime, kv_type, fidelity, freq, power_mode, output, report;
    long long n_prompt = 0, n_gen = 0, batch = 0, ctx = 0, threads = 0, gpu_layers = 0;
    std::string calibration;
    bool json = false;
};

template <class T>
void flag_override(CLI::App* cmd, const char* flag, Sourced<T>& field, const T& value) {
    if (cmd->count(flag)) field = Sourced<T>{value, "command line", flag};
}

template <class T>
void flag_override(CLI::App* cmd, const char* flag, std::optional<Sourced<T>>& field, const T& value) {
    if (cmd->count(flag)) field = Sourced<T>{value, "command line", flag};
}

int run(CLI::App* cmd, const RunOptions& o) {
    ScenarioInputs in = o.scenario.empty() ? default_scenario_inputs() : read_scenario_file(o.scenario);
    if (in.has_sweep)
        throw UserError(o.scenario, "sweep", "this scenario describes a sweep; run it with `edgetwin sweep " +
                                                 o.scenario + "`");
    flag_override(cmd, "--platform", in.platform, o.platform);
    flag_override(cmd, "--model", in.model, o.model);
    flag_override(cmd, "--quant", in.quant, o.quant);
    flag_override(cmd, "--runtime", in.runtime, o.runtime);
    flag_override(cmd, "--kv-type", in.kv_type, o.kv_type);
    flag_override(cmd, "--fidelity", in.fidelity, o.fidelity);
    flag_override(cmd, "--n-prompt", in.n_prompt, o.n_prompt);
    flag_override(cmd, "--n-gen", in.n_gen, o.n_gen);
    flag_override(cmd, "--batch", in.batch, o.batch);
    flag_override(cmd, "--ctx", in.ctx, o.ctx);
    flag_override(cmd, "--freq", in.freq, o.freq);
    flag_override(cmd, "--power-mode", in.power_mode, o.power_mode);
    flag_override(cmd, "--threads", in.threads, o.threads);
    flag_override(cmd, "--gpu-layers", in.gpu_layers, o.gpu_layers);
    if (cmd->count("--output")) in.h5_path = o.output;
    if (cmd->count("--report")) in.report_path = o.report;

    const double band = o.calibration.empty() ? -1.0 : apply_calibration(in, o.calibration);
    // Validate everything and check the outputs before spending time simulating.
    const DesignPoint point = resolve_design_point(in);
    const std::unique_ptr<IPlatform> platform = build_validated_platform(point, in);
    check_output_writable(in.h5_path);
    if (!in.report_path.empty()) check_output_writable(in.report_path);

    const std::unique_ptr<IEngine> engine = make_engine(point.fidelity);
    // The mapping step may still refuse a setting (e.g. a weight type the runtime cannot load).
    const RunResult result = with_input_origins(point, in, [&] { return simulate(point, *platform, *engine); });

    Json scenario_json = o.scenario.empty() ? Json() : load_json_file(o.scenario);
    write_results_h5(in.h5_path, {result}, scenario_json);
    if (!in.report_path.empty()) write_report_html(in.report_path, result);

    if (o.json) {
        std::cout << summary_to_json(result).dump() << "\n";
    } else {
        print_summary_table(std::cout, result);
        if (band >= 0)
            std::cout << "  calibrated (" << o.calibration << "): decode "
                      << with_error_band(result.summary.decode_tok_s, band, "tok/s") << ", prefill "
                      << with_error_band(result.summary.prefill_tok_s, band, "tok/s") << "\n";
        std::cout << "  results: " << in.h5_path << (in.report_path.empty() ? "" : ", report: " + in.report_path)
                  << "\n";
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
    cmd->add_option("--platform", o->platform, "Platform preset (edgetwin list platforms)");
    cmd->add_option("--model", o->model, "Model card name or model file");
    cmd->add_option("--quant", o->quant, "Quantization, e.g. Q4_0, Q8_0, F16");
    cmd->add_option("--runtime", o->runtime, "Runtime profile (default: the platform's)");
    cmd->add_option("--kv-type", o->kv_type, "KV-cache type: f16, q8_0, q4_0, ...");
    cmd->add_option("--n-prompt", o->n_prompt, "Prompt tokens (default 512)");
    cmd->add_option("--n-gen", o->n_gen, "Decode steps (default 128)");
    cmd->add_option("--batch", o->batch, "Independent sequences (default 1)");
    cmd->add_option("--ctx", o->ctx, "KV-cache size in tokens (default n_prompt + n_gen)");
    cmd->add_option("--freq", o->freq, "Clock setting, e.g. 1.8GHz");
    cmd->add_option("--power-mode", o->power_mode, "Power mode (platforms that have them)");
    cmd->add_option("--threads", o->threads, "Worker threads");
    cmd->add_option("--gpu-layers", o->gpu_layers, "Layers offloaded to the GPU (llama.cpp -ngl)");
    cmd->add_option("--fidelity", o->fidelity, "analytic | tlm");
    cmd->add_option("-o,--output", o->output, "HDF5 result file (default results.h5)");
    cmd->add_option("--report", o->report, "Also write an HTML report");
    cmd->add_option("--calibration", o->calibration, "Calibration overlay from `edgetwin calibrate`");
    cmd->add_flag("--json", o->json, "Print the summary as one JSON object on stdout (nothing else)");
    return [cmd, o] { return run(cmd, *o); };
}

}  // namespace edgetwin::cli
