#pragma once
// Which device runs each op under a runtime's layer-placement rules (llama.cpp -ngl semantics).
#include <string>

#include "models/op_graph.h"

namespace edgetwin::jetson {

enum class Device { Cpu, Gpu };

enum class OffloadMode { None, LlamaCpp, LlamaCppLegacy, All };
OffloadMode parse_offload_mode(const std::string& s);  // values the runtime schema allowed

struct OffloadRule {
    OffloadMode mode = OffloadMode::All;
    int n_layer = 0;
    int ngl = -1;  // -1: everything the runtime can offload

    Device device_of(const Op& op) const;
    // True when the op that runs before `op` in the lowered graph ran on the other device, so the
    // runtime synchronises and hands the activations over before `op` starts.
    bool hands_over_before(const Op& op) const;
    // Layers (including the output layer as one) that end up on the GPU, as llama.cpp reports it.
    int offloaded_layers() const;

private:
    int effective_ngl() const { return ngl < 0 ? n_layer + 3 : ngl; }
    Device layer_device(int layer) const;                 // layer -1 = the output layer
    Device attention_device(OpKind kind, int layer) const;
    Device kind_device(OpKind kind, int layer, const std::string& name) const;
};

}  // namespace edgetwin::jetson
