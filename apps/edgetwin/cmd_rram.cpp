// `edgetwin rram profile`: run a profiling script (write_matrix / read_matrix / mvm / hp_inv on a
// crossbar preset) and store per-operation time, energy, bytes and accuracy in HDF5 (/rram/profile).
// `edgetwin rram logits`: top-1 agreement of a stories260K-shaped transformer run through the
// crossbar against fp64, over the strengths of one non-ideality (/rram/logits).
#include <cmath>
#include <cstdio>
#include <iostream>

#include "analysis/h5_store.h"
#include "analysis/rram_profile_h5.h"
#include "apps/edgetwin/commands.h"
#include "apps/edgetwin/output_flags.h"
#include "rram/logits_study.h"
#include "rram/profile_script.h"
#include "sim/core/user_error.h"

namespace edgetwin::cli {
namespace {

struct ProfileArgs {
    std::string ops, preset, out = "rram-profile.h5";
    bool json = false, force = false;
};

Json record_json(const rram::ProfileRecord& r) {
    auto num = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
    return Json{{"index", r.index}, {"op", r.op}, {"label", r.label}, {"rows", r.rows}, {"cols", r.cols},
                {"vectors", r.vectors}, {"arrays", r.arrays}, {"time_s", r.time_s}, {"energy_J", r.energy.total()},
                {"bytes_in", r.bytes_in}, {"bytes_out", r.bytes_out}, {"rel_error", num(r.rel_error)},
                {"snr_db", num(r.snr_db)}, {"bound_ratio", num(r.bound_ratio)}, {"iterations", r.iterations},
                {"residual", num(r.residual)}};
}

int run_profile(const ProfileArgs& a) {
    const rram::ProfileScript script = rram::load_profile_script(a.ops);
    const std::string preset = !a.preset.empty() ? a.preset : script.preset;
    if (preset.empty()) throw UserError(a.ops, "preset", "no crossbar preset: name one in the script or with --preset");
    const rram::CrossbarArch arch = rram::load_crossbar_preset(preset);
    prepare_output(a.out, OutputKind::RramProfile, a.force);
    const std::vector<rram::ProfileRecord> records = rram::run_profile_script(script, arch);
    Json config = script.resolved;
    config["preset"] = preset;
    config["crossbar"] = arch.name;
    write_rram_profile_h5(a.out, records, preset, config);
    if (a.json) {
        Json all = Json::array();
        for (const auto& r : records) all.push_back(record_json(r));
        std::cout << Json{{"preset", preset}, {"output", a.out}, {"ops", all}}.dump() << "\n";
        return 0;
    }
    std::printf("rram profile: %s on %s -> %s\n", a.ops.c_str(), arch.name.c_str(), a.out.c_str());
    std::printf("%3s %-12s %-12s %6s %11s %11s %10s %10s %10s %8s %5s %10s\n", "#", "op", "shape", "arrays", "time_s",
                "energy_J", "bytes_in", "bytes_out", "rel_error", "snr_dB", "iter", "residual");
    for (const auto& r : records) {
        const std::string shape = std::to_string(r.rows) + "x" + std::to_string(r.cols) +
                                  (r.vectors > 1 ? "x" + std::to_string(r.vectors) : "");
        std::printf("%3d %-12s %-12s %6lld %11.4g %11.4g %10.0f %10.0f %10.3g %8.2f %5d %10.3g\n", r.index, r.op.c_str(),
                    shape.c_str(), static_cast<long long>(r.arrays), r.time_s, r.energy.total(), r.bytes_in, r.bytes_out,
                    r.rel_error, r.snr_db, r.iterations, r.residual);
    }
    return 0;
}

struct LogitsArgs {
    std::string preset = "neurram", knob = "read_sigma", out = "rram-logits.h5";
    std::vector<double> values{0, 0.01, 0.03, 0.1, 0.3};
    int tokens = 16, trials = 4, weight_bits = 8, input_bits = 8;
    std::uint64_t seed = 1, weight_seed = 1;
    double prog_sigma = 0, read_sigma = 0;
    bool json = false, force = false;
};

int run_logits(const LogitsArgs& a) {
    rram::LogitsStudySpec spec;
    spec.knob = rram::parse_study_knob(a.knob, "--knob");
    const rram::CrossbarArch arch = rram::load_crossbar_preset(a.preset);
    auto range = [](const char* flag, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi))
            throw UserError("command line", flag, std::to_string(v) + " is out of range (allowed " + std::to_string(lo) + ".." +
                                                      std::to_string(hi) + ")");
    };
    range("--tokens", a.tokens, 1, 512);
    range("--trials", a.trials, 1, 10000);
    range("--weight-bits", a.weight_bits, 2, 16);
    range("--input-bits", a.input_bits, 2, 16);
    range("--prog-sigma", a.prog_sigma, 0, 1);
    range("--read-sigma", a.read_sigma, 0, 1);
    for (double v : a.values) {
        if (spec.knob == rram::StudyKnob::AdcBits) {
            range("--values", v, 0, 16);
            if (v != std::floor(v)) throw UserError("command line", "--values", "ADC bits must be whole numbers (0 = ideal readout)");
        } else {
            range("--values", v, 0, 1);
        }
    }
    prepare_output(a.out, OutputKind::RramProfile, a.force);
    spec.device.bits_per_cell = arch.array.bits_per_cell;
    spec.device.weight_bits = a.weight_bits;
    spec.device.input_bits = a.input_bits;
    spec.device.adc_bits = arch.adc.bits;
    spec.device.g_on_S = arch.array.g_on_S;
    spec.device.g_off_S = arch.array.g_off_S;
    spec.device.v_read_V = arch.array.v_read_V;
    spec.base.prog_sigma = a.prog_sigma;
    spec.base.read_sigma = a.read_sigma;
    spec.tokens = a.tokens;
    spec.trials = a.trials;
    spec.seed = a.seed;
    spec.weight_seed = a.weight_seed;
    spec.strengths = a.values;
    const std::vector<rram::LogitsStudyPoint> pts = rram::logits_study(spec);
    const Json config{{"preset", a.preset}, {"crossbar", arch.name}, {"knob", a.knob}, {"values", a.values},
                      {"tokens", a.tokens}, {"trials", a.trials}, {"weight_bits", a.weight_bits}, {"input_bits", a.input_bits},
                      {"adc_bits", arch.adc.bits}, {"bits_per_cell", arch.array.bits_per_cell}, {"prog_sigma", a.prog_sigma},
                      {"read_sigma", a.read_sigma}, {"seed", a.seed}, {"weight_seed", a.weight_seed},
                      {"model", "stories260K-shaped, seeded random weights"}};
    write_rram_logits_h5(a.out, pts, a.knob, config);
    if (a.json) {
        Json rows = Json::array();
        for (const auto& p : pts)
            rows.push_back({{a.knob, p.strength}, {"top1_agreement", p.top1_agreement}, {"top1_stderr", p.top1_stderr},
                            {"logit_rel_rmse", p.logit_rel_rmse}, {"positions", p.positions}});
        std::cout << Json{{"preset", a.preset}, {"knob", a.knob}, {"output", a.out}, {"points", rows}}.dump() << "\n";
        return 0;
    }
    std::printf("rram logits: stories260K-shaped random model on %s, %d tokens x %d trials -> %s\n", arch.name.c_str(), a.tokens,
                a.trials, a.out.c_str());
    std::printf("%12s %16s %12s %16s\n", a.knob.c_str(), "top1_agreement", "stderr", "logit_rel_rmse");
    for (const auto& p : pts)
        std::printf("%12g %16.4f %12.4f %16.4g\n", p.strength, p.top1_agreement, p.top1_stderr, p.logit_rel_rmse);
    return 0;
}

}  // namespace

Action add_rram_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("rram", "RRAM crossbar tools: hardware profiler");
    cmd->require_subcommand(1);
    auto* prof = cmd->add_subcommand("profile", "Profile write_matrix/read_matrix/mvm/hp_inv ops of a script on a crossbar preset");
    auto p = std::make_shared<ProfileArgs>();
    prof->add_option("--ops", p->ops, "Profiling script (JSON; see rram/profile_script.h)")->required();
    prof->add_option("--platform,--preset", p->preset, "Crossbar preset: data/rram/<name>.json or a path (overrides the script; --preset is the old name)");
    prof->add_option("-o,--output", p->out, "Result file (HDF5, /rram/profile)");
    prof->add_flag("--json", p->json, "Print the records as one JSON object");
    add_force_flag(prof, p->force);
    auto* logits = cmd->add_subcommand("logits", "Top-1 agreement of a small transformer on the crossbar vs fp64, per non-ideality strength");
    auto l = std::make_shared<LogitsArgs>();
    logits->add_option("--platform,--preset", l->preset, "Crossbar preset (cells, conductances, ADC bits; --preset is the old name)")->capture_default_str();
    logits->add_option("--knob", l->knob, "Swept non-ideality: read_sigma, prog_sigma or adc_bits")->capture_default_str();
    logits->add_option("--values", l->values, "Strengths of the knob (comma separated)")
        ->capture_default_str()
        ->delimiter(',')
        ->check(CLI::Validator([](std::string& v) { return v.empty() ? std::string("an empty value (write 0 for none)") : std::string(); },
                               "NUMBER"));
    logits->add_option("--tokens", l->tokens, "Positions compared per trial")->capture_default_str();
    logits->add_option("--trials", l->trials, "Monte-Carlo trials (device draws) per strength")->capture_default_str();
    logits->add_option("--weight-bits", l->weight_bits, "Signed weight precision")->capture_default_str();
    logits->add_option("--input-bits", l->input_bits, "Signed input precision")->capture_default_str();
    logits->add_option("--prog-sigma", l->prog_sigma, "Fixed programming variation when another knob is swept")->capture_default_str();
    logits->add_option("--read-sigma", l->read_sigma, "Fixed read noise when another knob is swept")->capture_default_str();
    logits->add_option("--seed", l->seed, "Seed of the device draws")->capture_default_str()->check(CLI::NonNegativeNumber);
    logits->add_option("--weight-seed", l->weight_seed, "Seed of the random model")->capture_default_str()->check(CLI::NonNegativeNumber);
    logits->add_option("-o,--output", l->out, "Result file (HDF5, /rram/logits)")->capture_default_str();
    logits->add_flag("--json", l->json, "Print the points as one JSON object");
    add_force_flag(logits, l->force);
    return [cmd, prof, p, logits, l]() -> int {
        if (cmd->got_subcommand(prof)) return run_profile(*p);
        if (cmd->got_subcommand(logits)) return run_logits(*l);
        return 2;
    };
}

}  // namespace edgetwin::cli
