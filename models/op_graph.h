#pragma once
// The workload as the hardware sees it: one op per kernel a runtime launches, with the arithmetic
// and the bytes it moves. Platform models turn ops into time; no platform knowledge here.
#include <cstdint>
#include <string>
#include <vector>

#include "models/quant_type.h"

namespace edgetwin {

enum class Phase { Prefill, Decode };
const char* phase_name(Phase p);

enum class OpKind { Embedding, RmsNorm, MatMul, Rope, KvStore, AttnScores, Softmax, AttnValues, Activation, Add };
const char* op_kind_name(OpKind k);

// Coarse op classes for "share of time per op class" in summaries.
enum class OpClass { MatMul, Attention, Norm, Elementwise, Embedding };
constexpr int kOpClassCount = 5;
OpClass op_class_of(OpKind k);
const char* op_class_name(OpClass c);

// The nonlinearity of an Activation op (kernels differ: ggml uses an fp16 table for GELU).
enum class ActivationFn { None, Silu, Gelu };

struct Op {
    std::string name;  // "blk.3.attn_q", "output", ...
    OpKind kind = OpKind::MatMul;
    int layer = -1;  // -1 for ops outside the layer stack
    // MatMul shape: m rows (tokens) x k inputs -> n outputs; attention matmuls carry their per-head
    // shape (scores: head_dim -> keys, values: keys -> head_dim). Zero for other kinds.
    std::int64_t m = 0, n = 0, k = 0;
    double macs = 0;             // multiply-accumulates
    double flops = 0;            // other arithmetic (add, mul, compare), not counting MACs
    double transcendentals = 0;  // exp, rsqrt, sin/cos evaluations
    GgmlType weight_type = GgmlType::F32;
    std::int64_t weight_bytes = 0;   // weight bytes this op reads
    std::int64_t weight_elems = 0;   // weights this op reads (for dequantisation work)
    std::int64_t act_read_bytes = 0;
    std::int64_t act_write_bytes = 0;
    GgmlType kv_type = GgmlType::F16;
    std::int64_t kv_read_bytes = 0;
    std::int64_t kv_write_bytes = 0;
    bool splittable = true;  // a runtime may split it across cores/threads
    // Tokens (batch x sequence positions) this op processes: the batch size runtimes dispatch on, and
    // the rows a row-split CPU kernel can spread over threads (per-head ops have heads x tokens rows).
    std::int64_t tokens = 1;
    ActivationFn activation = ActivationFn::None;  // Activation ops: which function
    bool gated = false;                            // Activation ops: times the up projection (GLU)

    double total_flops() const { return 2.0 * macs + flops; }
    std::int64_t total_bytes() const {
        return weight_bytes + act_read_bytes + act_write_bytes + kv_read_bytes + kv_write_bytes;
    }
};

struct OpGraph {
    Phase phase = Phase::Decode;
    int n_tokens = 1;   // tokens processed per sequence in this graph
    int position = 0;   // tokens already in the KV cache before this graph
    int batch = 1;      // independent sequences
    std::vector<Op> ops;
};

}  // namespace edgetwin
