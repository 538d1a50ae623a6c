#pragma once
// Builders for Jetson tests: design points from preset/runtime/model names, as a user writes them.
#include <optional>
#include <string>

#include "models/op_graph.h"
#include "models/quant_recipes.h"
#include "models/quant_type.h"
#include "sim/runner/simulate.h"
#include "sim/scenario/scenario.h"

namespace edgetwin::test {

struct JetsonRun {
    JetsonRun(std::string platform_, std::string runtime_, std::string model_, std::string quant_, int n_prompt_,
              int n_gen_, std::optional<std::string> power_mode_ = std::nullopt, std::optional<int> ngl_ = std::nullopt)
        : platform(std::move(platform_)),
          runtime(std::move(runtime_)),
          model(std::move(model_)),
          quant(std::move(quant_)),
          n_prompt(n_prompt_),
          n_gen(n_gen_),
          power_mode(std::move(power_mode_)),
          ngl(ngl_) {}
    std::string platform, runtime, model, quant;
    int n_prompt = 512, n_gen = 128;
    std::optional<std::string> power_mode;
    std::optional<int> ngl;
    std::string fidelity = "analytic";
};

// A decode GEMV of block 0 (one token): k inputs -> n outputs with weights of type t, no activation bytes.
inline Op gemv_op(std::int64_t k, std::int64_t n, GgmlType t) {
    Op op;
    op.name = "blk.0.attn_q";
    op.kind = OpKind::MatMul;
    op.layer = 0;
    op.m = 1;
    op.k = k;
    op.n = n;
    op.macs = static_cast<double>(k) * n;
    op.weight_type = t;
    op.weight_elems = k * n;
    op.weight_bytes = tensor_bytes(t, k, n);
    return op;
}

inline DesignPoint jetson_point(const JetsonRun& r) {
    ScenarioInputs in = default_scenario_inputs();
    in.platform.value = r.platform;
    in.runtime.value = r.runtime;
    in.model.value = r.model;
    in.quant.value = r.quant;
    in.n_prompt.value = r.n_prompt;
    in.n_gen.value = r.n_gen;
    in.ctx.value = r.n_prompt + r.n_gen;
    in.fidelity.value = r.fidelity;
    if (r.power_mode) in.power_mode = Sourced<std::string>{*r.power_mode, "test", "--power-mode"};
    if (r.ngl) in.gpu_layers = Sourced<long long>{*r.ngl, "test", "--gpu-layers"};
    return resolve_design_point(in);
}

}  // namespace edgetwin::test
