#pragma once
// llama.cpp's MMQ prompt kernels on GPUs with int8 mma (compute capability >= 7.5) are bound by
// instruction issue, not by the tensor cores: each m16n8k32 int8 product is only 32 deep because the
// q8_1 activations and the weight blocks carry a scale per 32 values, so the int32 fragment is
// converted and scaled after every mma (ggml-cuda mmq.cuh vec_dot_*_q8_1_mma). One SM sub-partition
// issues one warp instruction per clock while an m16n8k32 keeps its tensor core busy for 8 clocks.
#include "models/quant_type.h"

namespace edgetwin::jetson {

// Share of the int8 tensor peak MMQ can issue for this weight type: 8 tensor clocks over the issue
// slots its k-loop spends per 4096-MAC mma (SASS of mul_mat_q<type, 128, 8> for sm_87, llama.cpp
// 55ac8c77): q4_K 24.3 slots -> 0.33, q6_K 27.9 (two m16n8k16, scales per 16) -> 0.29, q8_0 18.0 -> 0.44.
// Types MMQ loads into the q8_0 tile layout (q4_0, q5_0: no min term) share q8_0's figure; the rest
// share q4_K's (assumed: the same per-32 scale and min handling).
double mmq_issue_fraction(GgmlType type);

}  // namespace edgetwin::jetson
