#include "hwmodels/jetson/mmvq_costs.h"

namespace edgetwin::jetson {

// Counted from the structure of ggml-cuda vecdotq.cuh (ggml-org/llama.cpp, 2024-2025 builds):
//  q4_0 (vec_dot_q4_0_q8_1_impl): per 32-bit word of 8 nibbles, (v >> 0) & 0x0F0F0F0F and (v >> 4) &
//    0x0F0F0F0F (3 ops) and 2 DP4A; per 32-weight block d4 * (sumi * d8 - 8 * s8): 3 float ops
//    -> 0.25 DP4A and (3 + 3/4) / 8 = 0.47 ops per weight.
//  q8_0 (vec_dot_q8_0_q8_1_impl): 1 DP4A per 4 weights; per block the two scales: 2 ops -> 0.06.
//  q4_K (vec_dot_q4_K_q8_1_impl_vmmq): per 8 weights two masked shifts (4 ops), 2 DP4A for the dot and
//    2 DP4A against 0x01010101 for the sum of u (the min term), then sumf_d += d8 * (dot1 * sc) and
//    sumf_m += d8 * (dot2 * m): 6 ops -> 0.5 DP4A and 10/8 = 1.25 ops per weight.
//  q6_K (vec_dot_q6_K_q8_1_impl_mmvq): per 4 weights vil = (vl >> 4i) & 0x0F0F0F0F (2), vih = ((vh >> 4i)
//    << 4) & 0x30303030 (3), __vsubss4(vil | vih, 0x20202020) (1 + 2 for the saturated SIMD subtract),
//    1 DP4A, sumf += d8 * (dot * sc) (3) -> 0.25 DP4A and 11/4 = 2.75 ops per weight.
//  q5_0 (vec_dot_q5_0_q8_1_impl, vdr 2): per 32-bit word of 8 nibbles, the low half (v & 0x0F0F0F0F, 1 op)
//    and the high half ((v >> 4) & 0x0F0F0F0F, 2) each get four 5th bits moved in from qh (shift, mask, or:
//    3 x 4), 27 ops and 2 DP4A per 8 weights, one shift of qh per word, and per 16 weights
//    d5 * (sumi * d8 - 16 * s8): 3 float ops -> 0.25 DP4A and 28/8 + 3/16 = 3.69 ops per weight.
std::optional<MmvqCost> mmvq_cost(GgmlType type) {
    switch (type) {
        case GgmlType::Q4_0: return MmvqCost{0.25, (3.0 + 0.75) / 8.0};
        case GgmlType::Q8_0: return MmvqCost{0.25, 2.0 / 32.0};
        case GgmlType::Q4_K: return MmvqCost{0.5, 10.0 / 8.0};
        case GgmlType::Q6_K: return MmvqCost{0.25, 11.0 / 4.0};
        case GgmlType::Q5_0: return MmvqCost{0.25, (27.0 + 1.0) / 8.0 + 3.0 / 16.0};
        default: return std::nullopt;
    }
}

}  // namespace edgetwin::jetson
