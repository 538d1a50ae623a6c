// Capability rules from the TensorRT developer guide, "DLA Supported Layers and Restrictions"
// (docs.nvidia.com/deeplearning/tensorrt/latest/inference-library/dla-layer-restrictions.html): FP16 or
// INT8 only; no dynamic dimensions (runtime shapes must equal the build shapes); batch <= 4096; every
// non-batch dimension <= 8192; activations limited to ReLU/Sigmoid/TanH/Clip. A matmul needs a constant
// (weight) operand to become a DLA fully-connected/1x1-convolution layer.
#include "hwmodels/jetson/dla.h"

namespace edgetwin::jetson {

namespace {
constexpr std::int64_t kMaxDim = 8192;    // largest non-batch dimension
constexpr std::int64_t kMaxBatch = 4096;  // tokens of a prompt are the FC's batch

bool fp16_weights(GgmlType t) { return t == GgmlType::F16 || t == GgmlType::F32; }  // F32 is built as FP16
bool int8_weights(GgmlType t) { return t == GgmlType::I8; }                         // per-tensor int8
}  // namespace

std::string dla_refusal(const Op& op) {
    switch (op.kind) {
        case OpKind::MatMul: {
            if (!fp16_weights(op.weight_type) && !int8_weights(op.weight_type))
                return std::string("weights are ") + quant_info(op.weight_type).name +
                       "; DLA takes FP16 or per-tensor INT8 weights only (no 4-bit or block-scaled formats)";
            if (op.k > kMaxDim || op.n > kMaxDim)
                return "a dimension (" + std::to_string(op.k) + " in, " + std::to_string(op.n) +
                       " out) exceeds DLA's 8192 limit";
            if (op.m > kMaxBatch) return std::to_string(op.m) + " tokens exceed DLA's batch limit of 4096";
            return "";
        }
        case OpKind::AttnScores:
        case OpKind::AttnValues:
            return "activation x KV-cache matmul: no constant weights, and the KV length changes every step "
                   "(DLA has no dynamic dimensions)";
        case OpKind::Softmax: return "softmax over the runtime KV length (dynamic dimension)";
        case OpKind::KvStore: return "scatter into the KV cache at a runtime position";
        case OpKind::Rope: return "rotary embedding gathers sin/cos rows by runtime position (no gather on DLA)";
        case OpKind::Embedding: return "token-embedding gather by runtime ids (no gather on DLA)";
        case OpKind::RmsNorm: return "RMS norm needs a mean-square reduction and rsqrt (no DLA layer)";
        case OpKind::Activation:
        case OpKind::Add:
            return "DLA-capable (Sigmoid/ElementWise) but kept on the GPU between GPU-only ops: a DLA round trip "
                   "costs more than the op";
    }
    return "unknown op kind";
}

double dla_compute_seconds(const Op& op, const DlaConfig& dla) {
    const double macs_per_clock = int8_weights(op.weight_type) ? dla.int8_macs_per_clock : dla.fp16_macs_per_clock;
    return op.macs / (macs_per_clock * dla.clock_hz * dla.efficiency);
}

}  // namespace edgetwin::jetson
