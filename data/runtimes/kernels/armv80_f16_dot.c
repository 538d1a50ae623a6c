#include <arm_neon.h>
// ggml_vec_dot_f16 inner loop as the ARMv8.0 (no FP16 vector arithmetic) mapping expands it:
// 16 elements per step, 4 f32 accumulators, each operand loaded as 4 halfs and widened with FCVTL.
float dot(int n, const __fp16 *x, const __fp16 *y) {
    float32x4_t s0 = vdupq_n_f32(0), s1 = s0, s2 = s0, s3 = s0;
    for (int i = 0; i < n; i += 16) {
        s0 = vfmaq_f32(s0, vcvt_f32_f16(vld1_f16(x + i)),      vcvt_f32_f16(vld1_f16(y + i)));
        s1 = vfmaq_f32(s1, vcvt_f32_f16(vld1_f16(x + i + 4)),  vcvt_f32_f16(vld1_f16(y + i + 4)));
        s2 = vfmaq_f32(s2, vcvt_f32_f16(vld1_f16(x + i + 8)),  vcvt_f32_f16(vld1_f16(y + i + 8)));
        s3 = vfmaq_f32(s3, vcvt_f32_f16(vld1_f16(x + i + 12)), vcvt_f32_f16(vld1_f16(y + i + 12)));
    }
    return vaddvq_f32(vaddq_f32(vaddq_f32(s0, s1), vaddq_f32(s2, s3)));
}
