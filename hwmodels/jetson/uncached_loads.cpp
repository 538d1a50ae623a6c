// Loads per op against pinned host memory, from ggml-cpu's loops (ggml/src/ggml-cpu/ggml-cpu.c,
// ggml-cpu-quants.c, ggml-quants.c @ c392e509, Feb 2025; the same loops in llama.cpp b1618's ggml.c):
// - mul_mat converts its f32 activations to the weight's vec_dot type first, row-parallel, then all
//   threads pass a barrier: K-quants use quantize_row_q8_K, which has no NEON path on Arm
//   (quantize_row_q8_K_ref: one scalar pass for the absolute maximum, one to quantize); the q4/q5/q8
//   legacy blocks use quantize_row_q8_0/q8_1's NEON loop (one 16-byte load per 4 floats); f16 weights
//   convert through the scalar GGML_FP32_TO_FP16 loop. The dot products then read the converted copy in
//   the thread's cached work buffer.
// - rms_norm: scalar sum of squares (double accumulator, not vectorised), memcpy to the output, then
//   ggml_vec_scale_f32 (NEON) over it: 1 + 1/4 + 1/4 loads per element.
// - gelu: GGML_GELU_FP16 table lookup per element (scalar); silu: NEON ggml_v_silu since 2024, the fp16
//   table before; the gate x up product and residual adds: vectorised loops (1/4 per input element).
// - rope and the f32 -> f16 KV copy: scalar per element.
// - attention: Q (and the softmax output) converted to f16 for ggml_vec_dot_f16 (scalar per element);
//   soft_max copies each scaled row into the thread's cached work buffer (NEON) and reads its output back
//   once to normalise it (NEON); K and V are read in 16-byte loads when the cache is pinned.
// - the lm_head's logits are memcpy'd out of the compute buffer (16-byte loads).
#include "hwmodels/jetson/uncached_loads.h"

#include <limits>

namespace edgetwin::jetson {
namespace {

constexpr double kF32 = 4.0;
constexpr double kVector = 0.25;  // one 16-byte NEON load per 4 floats

bool k_quant(GgmlType t) {
    switch (t) {
        case GgmlType::Q2_K: case GgmlType::Q3_K: case GgmlType::Q4_K: case GgmlType::Q5_K: case GgmlType::Q6_K:
            return true;
        default:
            return false;
    }
}

double src1_conversion_per_elem(GgmlType weight) {
    if (k_quant(weight)) return 2.0;
    if (weight == GgmlType::F16) return 1.0;
    if (weight == GgmlType::F32) return kVector;  // no conversion: ggml_vec_dot_f32 reads the row (NEON)
    return kVector;
}

}  // namespace

UncachedLoads uncached_loads(const Op& op, const UncachedBuffers& buffers) {
    const double in_elems = static_cast<double>(op.act_read_bytes) / kF32;
    const double kv_loads = buffers.kv_cache ? static_cast<double>(op.kv_read_bytes) / 16.0 : 0.0;
    UncachedLoads u;
    // Per-head ops split heads x tokens rows, more than any CPU has threads.
    const bool per_head = op.kind == OpKind::Rope || op.kind == OpKind::AttnScores || op.kind == OpKind::Softmax ||
                          op.kind == OpKind::AttnValues ||
                          (op.kind == OpKind::RmsNorm && op.name.size() >= 11 &&
                           op.name.compare(op.name.size() - 11, 11, "attn_qk_norm") == 0);
    u.rows = per_head ? std::numeric_limits<std::int32_t>::max() : op.tokens;
    switch (op.kind) {
        case OpKind::MatMul:
            u.loads = in_elems * src1_conversion_per_elem(op.weight_type);
            if (op.name == "output") u.loads += static_cast<double>(op.act_write_bytes) / 16.0;
            u.before_barrier = true;
            break;
        case OpKind::RmsNorm:
            u.loads = in_elems * (1.0 + 2 * kVector);
            break;
        case OpKind::Activation: {
            const double out_elems = static_cast<double>(op.act_write_bytes) / kF32;
            const bool table = op.activation == ActivationFn::Gelu ||
                               (op.activation == ActivationFn::Silu && buffers.silu_lookup_table);
            u.loads = out_elems * (table ? 1.0 : kVector) + (op.gated ? 2 * out_elems * kVector : 0.0);
            break;
        }
        case OpKind::Add:
            u.loads = in_elems * kVector;
            break;
        case OpKind::Rope:
        case OpKind::KvStore:
            u.loads = in_elems;
            break;
        case OpKind::AttnScores:
        case OpKind::AttnValues:
            u.loads = in_elems + kv_loads;
            break;
        case OpKind::Softmax:
            u.loads = in_elems * 2 * kVector;
            break;
        case OpKind::Embedding:
            u.loads = 0;  // get_rows reads the (cached) weights and writes the compute buffer
            break;
    }
    return u;
}

}  // namespace edgetwin::jetson
