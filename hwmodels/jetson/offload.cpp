// Layer placement rules, verified against ggml-org/llama.cpp sources:
//  - current (src/llama-model.cpp, load_tensors): i_gpu_start = max(n_layer + 1 - ngl, 0) and
//    act_gpu_layers = min(ngl, n_layer + 1) over slots 0..n_layer where slot n_layer is the output layer,
//    so any ngl >= 1 offloads the output layer first, then the last ngl-1 blocks; the input (token
//    embedding) stays on the CPU ("very little benefit to offloading the input layer"). With the default
//    offload_kqv=true each block's KV cache and attention live with the block.
//  - legacy (llama.cpp up to early Dec 2023, e.g. b1618 used for the Jetson Nano rows J1-J5):
//    i_gpu_start = n_layer - n_gpu_layers (the last ngl blocks); output/norm offloaded when
//    n_gpu_layers > n_layer; V cache and KQV ops when > n_layer + 1; K cache and KQ ops when > n_layer + 2
//    (llm_build_llama offload_func_nr / offload_func_v / offload_func_kq, llama_kv_cache_init), which is
//    why that build reports "offloaded N/25 layers" for a 22-block model. The Nov 2023 k_offload_map
//    (llama.cpp 08ef054) puts Qcur/Kcur (so RoPE), kq and the K store in the KQ class and kq_soft_max,
//    kqv and the V store in the V class; b1618's fused kq_soft_max_ext is taken to inherit V.
#include "hwmodels/jetson/offload.h"

#include <algorithm>
#include <stdexcept>

namespace edgetwin::jetson {

OffloadMode parse_offload_mode(const std::string& s) {
    if (s == "none") return OffloadMode::None;
    if (s == "llama.cpp") return OffloadMode::LlamaCpp;
    if (s == "llama.cpp-legacy") return OffloadMode::LlamaCppLegacy;
    if (s == "all") return OffloadMode::All;
    throw std::invalid_argument("offload mode " + s);
}

int OffloadRule::offloaded_layers() const {
    const int k = effective_ngl();
    switch (mode) {
        case OffloadMode::None: return 0;
        case OffloadMode::All: return n_layer + 1;
        case OffloadMode::LlamaCpp: return std::min(k, n_layer + 1);
        case OffloadMode::LlamaCppLegacy: return std::min(k, n_layer + 3);
    }
    return 0;
}

Device OffloadRule::layer_device(int layer) const {
    const int k = effective_ngl();
    switch (mode) {
        case OffloadMode::None: return Device::Cpu;
        case OffloadMode::All: return Device::Gpu;
        case OffloadMode::LlamaCpp: {
            const int slot = layer < 0 ? n_layer : layer;
            const int start = std::max(n_layer + 1 - k, 0);
            return slot >= start ? Device::Gpu : Device::Cpu;
        }
        case OffloadMode::LlamaCppLegacy:
            if (layer < 0) return k > n_layer ? Device::Gpu : Device::Cpu;
            return layer >= n_layer - k ? Device::Gpu : Device::Cpu;
    }
    return Device::Cpu;
}

Device OffloadRule::attention_device(OpKind kind, int layer) const {
    const Device d = layer_device(layer);
    if (mode != OffloadMode::LlamaCppLegacy || d == Device::Cpu) return d;
    const int k = effective_ngl();
    if (kind == OpKind::AttnValues || kind == OpKind::Softmax) return k > n_layer + 1 ? Device::Gpu : Device::Cpu;
    return k > n_layer + 2 ? Device::Gpu : Device::Cpu;  // RoPE, K store and KQ follow the K cache
}

Device OffloadRule::kind_device(OpKind kind, int layer, const std::string& name) const {
    if (kind == OpKind::Embedding) return mode == OffloadMode::All ? Device::Gpu : Device::Cpu;
    if (layer >= 0 && (kind == OpKind::Rope || kind == OpKind::KvStore || kind == OpKind::AttnScores ||
                       kind == OpKind::Softmax || kind == OpKind::AttnValues))
        return attention_device(kind, layer);
    (void)name;
    return layer_device(layer);
}

Device OffloadRule::device_of(const Op& op) const { return kind_device(op.kind, op.layer, op.name); }

bool OffloadRule::hands_over_before(const Op& op) const {
    const Device here = device_of(op);
    auto ends_with = [&](const char* s) {
        const std::string suffix(s);
        return op.name.size() >= suffix.size() && op.name.compare(op.name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    Device before = here;
    if (op.kind == OpKind::Embedding) {
        before = here;  // the graph starts here; input upload is part of the token overhead
    } else if (op.layer >= 0 && ends_with(".attn_norm")) {
        before = op.layer == 0 ? kind_device(OpKind::Embedding, -1, "") : layer_device(op.layer - 1);
    } else if (op.layer < 0 && op.name == "output_norm") {
        before = layer_device(n_layer - 1);
    } else if (op.kind == OpKind::Rope) {
        before = layer_device(op.layer);  // after the Q/K/V projections
    } else if (op.kind == OpKind::KvStore) {
        before = attention_device(OpKind::Rope, op.layer);
    } else if (op.kind == OpKind::AttnScores) {
        before = attention_device(OpKind::KvStore, op.layer);
    } else if (op.kind == OpKind::Softmax) {
        before = attention_device(OpKind::AttnScores, op.layer);
    } else if (op.kind == OpKind::AttnValues) {
        before = attention_device(OpKind::Softmax, op.layer);
    } else if (op.layer >= 0 && ends_with(".attn_output")) {
        before = attention_device(OpKind::AttnValues, op.layer);
    }
    return before != here;
}

}  // namespace edgetwin::jetson
