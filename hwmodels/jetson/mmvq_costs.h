#pragma once
// Per-weight work of llama.cpp's MMVQ decode kernels (ggml-cuda vecdotq.cuh, the *_q8_1_impl_vmmq /
// _mmvq functions): weights stay packed, a thread unpacks 32-bit words with shifts and masks (SIMD within a
// register) and multiplies them against q8_1 activations with DP4A. Nothing is dequantised to floats, so
// the float op counts of ggml-quants.c's dequantize_row_* do not apply to this path.
#include <optional>

#include "models/quant_type.h"

namespace edgetwin::jetson {

struct MmvqCost {
    double dp4a_per_weight;  // DP4A instructions (4 int8 MACs each), including the sum-of-u helpers
    double alu_per_weight;   // other integer/float ops on the CUDA cores (unpack, scales, accumulation)
};

// Counted for the types llama.cpp models ship in (q4_0, q8_0, q4_K, q6_K); nullopt for the rest, which
// keep the generic dequantise-then-multiply estimate.
std::optional<MmvqCost> mmvq_cost(GgmlType type);

// CUDA-core ops one DP4A costs where the hardware has none (compute capability < 6.1): ggml_cuda_dp4a
// falls back to `c + a8[0]*b8[0] + a8[1]*b8[1] + a8[2]*b8[2] + a8[3]*b8[3]` (ggml-cuda common.cuh):
// 8 sign-extending byte extracts and 4 multiply-adds.
constexpr double kEmulatedDp4aOps = 12.0;

}  // namespace edgetwin::jetson
