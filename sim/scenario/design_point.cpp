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
            {"rope_fraction", m.rope_fraction}, {"source", m.source},
            {"norm", m.norm == NormKind::Layer ? "layer" : "rms"}, {"norms_per_layer", m.norms_per_layer},
            {"parallel_attn_ffn", m.parallel_attn_ffn}, {"qkv_bias", m.qkv_bias}, {"linear_bias", m.linear_bias},
            {"qk_norm", m.qk_norm}, {"sliding_window", m.sliding_window}, {"swa_pattern", m.swa_pattern}};
}

// The type of every weight matrix as the lowering will use it, e.g. {"attn_v": ["Q6_K", "Q4_K", ...]}:
// per layer, so layer-dependent llama.cpp rules and per-tensor types from files are recorded.
static Json tensor_types_json(const ModelSpec& m, const QuantScheme& q) {
    Json out = Json::object();
    for (TensorClass c : {TensorClass::AttnQ, TensorClass::AttnK, TensorClass::AttnV, TensorClass::AttnOutput,
                          TensorClass::FfnGate, TensorClass::FfnUp, TensorClass::FfnDown}) {
        Json per_layer = Json::array();
        for (int l = 0; l < m.n_layer; ++l) per_layer.push_back(ggml_type_name(q.type_of(c, l, m)));
        out[tensor_class_name(c)] = per_layer;
    }
    out["token_embd"] = ggml_type_name(q.type_of(TensorClass::TokenEmbd, -1, m));
    if (!m.tied_embeddings) out["output"] = ggml_type_name(q.type_of(TensorClass::Output, -1, m));
    return out;
}

Json DesignPoint::resolved() const {
    Json q = {{"name", quant.name}, {"default_type", ggml_type_name(quant.default_type)},
              {"kv_type", ggml_type_name(quant.kv_type)}, {"llama_ftype", quant.llama_ftype},
              {"tensor_types", tensor_types_json(model, quant)}};
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
