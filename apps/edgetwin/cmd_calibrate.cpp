// `edgetwin calibrate`: traces -> observations -> fitted platform/runtime parameters -> overlay JSON
// (for `edgetwin run --calibration`), optional /calibration in an HDF5 file, and a table on stdout.
#include <cmath>
#include <iostream>
#include <memory>
#include <sstream>

#include "analysis/calibration/calibration_h5.h"
#include "analysis/calibration/holdout.h"
#include "analysis/h5_store.h"
#include "analysis/calibration/overlay.h"
#include "apps/edgetwin/commands.h"
#include "apps/edgetwin/output_flags.h"
#include "sim/core/input_file.h"
#include "sim/core/output_guard.h"
#include "sim/core/user_error.h"
#include "sim/scenario/scenario.h"

namespace edgetwin::cli {
namespace {

struct CalibrateOptions {
    std::string platform, runtime, model, quant, power_mode, format = "auto", output, h5;
    std::vector<std::string> traces, fit, train_ids;
    long long n_prompt = 0, n_gen = 0, threads = 0, gpu_layers = 0;
    double supply_V = 0, prior_sigma = 1.0;
    bool no_loo = false, force = false, json = false;
};

// One observation of `calibrate --json`: what was measured and predicted (NaN as null).
Json observation_json(const calib::Observation& o, double before, double after, double loo) {
    auto num = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
    return Json{{"source", o.source}, {"id", o.id},          {"platform", o.platform}, {"model", o.model},
                {"quant", o.quant},   {"metric", o.metric},  {"measured", o.value},    {"before", num(before)},
                {"after", num(after)}, {"loo", num(loo)}};
}

int calibrate(CLI::App* cmd, const CalibrateOptions& o) {
    calib::TraceContext ctx;
    ctx.platform = o.platform;
    ctx.runtime = o.runtime;
    ctx.model = o.model;
    ctx.quant = o.quant;
    ctx.format = o.format;
    if (cmd->count("--n-prompt")) ctx.n_prompt = o.n_prompt;
    if (cmd->count("--n-gen")) ctx.n_gen = o.n_gen;
    if (cmd->count("--threads")) ctx.threads = o.threads;
    if (cmd->count("--gpu-layers")) ctx.gpu_layers = o.gpu_layers;
    if (cmd->count("--power-mode")) ctx.power_mode = o.power_mode;
    if (cmd->count("--supply-voltage")) ctx.supply_V = o.supply_V;
    const bool holdout = cmd->count("--train-ids") > 0;
    // A held-out run validates; it writes no overlay (each group has its own fit).
    if (!holdout && o.platform.empty())
        throw UserError("command line", "--platform", "is required (except with --train-ids, where rows name their platform)");
    if (!holdout && o.output.empty()) throw UserError("command line", "--output", "is required (the overlay JSON to write)");
    if (holdout && (!o.output.empty() || !o.h5.empty()))
        throw UserError("command line", "--train-ids", "a held-out run writes no overlay or HDF5; drop -o/--h5");
    for (const auto& t : o.traces) note_input_file(t, "--trace '" + brief(t) + "'");
    if (!holdout) prepare_output(o.output, OutputKind::CalibrationOverlay, o.force, "calibration overlay");
    if (!o.h5.empty()) check_output_writable(o.h5, "calibration HDF5 file");

    // What was read is printed with the result, so a refused fit or a bad id stays one stderr line.
    std::vector<calib::Observation> obs;
    std::ostringstream loaded;
    for (const auto& t : o.traces) {
        calib::LoadedTrace lt = calib::load_trace_file(t, ctx);
        loaded << t << ": " << lt.format << ", " << lt.observations.size() << " observations\n";
        for (const auto& n : lt.notes) loaded << "  " << n << "\n";
        obs.insert(obs.end(), lt.observations.begin(), lt.observations.end());
    }
    calib::FitOptions fo;
    fo.only = o.fit;
    fo.prior_sigma = o.prior_sigma;
    fo.leave_one_out = !o.no_loo;
    // Without --fit, fit what the observations pin down (most sensitive first) and keep the rest at the
    // preset, instead of refusing: two llama-bench rows identify two combinations, not ten parameters.
    fo.auto_select = o.fit.empty();
    if (holdout) {
        const auto table = calib::holdout_calibrate(obs, o.train_ids, fo);
        if (o.json) {
            Json rows = Json::array();
            for (const auto& row : table.rows) {
                Json j = observation_json(row.obs, row.before, row.after, std::nan(""));
                j["train"] = row.train;
                rows.push_back(std::move(j));
            }
            std::cout << Json{{"rows", rows}, {"held_out", table.n_held}, {"test_mape_before", table.mape_before},
                              {"test_mape_after", table.mape_after}}
                             .dump()
                      << "\n";
            return 0;
        }
        std::cout << loaded.str();
        print_holdout_table(std::cout, table);
        return 0;
    }
    const calib::CalibrationResult r = calib::calibrate(obs, fo);
    // Files first: a failed write must leave stdout empty.
    write_calibration_overlay(o.output, r);
    if (!o.h5.empty()) write_calibration_h5(o.h5, r);
    if (o.json) {
        Json rows = Json::array();
        for (const auto& row : r.rows) rows.push_back(observation_json(row.obs, row.before, row.after, row.loo));
        std::cout << Json{{"overlay", calibration_overlay_json(r)}, {"rows", rows}, {"output", o.output}}.dump() << "\n";
        return 0;
    }
    std::cout << loaded.str();
    print_calibration_table(std::cout, r);
    std::cout << "  overlay: " << o.output << (o.h5.empty() ? "" : ", /calibration in " + o.h5) << "\n";
    return 0;
}

}  // namespace

Action add_calibrate_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("calibrate", "Fit platform/runtime parameters to measured traces");
    auto o = std::make_shared<CalibrateOptions>();
    cmd->add_option("--platform", o->platform,
                    "Platform preset the traces were measured on (rows of a generic CSV may name their own)");
    cmd->add_option("--runtime", o->runtime, "Runtime profile (default: the platform's)");
    cmd->add_option("--trace", o->traces,
                    "Trace files: llama-bench (json/jsonl/csv/md/sql), llama.cpp timing log, tegrastats, jtop CSV, "
                    "llama2.c log, PPK2 CSV, Joulescope CSV, generic CSV")
        ->required();
    cmd->add_option("--format", o->format, "Trace format when sniffing fails (llama-bench, llama-timings, tegrastats, "
                                           "jtop, llama2c, ppk2, joulescope, generic-csv)");
    cmd->add_option("--model", o->model, "Model card for traces that do not name it (overrides llama-bench's)");
    cmd->add_option("--quant", o->quant, "Quantization for traces that do not name it");
    cmd->add_option("--n-prompt", o->n_prompt, "Prompt tokens of the traced run (power/llama2.c traces)");
    cmd->add_option("--n-gen", o->n_gen, "Generated tokens of the traced run (power/llama2.c traces)");
    cmd->add_option("--threads", o->threads, "Threads of the traced run");
    cmd->add_option("--gpu-layers", o->gpu_layers, "GPU layers of the traced run");
    cmd->add_option("--power-mode", o->power_mode, "Power mode of the traced run (rows of a generic CSV may name their own)");
    cmd->add_option("--supply-voltage", o->supply_V, "Supply voltage in V (PPK2 CSV has current only)");
    cmd->add_option("--fit", o->fit, "Only fit these parameter paths (default: the ones the observations pin down, most sensitive first; the rest stay at the preset)");
    cmd->add_option("--prior-sigma", o->prior_sigma, "Prior width toward the preset values, natural-log units (default 1)")
        ->check(CLI::Range(0.01, 100.0));
    cmd->add_flag("--no-loo", o->no_loo, "Skip leave-one-out cross-validation");
    cmd->add_option("-o,--output", o->output, "Calibration overlay JSON to write (required unless --train-ids)");
    cmd->add_option("--train-ids", o->train_ids,
                    "Held-out validation: fit on the observations with these ids (generic CSV 'id' column), one fit "
                    "per platform+runtime, and report the error on all others")
        ->delimiter(',');
    cmd->add_option("--h5", o->h5, "Also write /calibration into this HDF5 file");
    add_force_flag(cmd, o->force);
    cmd->add_flag("--json", o->json, "Print the result (overlay, rows measured/predicted) as one JSON object");
    return [cmd, o] { return calibrate(cmd, *o); };
}

}  // namespace edgetwin::cli
