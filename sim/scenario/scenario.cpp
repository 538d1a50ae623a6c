#include "sim/scenario/scenario.h"

#include "models/model_card.h"
#include "models/quant_recipes.h"
#include "sim/core/input_file.h"
#include "sim/core/params.h"
#include "sim/core/user_error.h"
#include "sim/engine/i_engine.h"

namespace edgetwin {
namespace {

constexpr long long kMaxTokens = 1 << 20;

const ParamSchema& top_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("scenario", "Scenario file: one experiment")
            .add(integer("schema_version", "Scenario format version").required().range(1, 1))
            .add(text("name", "Experiment name").def("run"))
            .add(text("description", "What the experiment asks").def("")));
    return s;
}

const ParamSchema& workload_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("scenario.workload", "What runs")
            .add(text("model", "Model card name or path to a card/model file").required())
            .add(text("quant", "Quantization (Q4_0, Q4_K_M, Q8_0, F16, ...); omit for a model file, whose "
                               "own tensor types are used"))
            .add(text("kv_type", "KV-cache element type").def("f16"))
            .add(integer("n_prompt", "Prompt tokens (prefill)").def(512).range(0, kMaxTokens))
            .add(integer("n_gen", "Decode steps after the prefill").def(128).range(0, kMaxTokens))
            .add(integer("batch", "Independent sequences").def(1).range(1, 4096))
            .add(integer("ctx", "KV-cache size in tokens; 0 = n_prompt + n_gen").def(0).range(0, 1 << 24)));
    return s;
}

const ParamSchema& hardware_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("scenario.hardware", "What executes it")
            .add(text("platform", "Platform preset name (edgetwin list platforms) or preset path").required())
            .add(quantity("freq", Dimension::Frequency, "Core/GPU clock setting").range(1e3, 1e11))
            .add(text("power_mode", "Power mode (nvpmodel name) where the platform has them")));
    return s;
}

const ParamSchema& runtime_section_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("scenario.runtime", "How it is executed")
            .add(text("profile", "Runtime profile name or path; default: the platform's default_runtime"))
            .add(integer("threads", "Worker threads").range(1, 1024))
            .add(integer("gpu_layers", "Layers offloaded to the GPU (llama.cpp -ngl)").range(0, 100000)));
    return s;
}

const ParamSchema& run_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("scenario.run", "How it is simulated")
            .add(choice("fidelity", {"analytic", "tlm"}, "Engine").def("analytic")));
    return s;
}

const ParamSchema& alerts_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("scenario.alerts", "Thresholds recorded with their simulated time when crossed")
            .add(quantity("temperature", Dimension::Temperature, "Package temperature").range(-100, 300))
            .add(quantity("power", Dimension::Power, "Average power over a token").range(0, 1e5))
            .add(real("memory_share", "Footprint / capacity of any memory level").range(0, 1)));
    return s;
}

const ParamSchema& outputs_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("scenario.outputs", "Where results go")
            .add(text("h5", "HDF5 result file").def("results.h5"))
            .add(text("report", "HTML report file (empty: none)").def("")));
    return s;
}

template <class T>
Sourced<T> src(T v, const std::string& file, const std::string& key) {
    return Sourced<T>{std::move(v), file, key};
}

void check_range(const Sourced<long long>& v, long long lo, long long hi) {
    if (v.value < lo || v.value > hi)
        throw UserError(v.origin, v.key, std::to_string(v.value) + " is out of range (allowed " + std::to_string(lo) +
                                             ".." + std::to_string(hi) + ")");
}

}  // namespace

ScenarioInputs default_scenario_inputs() {
    ScenarioInputs in;
    const std::string cl = "command line";
    in.model = src<std::string>("", cl, "--model");
    in.quant = src<std::string>("", cl, "--quant");
    in.platform = src<std::string>("", cl, "--platform");
    in.runtime = src<std::string>("", cl, "--runtime");
    in.kv_type = src<std::string>("f16", cl, "--kv-type");
    in.fidelity = src<std::string>("analytic", cl, "--fidelity");
    in.n_prompt = src<long long>(512, cl, "--n-prompt");
    in.n_gen = src<long long>(128, cl, "--n-gen");
    in.batch = src<long long>(1, cl, "--batch");
    in.ctx = src<long long>(0, cl, "--ctx");
    for (bool* d : {&in.kv_type.defaulted, &in.n_prompt.defaulted, &in.n_gen.defaulted, &in.ctx.defaulted}) *d = true;
    return in;
}

ScenarioInputs read_scenario_file(const std::string& path) {
    Json source = load_json_file(path);
    ScenarioInputs in = read_scenario_json(source, path);
    in.source = std::move(source);
    return in;
}

ScenarioInputs read_scenario_json(const Json& j, const std::string& path) {
    ScenarioInputs in = default_scenario_inputs();
    in.file = path;
    const std::vector<std::string> sections{"workload", "hardware", "runtime", "run", "alerts", "outputs", "sweep"};
    ParamValues top = top_schema().read(j, path, "", sections);
    in.has_sweep = j.contains("sweep");
    in.name = top.str("name");

    ParamValues w = workload_schema().read(require_field(j, "workload", path, ""), path, "workload");
    in.model = src(w.str("model"), path, "workload.model");
    in.quant = src(w.has("quant") ? w.str("quant") : std::string(), path, "workload.quant");
    in.kv_type = src(w.str("kv_type"), path, "workload.kv_type");
    in.n_prompt = src<long long>(w.integer("n_prompt"), path, "workload.n_prompt");
    in.n_gen = src<long long>(w.integer("n_gen"), path, "workload.n_gen");
    in.batch = src<long long>(w.integer("batch"), path, "workload.batch");
    in.ctx = src<long long>(w.integer("ctx"), path, "workload.ctx");
    const Json& workload = j["workload"];
    in.kv_type.defaulted = !workload.contains("kv_type");
    in.n_prompt.defaulted = !workload.contains("n_prompt");
    in.n_gen.defaulted = !workload.contains("n_gen");
    in.ctx.defaulted = !workload.contains("ctx");

    const Json& hw = require_field(j, "hardware", path, "");
    ParamValues h = hardware_schema().read(hw, path, "hardware", {"set"});
    in.platform = src(h.str("platform"), path, "hardware.platform");
    if (h.has("freq")) in.freq = src(hw["freq"].get<std::string>(), path, "hardware.freq");
    if (h.has("power_mode")) in.power_mode = src(h.str("power_mode"), path, "hardware.power_mode");
    if (hw.contains("set")) in.hardware_set = hw["set"];

    in.runtime = src<std::string>("", path, "runtime.profile");
    if (j.contains("runtime")) {
        const Json& rt = j["runtime"];
        ParamValues r = runtime_section_schema().read(rt, path, "runtime", {"set"});
        if (r.has("profile")) in.runtime = src(r.str("profile"), path, "runtime.profile");
        if (r.has("threads")) in.threads = src<long long>(r.integer("threads"), path, "runtime.threads");
        if (r.has("gpu_layers")) in.gpu_layers = src<long long>(r.integer("gpu_layers"), path, "runtime.gpu_layers");
        if (rt.contains("set")) in.runtime_set = rt["set"];
    }
    if (j.contains("run")) {
        ParamValues r = run_schema().read(j["run"], path, "run");
        in.fidelity = src(r.str("fidelity"), path, "run.fidelity");
    }
    if (j.contains("alerts")) {
        ParamValues a = alerts_schema().read(j["alerts"], path, "alerts");
        if (a.has("temperature")) in.alerts.temperature_C = a.num("temperature");
        if (a.has("power")) in.alerts.power_W = a.num("power");
        if (a.has("memory_share")) in.alerts.memory_share = a.num("memory_share");
    }
    if (j.contains("outputs")) {
        ParamValues o = outputs_schema().read(j["outputs"], path, "outputs");
        in.h5_path = o.str("h5");
        in.report_path = o.str("report");
    }
    return in;
}

namespace {

// A runtime profile is written for one platform family (its keys are that family's): a CPU profile
// of the generic family on a Jetson board is a wrong choice of runtime, not an unknown key.
void check_runtime_family(const PresetFile& runtime, const PresetFile& preset, const Sourced<std::string>& src) {
    const std::string want = optional_string(preset.json, "family", "", preset.path, "");
    const std::string have = optional_string(runtime.json, "family", "", runtime.path, "");
    if (want.empty() || have.empty() || want == have) return;
    std::string same;
    for (const std::string& name : runtime_profile_names()) {
        const PresetFile other = load_runtime_profile(name, src.origin, src.key);
        if (other.json.contains("family") && other.json["family"] == want) same += (same.empty() ? "" : ", ") + name;
    }
    throw UserError(src.origin, src.key, "runtime '" + brief(src.value) + "' is for " + have + " platforms, but " +
                                             optional_string(preset.json, "name", preset.path, preset.path, "") + " is a " + want +
                                             " platform (its runtimes: " + same + ")");
}

// Settings a runtime implies for what nobody set: llama2.c's run.c allocates an fp32 KV cache of
// the model's seq_len and generates 256 steps from BOS, so `run --runtime llama2.c-run` means that run,
// not llama-bench's pp512/tg128. The scenario layer consumes the runtime's "implies" object (families
// never see it).
struct ImpliedSettings {
    std::optional<std::string> kv_type;
    std::optional<long long> n_prompt, n_gen;
    bool ctx_from_model = false;
};

ImpliedSettings take_implied_settings(Json& runtime, const std::string& file) {
    ImpliedSettings out;
    if (!runtime.is_object() || !runtime.contains("implies")) return out;
    const Json imp = runtime["implies"];
    runtime.erase("implies");
    reject_unknown_keys(imp, {"kv_type", "n_prompt", "n_gen", "ctx", "source"}, file, "implies");
    auto count = [&](const char* k) -> std::optional<long long> {
        if (!imp.contains(k)) return std::nullopt;
        if (!imp[k].is_number_integer() || imp[k].get<long long>() < 0 || imp[k].get<long long>() > kMaxTokens)
            throw UserError(file, std::string("implies.") + k, "expected a token count 0.." + std::to_string(kMaxTokens));
        return imp[k].get<long long>();
    };
    if (imp.contains("kv_type")) out.kv_type = require_string(imp, "kv_type", file, "implies");
    out.n_prompt = count("n_prompt");
    out.n_gen = count("n_gen");
    if (imp.contains("ctx")) {
        if (imp["ctx"] != "model") throw UserError(file, "implies.ctx", "allowed: \"model\" (the model's trained context)");
        out.ctx_from_model = true;
    }
    return out;
}

}  // namespace

DesignPoint resolve_design_point(const ScenarioInputs& in) {
    for (const auto* s : {&in.model, &in.platform})
        if (s->value.empty()) throw UserError(s->origin, s->key, "is required");
    check_range(in.n_prompt, 0, kMaxTokens);
    check_range(in.n_gen, 0, kMaxTokens);
    check_range(in.batch, 1, 4096);
    check_range(in.ctx, 0, 1 << 24);
    if (in.n_prompt.value + in.n_gen.value < 1)
        throw UserError(in.n_gen.origin, in.n_gen.key, "n_prompt + n_gen must be at least 1");

    DesignPoint p;
    p.origin = in.file;
    p.name = in.name;
    p.model_ref = in.model.value;
    LoadedModel loaded = load_model_with_quant(in.model.value, in.model.origin, in.model.key);
    p.model = loaded.model;
    // Overrides change values, not which file this is: a family, name or format version set from a
    // scenario would make the preset describe something else.
    for (const auto& [set, name] : {std::pair<const Json*, const char*>{&in.hardware_set, "hardware.set"}, {&in.runtime_set, "runtime.set"}})
        for (const char* identity : {"family", "name", "schema_version"})
            if (set->is_object() && set->contains(identity))
                throw UserError(in.file, join_key(name, identity), "cannot be overridden (choose another platform or runtime instead)");
    PresetFile preset = load_platform_preset(in.platform.value, in.platform.origin, in.platform.key);
    apply_overrides(preset.json, in.hardware_set, in.file, "hardware.set");
    p.platform_ref = in.platform.value;
    p.platform.preset = preset.json;
    p.platform.file = preset.path;

    std::string runtime_name = in.runtime.value;
    Sourced<std::string> rt_src = in.runtime;
    if (runtime_name.empty()) {
        if (!preset.json.contains("default_runtime") || !preset.json["default_runtime"].is_string())
            throw UserError(preset.path, "default_runtime", "required string is missing");
        runtime_name = preset.json["default_runtime"].get<std::string>();
        rt_src = {runtime_name, preset.path, "default_runtime"};
    }
    PresetFile runtime = load_runtime_profile(runtime_name, rt_src.origin, rt_src.key);
    check_runtime_family(runtime, preset, rt_src);
    apply_overrides(runtime.json, in.runtime_set, in.file, "runtime.set");
    p.runtime_ref = runtime_name;
    p.platform.runtime = runtime.json;
    p.platform.runtime_file = runtime.path;
    const ImpliedSettings implied = take_implied_settings(p.platform.runtime, runtime.path);
    Sourced<std::string> kv_type = in.kv_type;
    Sourced<long long> n_prompt = in.n_prompt, n_gen = in.n_gen, ctx = in.ctx;
    if (implied.kv_type && kv_type.defaulted) kv_type = {*implied.kv_type, runtime.path, "implies.kv_type"};
    if (implied.n_prompt && n_prompt.defaulted) n_prompt = {*implied.n_prompt, runtime.path, "implies.n_prompt"};
    if (implied.ctx_from_model && ctx.defaulted) ctx = {p.model.n_ctx_train, runtime.path, "implies.ctx"};
    if (implied.n_gen && n_gen.defaulted) {
        // run.c caps its steps at seq_len.
        const long long room = ctx.value > 0 ? std::max<long long>(0, ctx.value - n_prompt.value) : *implied.n_gen;
        n_gen = {std::min(*implied.n_gen, room), runtime.path, "implies.n_gen"};
    }
    if (n_prompt.value + n_gen.value < 1)
        throw UserError(n_gen.origin, n_gen.key, "n_prompt + n_gen must be at least 1");

    const GgmlType kv = kv_type_from_name(kv_type.value, kv_type.origin, kv_type.key);
    if (loaded.quant) {
        // A GGUF or llama2.c file fixes the type of every tensor; a second quant would contradict it.
        if (!in.quant.value.empty())
            throw UserError(in.quant.origin, in.quant.key,
                            "the model file '" + in.model.value + "' stores its own quantization (" +
                                loaded.quant->name + "); remove the quant setting");
        p.quant = *loaded.quant;
        p.quant.kv_type = kv;
    } else {
        if (in.quant.value.empty()) throw UserError(in.quant.origin, in.quant.key, "is required for a model card");
        p.quant = quant_scheme_from_name(in.quant.value, kv, in.quant.origin, in.quant.key);
    }
    p.workload.n_prompt = static_cast<int>(n_prompt.value);
    p.workload.n_gen = static_cast<int>(n_gen.value);
    p.workload.batch = static_cast<int>(in.batch.value);
    p.workload.ctx = static_cast<int>(ctx.value);
    if (p.workload.ctx > 0 && p.workload.ctx < p.workload.n_prompt + p.workload.n_gen)
        throw UserError(ctx.origin, ctx.key,
                        "context " + std::to_string(p.workload.ctx) + " is shorter than n_prompt + n_gen = " +
                            std::to_string(p.workload.n_prompt + p.workload.n_gen));

    bool known_fidelity = false;
    for (const auto& e : engine_names()) known_fidelity |= e == in.fidelity.value;
    if (!known_fidelity)
        throw UserError(in.fidelity.origin, in.fidelity.key,
                        "unknown fidelity '" + in.fidelity.value + "' (allowed: analytic, tlm)");
    p.fidelity = in.fidelity.value;
    p.alerts = in.alerts;


    if (in.freq) {
        UnitParse f = parse_quantity(in.freq->value, Dimension::Frequency);
        if (!f.ok) throw UserError(in.freq->origin, in.freq->key, f.error);
        p.platform.settings.freq_hz = f.value_si;
    }
    if (in.power_mode) p.platform.settings.power_mode = in.power_mode->value;
    if (in.threads) {
        check_range(*in.threads, 1, 1024);
        p.platform.settings.threads = static_cast<int>(in.threads->value);
    }
    if (in.gpu_layers) {
        check_range(*in.gpu_layers, 0, 100000);
        p.platform.settings.gpu_layers = static_cast<int>(in.gpu_layers->value);
    }
    return p;
}

}  // namespace edgetwin

#include "sim/runner/simulate.h"

namespace edgetwin {

std::unique_ptr<IPlatform> build_validated_platform(const DesignPoint& point, const ScenarioInputs& in) {
    return with_input_origins(point, in, [&] { return build_platform(point); });
}

void rethrow_against_inputs(const UserError& e, const DesignPoint& point, const ScenarioInputs& in) {
    if (e.file() == "settings") {
        const std::string& k = e.key_path();
        auto rethrow = [&](const auto& opt) {
            if (opt) throw UserError(opt->origin, opt->key, e.detail());
        };
        if (k == "freq") rethrow(in.freq);
        if (k == "power_mode") rethrow(in.power_mode);
        if (k == "threads") rethrow(in.threads);
        if (k == "gpu_layers") rethrow(in.gpu_layers);
        if (k == "quant") throw UserError(in.quant.origin, in.quant.key, e.detail());
    }
    // A mistake inside an overridden value is reported against the scenario's "set" entry.
    const Json* sets[] = {&in.hardware_set, &in.runtime_set};
    const char* names[] = {"hardware.set", "runtime.set"};
    const std::string files[] = {point.platform.file, point.platform.runtime_file};
    for (int i = 0; i < 2; ++i) {
        if (e.file() != files[i]) continue;
        for (auto it = sets[i]->begin(); it != sets[i]->end(); ++it) {
            if (e.key_path() != it.key()) continue;
            const std::string key = join_key(names[i], it.key());
            if (auto o = in.set_origins.find(key); o != in.set_origins.end())
                throw UserError(o->second.first, o->second.second, e.detail());
            throw UserError(in.file, key, e.detail());
        }
    }
    throw e;
}

}  // namespace edgetwin

namespace edgetwin {
namespace {
// Register the scenario schemas at load time so `edgetwin list params` shows them.
[[maybe_unused]] const bool kScenarioSchemasRegistered = [] {
    top_schema();
    workload_schema();
    hardware_schema();
    runtime_section_schema();
    run_schema();
    alerts_schema();
    outputs_schema();
    return true;
}();
}  // namespace
}  // namespace edgetwin
