#include "sim/scenario/design_point.h"

#include <cstdint>
#include <cstdio>

namespace edgetwin {

Json model_to_json(const ModelSpec& m) {
    const char* act = m.activation == FfnActivation::Gelu ? "gelu"
                      : m.activation == FfnActivation::GeluGated ? "gelu_gated" : "silu_gated";
    return {{"name", m.name},           {"family", m.family},         {"n_layer", m.n_layer},
            {"d_model", m.d_model},     {"n_head", m.n_head},         {"n_head_kv", m.n_head_kv},
            {"head_dim", m.head_dim},   {"d_ff", m.d_ff},             {"n_vocab", m.n_vocab},
            {"n_ctx_train", m.n_ctx_train}, {"tied_embeddings", m.tied_embeddings}, {"activation", act},
            {"rope_fraction", m.rope_fraction}, {"source", m.source}};
}

Json DesignPoint::resolved() const {
    Json q = {{"name", quant.name}, {"default_type", ggml_type_name(quant.default_type)},
              {"kv_type", ggml_type_name(quant.kv_type)}};
    for (const auto& [cls, t] : quant.overrides) q["overrides"][tensor_class_name(cls)] = ggml_type_name(t);
    Json settings = Json::object();
    const auto& s = platform.settings;
    if (s.freq_hz) settings["freq_hz"] = *s.freq_hz;
    if (s.power_mode) settings["power_mode"] = *s.power_mode;
    if (s.threads) settings["threads"] = *s.threads;
    if (s.gpu_layers) settings["gpu_layers"] = *s.gpu_layers;
    return {{"schema_version", 1},
            {"model", model_to_json(model)},
            {"quant", q},
            {"workload",
             {{"n_prompt", workload.n_prompt},
              {"n_gen", workload.n_gen},
              {"batch", workload.batch},
              {"ctx", workload.effective_ctx()}}},
            {"platform", platform.preset},
            {"runtime", platform.runtime},
            {"settings", settings},
            {"fidelity", fidelity}};
}

std::string DesignPoint::config_hash() const {
    const std::string text = resolved().dump();
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a 64 offset basis
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;  // FNV prime
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

}  // namespace edgetwin
