#include <arm_neon.h>
#include <stdint.h>
// The 2-blocks-per-iteration NEON + dotprod loops of ggml_vec_dot_q8_0_q8_0 and ggml_vec_dot_q4_0_q8_0 as
// llama.cpp b2541 (ggml-quants.c @ 32c8486e1f02) writes them for Armv8.2 cores (Cortex-A76): written here,
// not copied. Blocks: f16 scale + 32 int8 (q8_0) or 16 bytes of nibbles (q4_0). One iteration = 2 blocks.
// Count: aarch64-linux-gnu-gcc -O3 -mcpu=cortex-a76 -S, then llvm-mca-19 -mtriple=aarch64 -mcpu=neoverse-n1
// on each loop body (the A76's microarchitecture; LLVM 14's neoverse-n1 and both versions' cortex-a76 fall back
// to the A57 model): q8_0 10.07, q4_0 14.07 cycles per iteration -> 5.0 and 7.0 per block.
typedef struct { __fp16 d; int8_t qs[32]; } blk_q8;
typedef struct { __fp16 d; uint8_t qs[16]; } blk_q4;

float dot_q8_0(int nb, const blk_q8 *x, const blk_q8 *y) {
    float32x4_t s0 = vdupq_n_f32(0), s1 = vdupq_n_f32(0);
    for (int i = 0; i < nb; i += 2) {
        const int8x16_t a0 = vld1q_s8(x[i].qs), a1 = vld1q_s8(x[i].qs + 16);
        const int8x16_t b0 = vld1q_s8(x[i + 1].qs), b1 = vld1q_s8(x[i + 1].qs + 16);
        const int8x16_t c0 = vld1q_s8(y[i].qs), c1 = vld1q_s8(y[i].qs + 16);
        const int8x16_t e0 = vld1q_s8(y[i + 1].qs), e1 = vld1q_s8(y[i + 1].qs + 16);
        s0 = vmlaq_n_f32(s0, vcvtq_f32_s32(vaddq_s32(vdotq_s32(vdupq_n_s32(0), a0, c0), vdotq_s32(vdupq_n_s32(0), a1, c1))),
                         (float)x[i].d * (float)y[i].d);
        s1 = vmlaq_n_f32(s1, vcvtq_f32_s32(vaddq_s32(vdotq_s32(vdupq_n_s32(0), b0, e0), vdotq_s32(vdupq_n_s32(0), b1, e1))),
                         (float)x[i + 1].d * (float)y[i + 1].d);
    }
    return vaddvq_f32(s0) + vaddvq_f32(s1);
}

float dot_q4_0(int nb, const blk_q4 *x, const blk_q8 *y) {
    const uint8x16_t m4b = vdupq_n_u8(0x0F);
    const int8x16_t s8b = vdupq_n_s8(0x8);
    float32x4_t s0 = vdupq_n_f32(0), s1 = vdupq_n_f32(0);
    for (int i = 0; i < nb; i += 2) {
        const uint8x16_t v0 = vld1q_u8(x[i].qs), v1 = vld1q_u8(x[i + 1].qs);
        const int8x16_t a0 = vsubq_s8(vreinterpretq_s8_u8(vandq_u8(v0, m4b)), s8b);
        const int8x16_t a1 = vsubq_s8(vreinterpretq_s8_u8(vshrq_n_u8(v0, 4)), s8b);
        const int8x16_t b0 = vsubq_s8(vreinterpretq_s8_u8(vandq_u8(v1, m4b)), s8b);
        const int8x16_t b1 = vsubq_s8(vreinterpretq_s8_u8(vshrq_n_u8(v1, 4)), s8b);
        const int8x16_t c0 = vld1q_s8(y[i].qs), c1 = vld1q_s8(y[i].qs + 16);
        const int8x16_t e0 = vld1q_s8(y[i + 1].qs), e1 = vld1q_s8(y[i + 1].qs + 16);
        s0 = vmlaq_n_f32(s0, vcvtq_f32_s32(vaddq_s32(vdotq_s32(vdupq_n_s32(0), a0, c0), vdotq_s32(vdupq_n_s32(0), a1, c1))),
                         (float)x[i].d * (float)y[i].d);
        s1 = vmlaq_n_f32(s1, vcvtq_f32_s32(vaddq_s32(vdotq_s32(vdupq_n_s32(0), b0, e0), vdotq_s32(vdupq_n_s32(0), b1, e1))),
                         (float)x[i + 1].d * (float)y[i + 1].d);
    }
    return vaddvq_f32(s0) + vaddvq_f32(s1);
}
