// `edgetwin bench`: llama-bench's interface on a simulated platform. Same flags (comma lists and
// ranges), same tests (pp from an empty cache, tg from position 0, pg both), same output formats, so
// a user types what they would type on the board and reads the table they know. `--against` puts a
// measured llama-bench file beside the prediction.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <sstream>

#include "analysis/bench/llama_bench_writer.h"
#include "analysis/calibration/fit.h"
#include "analysis/calibration/observations.h"
#include "analysis/calibration/overlay.h"
#include "analysis/validation/bands.h"
#include "apps/edgetwin/commands.h"
#include "analysis/bench/llama_bench_args.h"
#include "edgetwin/build_info.h"
#include "models/llama_ftype_rules.h"
#include "models/lowering.h"
#include "sim/core/user_error.h"
#include "sim/runner/simulate.h"
#include "sim/scenario/scenario.h"

namespace edgetwin::cli {
namespace {

struct BenchOptions {
    std::vector<std::string> models;
    std::string platform, runtime, power_mode, calibration, quant, against, output = "md";
    std::string n_prompt = "512", n_gen = "128", prompt_gen, ngl, threads, batch = "2048", ubatch = "512";
    std::string flash_attn, cache_k = "f16", cache_v = "f16", depth = "0";
    int repetitions = 5;
};

// One llama-bench parameter combination (everything but the test's token counts).
struct Combination {
    std::string model, quant;
    std::optional<long long> ngl;  // unset: llama-bench's default 99 (everything), or nothing on a CPU-only platform
    long long batch = 2048, ubatch = 512;
    std::optional<long long> threads;
    std::optional<bool> flash_attn;
    std::string kv_type = "f16";
};

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    char b[32];
    std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return b;
}

// "-m card:Q4_K_M" names the quant with the card; a GGUF carries its own; a bare card takes --quant,
// else llama-bench's own default model type, Q4_0.
std::pair<std::string, std::string> model_and_quant(const std::string& m, const std::string& quant_flag) {
    const auto colon = m.rfind(':');
    if (colon != std::string::npos && colon > 0 && m.find('/') == std::string::npos)
        return {m.substr(0, colon), m.substr(colon + 1)};
    const bool file = m.size() > 5 && (m.compare(m.size() - 5, 5, ".gguf") == 0 || m.compare(m.size() - 4, 4, ".bin") == 0);
    if (file || !quant_flag.empty()) return {m, quant_flag};
    return {m, "Q4_0"};
}

std::string size_label(double n_params) {
    char b[32];
    if (n_params >= 1e9) std::snprintf(b, sizeof b, "%.0fB", n_params / 1e9);
    else std::snprintf(b, sizeof b, "%.0fM", n_params / 1e6);
    return b;
}

// The runtime a -fa value selects: llama.cpp's flash-attention build is its own profile ("<name>-fa").
std::string runtime_for_fa(const std::string& runtime, std::optional<bool> fa) {
    const bool is_fa = runtime.size() > 3 && runtime.compare(runtime.size() - 3, 3, "-fa") == 0;
    if (!fa || *fa == is_fa) return runtime;
    return *fa ? runtime + "-fa" : runtime.substr(0, runtime.size() - 3);
}

ScenarioInputs inputs_for(const BenchOptions& o, const Combination& c, long long n_prompt, long long n_gen,
                          const std::string& runtime) {
    ScenarioInputs in = default_scenario_inputs();
    const std::string cl = "command line";
    in.platform = {o.platform, cl, "--platform"};
    in.model = {c.model, cl, "-m"};
    in.quant = {c.quant, cl, c.quant == "Q4_0" && o.quant.empty() ? "-m (default quant Q4_0)" : "-m/--quant"};
    if (!runtime.empty()) in.runtime = {runtime, cl, "--runtime"};
    in.kv_type = {c.kv_type, cl, "-ctk"};
    in.n_prompt = {n_prompt, cl, n_prompt > 0 && n_gen > 0 ? "-pg" : "-p"};
    in.n_gen = {n_gen, cl, n_prompt > 0 && n_gen > 0 ? "-pg" : "-n"};
    if (c.ngl) in.gpu_layers = Sourced<long long>{*c.ngl, cl, "-ngl"};
    if (c.threads) in.threads = Sourced<long long>{*c.threads, cl, "-t"};
    if (!o.power_mode.empty()) in.power_mode = Sourced<std::string>{o.power_mode, cl, "--power-mode"};
    in.h5_path = "none";
    return in;
}

// llama-bench ngl counts past the layer stack (99 = everything); edgetwin's -ngl takes the same.
PredictedBenchTest predict_test(const BenchOptions& o, const Combination& c, long long p, long long n) {
    // The platform's runtime, switched to its flash-attention profile where -fa asks for it.
    std::string runtime = o.runtime;
    if (c.flash_attn) {
        ScenarioInputs probe = inputs_for(o, c, p, n, runtime);
        const std::string base = resolve_design_point(probe).runtime_ref;
        runtime = runtime_for_fa(base, c.flash_attn);
        if (runtime != base) {
            try {
                ScenarioInputs check = inputs_for(o, c, p, n, runtime);
                resolve_design_point(check);
            } catch (const UserError&) {
                throw UserError("command line", "-fa",
                                "runtime '" + base + "' has no " + (*c.flash_attn ? "flash-attention" : "non-flash-attention") +
                                    " profile '" + runtime + "' (allowed: " + (*c.flash_attn ? "0" : "1") + ")");
            }
        }
    }
    ScenarioInputs in = inputs_for(o, c, p, n, runtime);
    const double calib_band = o.calibration.empty() ? -1.0 : apply_calibration(in, o.calibration);
    const DesignPoint point = resolve_design_point(in);
    const std::unique_ptr<IPlatform> platform = build_validated_platform(point, in);
    const std::string metric = n == 0 ? "prefill_tok_s" : p == 0 ? "decode_tok_s" : "combined_tok_s";
    const double rate = with_input_origins(point, in, [&] { return calib::predict(point, metric); });

    PredictedBenchTest t;
    t.platform = point.platform_ref;
    t.runtime = point.runtime_ref;
    t.power_mode = o.power_mode;
    const Json& preset = point.platform.preset;
    t.cpu_info = preset.value("description", point.platform_ref);
    t.gpu_info = preset.contains("gpu") ? preset["gpu"].value("arch", std::string()) : std::string();
    // llama-bench's backend names: a runtime that offloads to the Jetson GPU is CUDA, the rest run on CPUs
    // (or an accelerator llama-bench has no name for); readers tell GPU rows apart by it.
    const bool gpu = point.platform.runtime.is_object() && point.platform.runtime.value("offload", "none") != "none";
    t.backends = gpu ? "CUDA" : "CPU";
    t.model_filename = point.model_ref;
    const LlamaFtypeInfo* ftype = find_llama_ftype(point.quant.name);
    t.model_n_params = static_cast<double>(point.model.parameter_count());
    t.model_type = point.model.family + " " + size_label(t.model_n_params) + " " +
                   (ftype ? ftype->display : point.quant.name.c_str());
    t.model_size_B = static_cast<double>(weight_footprint_bytes(point.model, point.quant));
    t.n_batch = c.batch;
    t.n_ubatch = c.ubatch;
    // Without -t the runtime uses every CPU core it may; the GPU and DLA are not threads.
    long long cpu_units = 0;
    for (int u = 0; u < platform->compute_unit_count(); ++u) cpu_units += platform->compute_unit_kind(u) == UnitKind::CpuThread;
    t.n_threads = c.threads ? *c.threads : cpu_units;
    t.n_gpu_layers = c.ngl.value_or(99);
    t.type_k = t.type_v = c.kv_type;
    t.flash_attn = runtime_for_fa(point.runtime_ref, true) == point.runtime_ref;
    t.n_prompt = p;
    t.n_gen = n;
    t.repetitions = o.repetitions;
    t.avg_ts = rate;
    // The corpus band of this runtime (family), widened by a calibration's own error band.
    auto band = [&](const char* cls) {
        validation::Band b = validation::shipped_band_for(point.platform.preset, point.platform.runtime, cls);
        if (calib_band >= 0) {
            if (b.n == 0) b = validation::Band{1 - calib_band, 1 + calib_band, 1, "calibration"};
            b.lo = std::min(b.lo, 1 - calib_band);
            b.hi = std::max(b.hi, 1 + calib_band);
        }
        return b;
    };
    validation::Band b = n == 0 ? band("prefill") : band("decode");
    if (p > 0 && n > 0) {
        const validation::Band pb = band("prefill");
        if (pb.n > 0 && b.n > 0) b = validation::Band{std::min(b.lo, pb.lo), std::max(b.hi, pb.hi), b.n, b.scope};
    }
    if (b.n > 0) {
        t.lo_ts = rate * b.lo;
        t.hi_ts = rate * b.hi;
    }
    return t;
}

std::vector<Combination> combinations(const BenchOptions& o) {
    if (o.models.empty()) throw UserError("command line", "-m", "give a model card (edgetwin list models) or GGUF file");
    std::vector<std::optional<long long>> ngls{std::nullopt};
    if (!o.ngl.empty()) {
        ngls.clear();
        for (long long n : parse_int_values(o.ngl, "-ngl")) ngls.push_back(n);
    }
    const auto batches = parse_int_values(o.batch, "-b");
    const auto ubatches = parse_int_values(o.ubatch, "-ub");
    std::vector<std::optional<long long>> threads{std::nullopt};
    if (!o.threads.empty()) {
        threads.clear();
        for (long long t : parse_int_values(o.threads, "-t")) threads.push_back(t);
    }
    std::vector<std::optional<bool>> fas{std::nullopt};
    if (!o.flash_attn.empty()) {
        fas.clear();
        for (long long f : parse_int_values(o.flash_attn, "-fa")) {
            if (f != 0 && f != 1) throw UserError("command line", "-fa", "'" + o.flash_attn + "' (allowed: 0, 1)");
            fas.push_back(f == 1);
        }
    }
    const auto ctks = parse_word_values(o.cache_k, "-ctk");
    const auto ctvs = parse_word_values(o.cache_v, "-ctv");
    for (long long d : parse_int_values(o.depth, "-d"))
        if (d != 0)
            throw UserError("command line", "-d", "a pre-filled KV cache (n_depth " + std::to_string(d) +
                                                      ") is not simulated yet (allowed: 0)");
    std::vector<Combination> out;
    for (const auto& m : o.models)
        for (const auto& model : parse_word_values(m, "-m"))
            for (auto ngl : ngls)
                for (auto t : threads)
                    for (long long b : batches)
                        for (long long ub : ubatches)
                            for (auto fa : fas)
                                for (const auto& k : ctks)
                                    for (const auto& v : ctvs) {
                                        if (k != v)
                                            throw UserError("command line", "-ctk",
                                                            "K cache type '" + k + "' differs from V cache type '" + v +
                                                                "': one KV type is simulated (allowed: -ctk equal to -ctv)");
                                        Combination c;
                                        std::tie(c.model, c.quant) = model_and_quant(model, o.quant);
                                        c.ngl = ngl;
                                        c.threads = t;
                                        c.batch = b;
                                        c.ubatch = ub;
                                        c.flash_attn = fa;
                                        c.kv_type = k;
                                        out.push_back(c);
                                    }
    return out;
}

int bench_against(const BenchOptions& o) {
    calib::TraceContext ctx;
    ctx.platform = o.platform;
    ctx.runtime = o.runtime;
    if (!o.power_mode.empty()) ctx.power_mode = o.power_mode;
    if (!o.quant.empty()) ctx.quant = o.quant;
    const calib::LoadedTrace trace = load_trace_file(o.against, ctx);
    if (trace.observations.empty()) throw UserError(o.against, "rows", "no llama-bench test rows to compare");
    Json rows = Json::array();
    double sum_abs = 0;
    for (const calib::Observation& obs : trace.observations) {
        const double predicted = calib::predict(calib::observation_point(obs), obs.metric);
        const double err = (predicted - obs.value) / obs.value;
        sum_abs += std::fabs(err);
        const std::string test = obs.n_gen == 0 ? "pp" + std::to_string(obs.n_prompt)
                                 : obs.n_prompt == 0 ? "tg" + std::to_string(obs.n_gen)
                                                     : "pp" + std::to_string(obs.n_prompt) + "+tg" + std::to_string(obs.n_gen);
        rows.push_back({{"source", obs.source}, {"model", obs.model}, {"quant", obs.quant}, {"test", test},
                        {"n_gpu_layers", obs.gpu_layers ? Json(*obs.gpu_layers) : Json(nullptr)},
                        {"n_threads", obs.threads ? Json(*obs.threads) : Json(nullptr)},
                        {"measured_ts", obs.value}, {"predicted_ts", predicted}, {"error", err}});
    }
    const double mape = sum_abs / static_cast<double>(trace.observations.size());
    if (o.output == "json" || o.output == "jsonl") {
        if (o.output == "json") std::cout << Json{{"rows", rows}, {"mape", mape}}.dump(2) << "\n";
        else for (const auto& r : rows) std::cout << r.dump() << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> table{{"model", "quant", "test", "ngl", "threads", "measured t/s", "predicted t/s", "error"}};
    auto num = [](double v, const char* f) {
        char b[32];
        std::snprintf(b, sizeof b, f, v);
        return std::string(b);
    };
    for (const auto& r : rows)
        table.push_back({r["model"], r["quant"], r["test"],
                         r["n_gpu_layers"].is_null() ? "-" : std::to_string(r["n_gpu_layers"].get<long long>()),
                         r["n_threads"].is_null() ? "-" : std::to_string(r["n_threads"].get<long long>()),
                         num(r["measured_ts"], "%.2f"), num(r["predicted_ts"], "%.2f"),
                         num(100 * r["error"].get<double>(), "%+.1f%%")});
    std::vector<std::size_t> w(table[0].size(), 0);
    for (const auto& row : table)
        for (std::size_t i = 0; i < row.size(); ++i) w[i] = std::max(w[i], row[i].size());
    for (std::size_t k = 0; k < table.size(); ++k) {
        std::cout << "|";
        for (std::size_t i = 0; i < table[k].size(); ++i)
            std::cout << " " << (i < 3 ? table[k][i] + std::string(w[i] - table[k][i].size(), ' ')
                                       : std::string(w[i] - table[k][i].size(), ' ') + table[k][i]) << " |";
        std::cout << "\n";
        if (k == 0) {
            std::cout << "|";
            for (std::size_t i = 0; i < w.size(); ++i) std::cout << " " << std::string(w[i] - 1, '-') << (i < 3 ? "-" : ":") << " |";
            std::cout << "\n";
        }
    }
    std::cout << "\nmeasured: " << o.against << " (" << trace.observations.size() << " tests); MAPE "
              << num(100 * mape, "%.1f") << " %\n";
    return 0;
}

int bench(const BenchOptions& o) {
    const auto& formats = bench_output_formats();
    if (std::find(formats.begin(), formats.end(), o.output) == formats.end())
        throw UserError("command line", "-o", "'" + o.output + "' (allowed: md, csv, json, jsonl, sql)");
    if (o.repetitions < 1) throw UserError("command line", "-r", std::to_string(o.repetitions) + " (allowed: >= 1)");
    if (o.platform.empty()) throw UserError("command line", "--platform", "required (edgetwin list platforms)");
    if (!o.against.empty()) return bench_against(o);

    const auto prompts = parse_int_values(o.n_prompt, "-p");
    const auto gens = parse_int_values(o.n_gen, "-n");
    std::vector<std::pair<long long, long long>> pgs;
    if (!o.prompt_gen.empty()) {
        const auto v = parse_int_values(o.prompt_gen, "-pg");
        if (v.size() % 2 != 0)
            throw UserError("command line", "-pg", "'" + o.prompt_gen + "' needs pairs of prompt,generated tokens (e.g. 512,128)");
        for (std::size_t i = 0; i < v.size(); i += 2) pgs.emplace_back(v[i], v[i + 1]);
    }
    std::vector<PredictedBenchTest> tests;
    for (const Combination& c : combinations(o)) {
        for (long long p : prompts)
            if (p > 0) tests.push_back(predict_test(o, c, p, 0));
        for (long long n : gens)
            if (n > 0) tests.push_back(predict_test(o, c, 0, n));
        for (const auto& [p, n] : pgs)
            if (p > 0 && n > 0) tests.push_back(predict_test(o, c, p, n));
    }
    if (tests.empty()) throw UserError("command line", "-p/-n", "no test to run: every -p, -n and -pg value is 0");
    std::ostringstream out;  // printed only when every test simulated, so a refused one leaves no half table
    write_bench(out, o.output, tests, BenchBuild{kGitCommit, utc_now()});
    std::cout << out.str();
    return 0;
}

}  // namespace

Action add_bench_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "bench", "llama-bench on a simulated platform: its flags (-m -p -n -pg -ngl -t -b -ub -fa -ctk -ctv -r -o), "
                 "tests and output formats");
    auto o = std::make_shared<BenchOptions>();
    cmd->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    cmd->add_option("--platform", o->platform, "Platform preset (edgetwin list platforms) or preset file")->required();
    cmd->add_option("-m,--model", o->models,
                    "Model cards or GGUF files, comma lists (card:QUANT names the quant; a bare card is Q4_0 unless --quant)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_option("--quant", o->quant, "Quantization for model cards, e.g. Q4_K_M");
    cmd->add_option("--runtime", o->runtime, "Runtime profile (default: the platform's)");
    cmd->add_option("--power-mode", o->power_mode, "Power mode (platforms that have them)");
    cmd->add_option("--calibration", o->calibration, "Calibration overlay from `edgetwin calibrate`");
    cmd->add_option("-p,--n-prompt", o->n_prompt, "Prompt tokens per pp test (list, default 512)");
    cmd->add_option("-n,--n-gen", o->n_gen, "Generated tokens per tg test (list, default 128)");
    cmd->add_option("--prompt-gen", o->prompt_gen, "-pg pp,tg pairs of a combined test (e.g. 512,128)");
    cmd->add_option("--n-gpu-layers", o->ngl, "-ngl: layers on the GPU (list; default 99, i.e. all, where the platform has a GPU)");
    cmd->add_option("-t,--threads", o->threads, "CPU threads (list, default: the runtime's)");
    cmd->add_option("-b,--batch-size", o->batch, "Logical batch (list, default 2048; recorded)");
    cmd->add_option("--ubatch-size", o->ubatch, "-ub: physical batch (list, default 512; recorded)");
    cmd->add_option("--flash-attn", o->flash_attn, "-fa 0|1: the runtime's flash-attention profile");
    cmd->add_option("--cache-type-k", o->cache_k, "-ctk: K cache type (list, default f16)");
    cmd->add_option("--cache-type-v", o->cache_v, "-ctv: V cache type (list, default f16; must equal -ctk)");
    cmd->add_option("-r,--repetitions", o->repetitions, "Repetitions written as samples (default 5; a prediction has no spread)");
    cmd->add_option("-d,--n-depth", o->depth, "Pre-filled KV cache (only 0 is simulated)");
    cmd->add_option("-o,--output", o->output, "md, csv, json, jsonl or sql (default md)");
    cmd->add_option("--against", o->against, "A measured llama-bench file: print measured, predicted and error per test");
    return [o] { return bench(*o); };
}

}  // namespace edgetwin::cli
