// Own NEON loops written to the instruction structure of llama.cpp's Armv8.2+dotprod repacked matmul kernels
// (ggml/src/ggml-cpu/arch/arm/repack.cpp @ 00d3d1d831ebc966ac2eeae4107d7e8d463cb764). Not a copy: data
// layouts are re-declared here, loops are re-written; only the per-block mix of loads, nibble/bit unpacks,
// SDOT (by-element or plain), integer sub-block scale math and float block-scale math is kept the same.
// q4_0/q8_0 kernels: the per-block loop is straight-line (tiny inner loops unrolled, as upstream writes them
// out). K-quant kernels keep upstream's loop nest (super-block / half / 64-weight step) with NO unroll
// pragmas, so gcc makes the same unrolling decisions it would make on the upstream source; count_a76.py
// then sums llvm-mca cycles of each loop's own body times its trip count per super-block.
// Build: aarch64-linux-gnu-gcc -O3 -mcpu=cortex-a76 -S a76_repack_kernels.c   (dotprod yes, i8mm no)
#include <arm_neon.h>
#include <stdint.h>
#include <string.h>

#define NOINL __attribute__((noinline))

typedef __fp16 f16;

// ---- 32-weight block layouts ------------------------------------------------------------------------
typedef struct { f16 d[4]; uint8_t qs[64]; } q4x4_blk;   // 4 weight rows, 4-byte interleave, signed nibbles
typedef struct { f16 d[4]; int8_t qs[128]; } q8x4_blk;   // 4 rows (weights q8_0x4, or activations), 4-byte interleave
typedef struct { f16 d; int8_t qs[32]; } q8_blk;         // one activation row (q8_0)

// ---- 256-weight super-block layouts -----------------------------------------------------------------
typedef struct { f16 d[8]; f16 dmin[8]; uint8_t scales[96]; uint8_t qs[1024]; } q4Kx8_blk;
typedef struct { f16 d[8]; int8_t scales[128]; uint8_t ql[1024]; uint8_t qh[512]; } q6Kx8_blk;
typedef struct { float d[4]; int8_t qs[1024]; int16_t bsums[64]; } q8Kx4_blk;
typedef struct { float d; int8_t qs[256]; int16_t bsums[16]; } q8K_blk;

// =====================================================================================================
// q4_0, prompt phase: 16 activation rows x 4 weight rows per block (the main loop of the dotprod gemm).
// Weight nibbles are unpacked once per block (<<4 and &0xF0, i.e. values x16) and reused by four groups
// of 4 activation rows; per group 32 by-element SDOTs, 4 fixed-point converts (/16), 4 scale products
// (weight d x activation d[lane]) and 4 FMAs.
// One group of 4 activation rows against the 8 unpacked weight vectors of a block (4 weight rows).
static inline float32x4x4_t q4_0_group(float32x4x4_t acc, const int8x16_t *wv, float32x4_t wd, const q8x4_blk *ab) {
    int32x4_t r0 = vdupq_n_s32(0), r1 = r0, r2 = r0, r3 = r0;
#pragma GCC unroll 8
    for (int k = 0; k < 8; ++k) {
        const int8x16_t av = vld1q_s8(ab->qs + 16 * k);
        r0 = vdotq_laneq_s32(r0, wv[k], av, 0);
        r1 = vdotq_laneq_s32(r1, wv[k], av, 1);
        r2 = vdotq_laneq_s32(r2, wv[k], av, 2);
        r3 = vdotq_laneq_s32(r3, wv[k], av, 3);
    }
    const float32x4_t ad = vcvt_f32_f16(vld1_f16(ab->d));
    acc.val[0] = vfmaq_f32(acc.val[0], vcvtq_n_f32_s32(r0, 4), vmulq_laneq_f32(wd, ad, 0));
    acc.val[1] = vfmaq_f32(acc.val[1], vcvtq_n_f32_s32(r1, 4), vmulq_laneq_f32(wd, ad, 1));
    acc.val[2] = vfmaq_f32(acc.val[2], vcvtq_n_f32_s32(r2, 4), vmulq_laneq_f32(wd, ad, 2));
    acc.val[3] = vfmaq_f32(acc.val[3], vcvtq_n_f32_s32(r3, 4), vmulq_laneq_f32(wd, ad, 3));
    return acc;
}

NOINL void q4_0_gemm_16x4(int nb, const q4x4_blk *restrict w, const q8x4_blk *restrict a0,
                          const q8x4_blk *restrict a1, const q8x4_blk *restrict a2,
                          const q8x4_blk *restrict a3, float *restrict out) {
    const float32x4_t z = vdupq_n_f32(0.f);
    float32x4x4_t g0 = { { z, z, z, z } }, g1 = g0, g2 = g0, g3 = g0;
    const int8x16_t hi_mask = vdupq_n_s8((int8_t) 0xF0);
    for (int b = 0; b < nb; ++b) {
        int8x16_t wv[8];
#pragma GCC unroll 4
        for (int j = 0; j < 4; ++j) {
            const int8x16_t raw = vld1q_s8((const int8_t *) w[b].qs + 16 * j);
            wv[j]     = vshlq_n_s8(raw, 4);
            wv[j + 4] = vandq_s8(raw, hi_mask);
        }
        const float32x4_t wd = vcvt_f32_f16(vld1_f16(w[b].d));
        g0 = q4_0_group(g0, wv, wd, a0 + b);
        g1 = q4_0_group(g1, wv, wd, a1 + b);
        g2 = q4_0_group(g2, wv, wd, a2 + b);
        g3 = q4_0_group(g3, wv, wd, a3 + b);
    }
    vst1q_f32_x4(out, g0);
    vst1q_f32_x4(out + 16, g1);
    vst1q_f32_x4(out + 32, g2);
    vst1q_f32_x4(out + 48, g3);
}

// q4_0, prompt phase row tail (nr % 16 rows): 4 activation rows x 4 weight rows per block.
NOINL void q4_0_gemm_4x4(int nb, const q4x4_blk *restrict w, const q8x4_blk *restrict a, float *restrict out) {
    float32x4_t acc[4];
    for (int i = 0; i < 4; ++i) acc[i] = vdupq_n_f32(0.f);
    const int8x16_t hi_mask = vdupq_n_s8((int8_t) 0xF0);
    for (int b = 0; b < nb; ++b) {
        int8x16_t wv[8];
#pragma GCC unroll 4
        for (int j = 0; j < 4; ++j) {
            const int8x16_t raw = vld1q_s8((const int8_t *) w[b].qs + 16 * j);
            wv[j]     = vshlq_n_s8(raw, 4);
            wv[j + 4] = vandq_s8(raw, hi_mask);
        }
        const float32x4_t wd = vcvt_f32_f16(vld1_f16(w[b].d));
        int32x4_t r0 = vdupq_n_s32(0), r1 = r0, r2 = r0, r3 = r0;
#pragma GCC unroll 8
        for (int k = 0; k < 8; ++k) {
            const int8x16_t av = vld1q_s8(a[b].qs + 16 * k);
            r0 = vdotq_laneq_s32(r0, wv[k], av, 0);
            r1 = vdotq_laneq_s32(r1, wv[k], av, 1);
            r2 = vdotq_laneq_s32(r2, wv[k], av, 2);
            r3 = vdotq_laneq_s32(r3, wv[k], av, 3);
        }
        const float32x4_t ad = vcvt_f32_f16(vld1_f16(a[b].d));
        acc[0] = vfmaq_f32(acc[0], vcvtq_n_f32_s32(r0, 4), vmulq_laneq_f32(wd, ad, 0));
        acc[1] = vfmaq_f32(acc[1], vcvtq_n_f32_s32(r1, 4), vmulq_laneq_f32(wd, ad, 1));
        acc[2] = vfmaq_f32(acc[2], vcvtq_n_f32_s32(r2, 4), vmulq_laneq_f32(wd, ad, 2));
        acc[3] = vfmaq_f32(acc[3], vcvtq_n_f32_s32(r3, 4), vmulq_laneq_f32(wd, ad, 3));
    }
    for (int i = 0; i < 4; ++i) vst1q_f32(out + 4 * i, acc[i]);
}

// q4_0, decode: 1 activation row x 4 weight rows per block; 8 by-element SDOTs into one accumulator.
NOINL void q4_0_gemv_4(int nb, const q4x4_blk *restrict w, const q8_blk *restrict a, float *restrict out) {
    float32x4_t acc = vdupq_n_f32(0.f);
    const int8x16_t hi_mask = vdupq_n_s8((int8_t) 0xF0);
    for (int b = 0; b < nb; ++b) {
        const int8x16_t w0 = vld1q_s8((const int8_t *) w[b].qs), w1 = vld1q_s8((const int8_t *) w[b].qs + 16);
        const int8x16_t w2 = vld1q_s8((const int8_t *) w[b].qs + 32), w3 = vld1q_s8((const int8_t *) w[b].qs + 48);
        const float16x4_t wd = vld1_f16(w[b].d);
        const int8x16_t x0 = vld1q_s8(a[b].qs), x1 = vld1q_s8(a[b].qs + 16);
        const float16x4_t ad = vld1_dup_f16(&a[b].d);
        int32x4_t r = vdupq_n_s32(0);
        r = vdotq_laneq_s32(r, vshlq_n_s8(w0, 4), x0, 0);
        r = vdotq_laneq_s32(r, vshlq_n_s8(w1, 4), x0, 1);
        r = vdotq_laneq_s32(r, vshlq_n_s8(w2, 4), x0, 2);
        r = vdotq_laneq_s32(r, vshlq_n_s8(w3, 4), x0, 3);
        r = vdotq_laneq_s32(r, vandq_s8(w0, hi_mask), x1, 0);
        r = vdotq_laneq_s32(r, vandq_s8(w1, hi_mask), x1, 1);
        r = vdotq_laneq_s32(r, vandq_s8(w2, hi_mask), x1, 2);
        r = vdotq_laneq_s32(r, vandq_s8(w3, hi_mask), x1, 3);
        acc = vfmaq_f32(acc, vcvtq_n_f32_s32(r, 4), vmulq_f32(vcvt_f32_f16(ad), vcvt_f32_f16(wd)));
    }
    vst1q_f32(out, acc);
}

// =====================================================================================================
// q8_0, prompt phase: 4 activation rows x 4 weight rows per block; 8+8 vector loads (x4 multi-loads),
// 32 by-element SDOTs, 4 x (scale product, convert, FMA).
NOINL void q8_0_gemm_4x4(int nb, const q8x4_blk *restrict w, const q8x4_blk *restrict a, float *restrict out) {
    float32x4_t acc[4];
    for (int i = 0; i < 4; ++i) acc[i] = vdupq_n_f32(0.f);
    for (int b = 0; b < nb; ++b) {
        const float32x4_t ad = vcvt_f32_f16(vld1_f16(a[b].d));
        const float32x4_t wd = vcvt_f32_f16(vld1_f16(w[b].d));
        int32x4_t r0 = vdupq_n_s32(0), r1 = r0, r2 = r0, r3 = r0;
#pragma GCC unroll 2
        for (int h = 0; h < 2; ++h) {
            const int8x16x4_t av = vld1q_s8_x4(a[b].qs + 64 * h);
            const int8x16x4_t wv = vld1q_s8_x4(w[b].qs + 64 * h);
#pragma GCC unroll 4
            for (int k = 0; k < 4; ++k) {
                r0 = vdotq_laneq_s32(r0, wv.val[k], av.val[k], 0);
                r1 = vdotq_laneq_s32(r1, wv.val[k], av.val[k], 1);
                r2 = vdotq_laneq_s32(r2, wv.val[k], av.val[k], 2);
                r3 = vdotq_laneq_s32(r3, wv.val[k], av.val[k], 3);
            }
        }
        acc[0] = vmlaq_f32(acc[0], vmulq_laneq_f32(wd, ad, 0), vcvtq_f32_s32(r0));
        acc[1] = vmlaq_f32(acc[1], vmulq_laneq_f32(wd, ad, 1), vcvtq_f32_s32(r1));
        acc[2] = vmlaq_f32(acc[2], vmulq_laneq_f32(wd, ad, 2), vcvtq_f32_s32(r2));
        acc[3] = vmlaq_f32(acc[3], vmulq_laneq_f32(wd, ad, 3), vcvtq_f32_s32(r3));
    }
    for (int i = 0; i < 4; ++i) vst1q_f32(out + 4 * i, acc[i]);
}

// q8_0, decode: 1 activation row x 4 weight rows per block; 8 by-element SDOTs.
NOINL void q8_0_gemv_4(int nb, const q8x4_blk *restrict w, const q8_blk *restrict a, float *restrict out) {
    float32x4_t acc = vdupq_n_f32(0.f);
    for (int b = 0; b < nb; ++b) {
        const int8x16x4_t wlo = vld1q_s8_x4(w[b].qs), whi = vld1q_s8_x4(w[b].qs + 64);
        const float16x4_t wd = vld1_f16(w[b].d);
        const int8x16x2_t x = vld1q_s8_x2(a[b].qs);
        const float16x4_t ad = vld1_dup_f16(&a[b].d);
        int32x4_t r = vdupq_n_s32(0);
        r = vdotq_laneq_s32(r, wlo.val[0], x.val[0], 0);
        r = vdotq_laneq_s32(r, wlo.val[1], x.val[0], 1);
        r = vdotq_laneq_s32(r, wlo.val[2], x.val[0], 2);
        r = vdotq_laneq_s32(r, wlo.val[3], x.val[0], 3);
        r = vdotq_laneq_s32(r, whi.val[0], x.val[1], 0);
        r = vdotq_laneq_s32(r, whi.val[1], x.val[1], 1);
        r = vdotq_laneq_s32(r, whi.val[2], x.val[1], 2);
        r = vdotq_laneq_s32(r, whi.val[3], x.val[1], 3);
        acc = vfmaq_f32(acc, vcvtq_f32_s32(r), vmulq_f32(vcvt_f32_f16(ad), vcvt_f32_f16(wd)));
    }
    vst1q_f32(out, acc);
}

// =====================================================================================================
// K-quant 6-bit scale/min unpack for 8 interleaved columns (12 bytes -> 8 scales, 8 mins), scalar bit ops.
static inline void unpack_scales_x8(const uint8_t *src, int16x8_t *mins, int16x8_t *scales) {
    uint32_t v[3];
    memcpy(v, src, 12);
    const uint32_t lo6 = 0x3f3f3f3fu, lo4 = 0x0f0f0f0fu, lo2 = 0x03030303u;
    const uint32_t m_a = v[1] & lo6;
    const uint32_t m_b = ((v[2] >> 4) & lo4) | (((v[1] >> 6) & lo2) << 4);
    const uint32_t s_a = v[0] & lo6;
    const uint32_t s_b = (v[2] & lo4) | (((v[0] >> 6) & lo2) << 4);
    const uint32x2_t mm = { m_a, m_b };
    *mins = vreinterpretq_s16_u16(vmovl_u8(vreinterpret_u8_u32(mm)));
    uint32_t ss[2] = { s_a, s_b };
    int8_t sb8[8];
    memcpy(sb8, ss, 8);
    *scales = vmovl_s8(vld1_s8(sb8));
}

// q4_K, prompt phase: 4 activation rows x 8 weight rows per 256-weight super-block (8x4 layout).
// Per 64-weight sub-block pair: 8 steps of (2 activation loads, 2 weight loads, &0xF and >>4, 16 by-element
// SDOTs), then per row: integer sub-block scales (widen, MUL, ADD), convert, FMA with d*d8; mins x bsums via SMLAL.
NOINL void q4_K_gemm_4x8(int nb, const q4Kx8_blk *restrict w, const q8Kx4_blk *restrict a, float *restrict out) {
    float32x4_t accf[8];
    for (int i = 0; i < 8; ++i) accf[i] = vdupq_n_f32(0.f);
    const uint8x16_t m4 = vdupq_n_u8(0x0F);
    for (int b = 0; b < nb; ++b) {
        const float32x4_t d_lo = vcvt_f32_f16(vld1_f16(w[b].d)), d_hi = vcvt_f32_f16(vld1_f16(w[b].d + 4));
        const float32x4_t m_lo = vcvt_f32_f16(vld1_f16(w[b].dmin)), m_hi = vcvt_f32_f16(vld1_f16(w[b].dmin + 4));
        const float32x4_t d8 = vld1q_f32(a[b].d);
        float32x4_t sd_lo[4], sd_hi[4], sm_lo[4], sm_hi[4];
        sd_lo[0] = vmulq_laneq_f32(d_lo, d8, 0); sd_hi[0] = vmulq_laneq_f32(d_hi, d8, 0);
        sm_lo[0] = vmulq_laneq_f32(m_lo, d8, 0); sm_hi[0] = vmulq_laneq_f32(m_hi, d8, 0);
        sd_lo[1] = vmulq_laneq_f32(d_lo, d8, 1); sd_hi[1] = vmulq_laneq_f32(d_hi, d8, 1);
        sm_lo[1] = vmulq_laneq_f32(m_lo, d8, 1); sm_hi[1] = vmulq_laneq_f32(m_hi, d8, 1);
        sd_lo[2] = vmulq_laneq_f32(d_lo, d8, 2); sd_hi[2] = vmulq_laneq_f32(d_hi, d8, 2);
        sm_lo[2] = vmulq_laneq_f32(m_lo, d8, 2); sm_hi[2] = vmulq_laneq_f32(m_hi, d8, 2);
        sd_lo[3] = vmulq_laneq_f32(d_lo, d8, 3); sd_hi[3] = vmulq_laneq_f32(d_hi, d8, 3);
        sm_lo[3] = vmulq_laneq_f32(m_lo, d8, 3); sm_hi[3] = vmulq_laneq_f32(m_hi, d8, 3);
        int16_t bs[4][8];
        for (int r = 0; r < 4; ++r)
            vst1q_s16(bs[r], vpaddq_s16(vld1q_s16(a[b].bsums + 16 * r), vld1q_s16(a[b].bsums + 16 * r + 8)));
        int32x4_t bias[8];
        for (int i = 0; i < 8; ++i) bias[i] = vdupq_n_s32(0);
        for (int sb = 0; sb < 4; ++sb) {
            int32x4_t lo[8], hi[8];
            for (int i = 0; i < 8; ++i) { lo[i] = vdupq_n_s32(0); hi[i] = vdupq_n_s32(0); }
            int16x8_t mins0, mins1, sc0, sc1;
            unpack_scales_x8(w[b].scales + 24 * sb, &mins0, &sc0);
            unpack_scales_x8(w[b].scales + 24 * sb + 12, &mins1, &sc1);
            for (int k = 0; k < 8; ++k) {
                const int8x16_t x_lo = vld1q_s8(a[b].qs + 256 * sb + 16 * k);
                const int8x16_t x_hi = vld1q_s8(a[b].qs + 256 * sb + 16 * k + 128);
                const uint8x16_t q_a = vld1q_u8(w[b].qs + 256 * sb + 32 * k);
                const uint8x16_t q_b = vld1q_u8(w[b].qs + 256 * sb + 32 * k + 16);
                const int8x16_t qa_l = vreinterpretq_s8_u8(vandq_u8(q_a, m4));
                const int8x16_t qa_h = vreinterpretq_s8_u8(vshrq_n_u8(q_a, 4));
                lo[0] = vdotq_laneq_s32(lo[0], qa_l, x_lo, 0); lo[1] = vdotq_laneq_s32(lo[1], qa_l, x_lo, 1);
                lo[2] = vdotq_laneq_s32(lo[2], qa_l, x_lo, 2); lo[3] = vdotq_laneq_s32(lo[3], qa_l, x_lo, 3);
                hi[0] = vdotq_laneq_s32(hi[0], qa_h, x_hi, 0); hi[1] = vdotq_laneq_s32(hi[1], qa_h, x_hi, 1);
                hi[2] = vdotq_laneq_s32(hi[2], qa_h, x_hi, 2); hi[3] = vdotq_laneq_s32(hi[3], qa_h, x_hi, 3);
                const int8x16_t qb_l = vreinterpretq_s8_u8(vandq_u8(q_b, m4));
                const int8x16_t qb_h = vreinterpretq_s8_u8(vshrq_n_u8(q_b, 4));
                lo[4] = vdotq_laneq_s32(lo[4], qb_l, x_lo, 0); lo[5] = vdotq_laneq_s32(lo[5], qb_l, x_lo, 1);
                lo[6] = vdotq_laneq_s32(lo[6], qb_l, x_lo, 2); lo[7] = vdotq_laneq_s32(lo[7], qb_l, x_lo, 3);
                hi[4] = vdotq_laneq_s32(hi[4], qb_h, x_hi, 0); hi[5] = vdotq_laneq_s32(hi[5], qb_h, x_hi, 1);
                hi[6] = vdotq_laneq_s32(hi[6], qb_h, x_hi, 2); hi[7] = vdotq_laneq_s32(hi[7], qb_h, x_hi, 3);
            }
            const int32x4_t s0l = vmovl_s16(vget_low_s16(sc0)), s0h = vmovl_s16(vget_high_s16(sc0));
            const int32x4_t s1l = vmovl_s16(vget_low_s16(sc1)), s1h = vmovl_s16(vget_high_s16(sc1));
            for (int r = 0; r < 4; ++r) {
                const float32x4_t f_a = vcvtq_f32_s32(vaddq_s32(vmulq_s32(s0l, lo[r]), vmulq_s32(s1l, hi[r])));
                accf[2 * r] = vfmaq_f32(accf[2 * r], sd_lo[r], f_a);
                const float32x4_t f_b = vcvtq_f32_s32(vaddq_s32(vmulq_s32(s0h, lo[r + 4]), vmulq_s32(s1h, hi[r + 4])));
                accf[2 * r + 1] = vfmaq_f32(accf[2 * r + 1], sd_hi[r], f_b);
                const int16x4_t b0 = vdup_n_s16(bs[sb][2 * r]), b1 = vdup_n_s16(bs[sb][2 * r + 1]);
                bias[2 * r]     = vmlal_s16(bias[2 * r], b0, vget_low_s16(mins0));
                bias[2 * r]     = vmlal_s16(bias[2 * r], b1, vget_low_s16(mins1));
                bias[2 * r + 1] = vmlal_s16(bias[2 * r + 1], b0, vget_high_s16(mins0));
                bias[2 * r + 1] = vmlal_s16(bias[2 * r + 1], b1, vget_high_s16(mins1));
            }
        }
        for (int r = 0; r < 4; ++r) {
            accf[2 * r]     = vmlsq_f32(accf[2 * r], vcvtq_f32_s32(bias[2 * r]), sm_lo[r]);
            accf[2 * r + 1] = vmlsq_f32(accf[2 * r + 1], vcvtq_f32_s32(bias[2 * r + 1]), sm_hi[r]);
        }
    }
    for (int i = 0; i < 8; ++i) vst1q_f32(out + 4 * i, accf[i]);
}

// q4_K, decode: 1 activation row x 8 weight rows per super-block (8x4 layout); per 64-weight step 4
// activation loads, 2 column groups x (8 weight loads, 8 AND + 8 SHR, 16 by-element SDOTs).
NOINL void q4_K_gemv_8(int nb, const q4Kx8_blk *restrict w, const q8K_blk *restrict a, float *restrict out) {
    float32x4_t accf[2] = { vdupq_n_f32(0.f), vdupq_n_f32(0.f) };
    const uint8x16_t m4 = vdupq_n_u8(0x0F);
    for (int b = 0; b < nb; ++b) {
        const float32x4_t d8 = vdupq_n_f32(a[b].d);
        const float32x4_t sd0 = vmulq_f32(vcvt_f32_f16(vld1_f16(w[b].d)), d8);
        const float32x4_t sd1 = vmulq_f32(vcvt_f32_f16(vld1_f16(w[b].d + 4)), d8);
        const float32x4_t sm0 = vmulq_f32(vcvt_f32_f16(vld1_f16(w[b].dmin)), d8);
        const float32x4_t sm1 = vmulq_f32(vcvt_f32_f16(vld1_f16(w[b].dmin + 4)), d8);
        int16_t bs[8];
        vst1q_s16(bs, vpaddq_s16(vld1q_s16(a[b].bsums), vld1q_s16(a[b].bsums + 8)));
        int32x4_t bias0 = vdupq_n_s32(0), bias1 = vdupq_n_s32(0);
        for (int sb = 0; sb < 4; ++sb) {
            int32x4_t lo[2] = { vdupq_n_s32(0), vdupq_n_s32(0) }, hi[2] = { vdupq_n_s32(0), vdupq_n_s32(0) };
            int16x8_t mins0, mins1, sc0, sc1;
            unpack_scales_x8(w[b].scales + 24 * sb, &mins0, &sc0);
            unpack_scales_x8(w[b].scales + 24 * sb + 12, &mins1, &sc1);
            int8x16_t x[4];
            for (int i = 0; i < 4; ++i) x[i] = vld1q_s8(a[b].qs + 64 * sb + 16 * i);
            for (int c = 0; c < 2; ++c) {
                uint8x16_t q[8];
                for (int i = 0; i < 8; ++i) q[i] = vld1q_u8(w[b].qs + 256 * sb + 32 * i + 16 * c);
                for (int i = 0; i < 8; ++i) {
                    const int8x16_t xl = x[i >> 2];
                    const int8x16_t xh = x[2 + (i >> 2)];
                    switch (i & 3) {
                    case 0: lo[c] = vdotq_laneq_s32(lo[c], vreinterpretq_s8_u8(vandq_u8(q[i], m4)), xl, 0);
                            hi[c] = vdotq_laneq_s32(hi[c], vreinterpretq_s8_u8(vshrq_n_u8(q[i], 4)), xh, 0); break;
                    case 1: lo[c] = vdotq_laneq_s32(lo[c], vreinterpretq_s8_u8(vandq_u8(q[i], m4)), xl, 1);
                            hi[c] = vdotq_laneq_s32(hi[c], vreinterpretq_s8_u8(vshrq_n_u8(q[i], 4)), xh, 1); break;
                    case 2: lo[c] = vdotq_laneq_s32(lo[c], vreinterpretq_s8_u8(vandq_u8(q[i], m4)), xl, 2);
                            hi[c] = vdotq_laneq_s32(hi[c], vreinterpretq_s8_u8(vshrq_n_u8(q[i], 4)), xh, 2); break;
                    default: lo[c] = vdotq_laneq_s32(lo[c], vreinterpretq_s8_u8(vandq_u8(q[i], m4)), xl, 3);
                            hi[c] = vdotq_laneq_s32(hi[c], vreinterpretq_s8_u8(vshrq_n_u8(q[i], 4)), xh, 3); break;
                    }
                }
            }
            const float32x4_t f0 = vcvtq_f32_s32(vaddq_s32(vmulq_s32(vmovl_s16(vget_low_s16(sc0)), lo[0]),
                                                           vmulq_s32(vmovl_s16(vget_low_s16(sc1)), hi[0])));
            accf[0] = vfmaq_f32(accf[0], sd0, f0);
            const float32x4_t f1 = vcvtq_f32_s32(vaddq_s32(vmulq_s32(vmovl_s16(vget_high_s16(sc0)), lo[1]),
                                                           vmulq_s32(vmovl_s16(vget_high_s16(sc1)), hi[1])));
            accf[1] = vfmaq_f32(accf[1], sd1, f1);
            const int16x4_t b0 = vdup_n_s16(bs[2 * sb]), b1 = vdup_n_s16(bs[2 * sb + 1]);
            bias0 = vmlal_s16(bias0, b0, vget_low_s16(mins0));
            bias0 = vmlal_s16(bias0, b1, vget_low_s16(mins1));
            bias1 = vmlal_s16(bias1, b0, vget_high_s16(mins0));
            bias1 = vmlal_s16(bias1, b1, vget_high_s16(mins1));
        }
        accf[0] = vmlsq_f32(accf[0], vcvtq_f32_s32(bias0), sm0);
        accf[1] = vmlsq_f32(accf[1], vcvtq_f32_s32(bias1), sm1);
    }
    vst1q_f32(out, accf[0]);
    vst1q_f32(out + 4, accf[1]);
}

// =====================================================================================================
// q6_K, prompt phase: 4 activation rows x 8 weight rows per super-block (8x4 layout). Per 16+16-weight
// step (2 halves x 4): 8 activation loads, 16 weight loads (ql, qh for 2 column groups), >>2 of qh for
// the upper steps, then 4 x (rebuild 6-bit values: AND/SLI/SHR/ORR, -32, 16 by-element SDOTs), then
// per column group 2 scale loads + widen and 8 integer MLAs.
NOINL void q6_K_gemm_4x8(int nb, const q6Kx8_blk *restrict w, const q8Kx4_blk *restrict a, float *restrict out) {
    float32x4_t accf[8];
    for (int i = 0; i < 8; ++i) accf[i] = vdupq_n_f32(0.f);
    const uint8x16_t m4 = vdupq_n_u8(0x0F), m03 = vdupq_n_u8(0x03), m30 = vdupq_n_u8(0x30);
    const int8x16_t k32 = vdupq_n_s8(32);
    for (int b = 0; b < nb; ++b) {
        const float32x4_t d_lo = vcvt_f32_f16(vld1_f16(w[b].d)), d_hi = vcvt_f32_f16(vld1_f16(w[b].d + 4));
        const float32x4_t d8 = vld1q_f32(a[b].d);
        float32x4_t sd_lo[4], sd_hi[4];
        sd_lo[0] = vmulq_laneq_f32(d_lo, d8, 0); sd_hi[0] = vmulq_laneq_f32(d_hi, d8, 0);
        sd_lo[1] = vmulq_laneq_f32(d_lo, d8, 1); sd_hi[1] = vmulq_laneq_f32(d_hi, d8, 1);
        sd_lo[2] = vmulq_laneq_f32(d_lo, d8, 2); sd_hi[2] = vmulq_laneq_f32(d_hi, d8, 2);
        sd_lo[3] = vmulq_laneq_f32(d_lo, d8, 3); sd_hi[3] = vmulq_laneq_f32(d_hi, d8, 3);
        int32x4_t acci[8];
        for (int i = 0; i < 8; ++i) acci[i] = vdupq_n_s32(0);
        int16_t sc16[128];
        for (int i = 0; i < 16; ++i) vst1q_s16(sc16 + 8 * i, vmovl_s8(vld1_s8(w[b].scales + 8 * i)));
        for (int half = 0; half < 2; ++half) {
            const uint8_t *ql = w[b].ql + 512 * half;
            const uint8_t *qh = w[b].qh + 256 * half;
            for (int sb = 0; sb < 4; ++sb) {
                int32x4_t lo[8], hi[8];
                for (int i = 0; i < 8; ++i) { lo[i] = vdupq_n_s32(0); hi[i] = vdupq_n_s32(0); }
                const int8_t *xl = a[b].qs + 512 * half + 64 * sb;
                const int8_t *xh = xl + 256;
                int8x16_t x_l[4], x_h[4];
                uint8x16_t l_a[4], l_b[4], h_a[4], h_b[4];
                for (int k = 0; k < 4; ++k) { x_l[k] = vld1q_s8(xl + 16 * k); x_h[k] = vld1q_s8(xh + 16 * k); }
                const int qo = 128 * sb, ho = (128 * sb) & 255;
                for (int k = 0; k < 4; ++k) {
                    l_a[k] = vld1q_u8(ql + qo + 32 * k); l_b[k] = vld1q_u8(ql + qo + 32 * k + 16);
                    h_a[k] = vld1q_u8(qh + ho + 32 * k); h_b[k] = vld1q_u8(qh + ho + 32 * k + 16);
                }
                if (sb > 1) {
                    for (int k = 0; k < 4; ++k) { h_a[k] = vshrq_n_u8(h_a[k], 2); h_b[k] = vshrq_n_u8(h_b[k], 2); }
                }
                for (int k = 0; k < 4; ++k) {
                    const int8x16_t va_l = vsubq_s8(vreinterpretq_s8_u8(vsliq_n_u8(vandq_u8(l_a[k], m4), vandq_u8(h_a[k], m03), 4)), k32);
                    const int8x16_t va_h = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vshrq_n_u8(l_a[k], 4), vandq_u8(h_a[k], m30))), k32);
                    lo[0] = vdotq_laneq_s32(lo[0], va_l, x_l[k], 0); lo[1] = vdotq_laneq_s32(lo[1], va_l, x_l[k], 1);
                    lo[2] = vdotq_laneq_s32(lo[2], va_l, x_l[k], 2); lo[3] = vdotq_laneq_s32(lo[3], va_l, x_l[k], 3);
                    hi[0] = vdotq_laneq_s32(hi[0], va_h, x_h[k], 0); hi[1] = vdotq_laneq_s32(hi[1], va_h, x_h[k], 1);
                    hi[2] = vdotq_laneq_s32(hi[2], va_h, x_h[k], 2); hi[3] = vdotq_laneq_s32(hi[3], va_h, x_h[k], 3);
                    const int8x16_t vb_l = vsubq_s8(vreinterpretq_s8_u8(vsliq_n_u8(vandq_u8(l_b[k], m4), vandq_u8(h_b[k], m03), 4)), k32);
                    const int8x16_t vb_h = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vshrq_n_u8(l_b[k], 4), vandq_u8(h_b[k], m30))), k32);
                    lo[4] = vdotq_laneq_s32(lo[4], vb_l, x_l[k], 0); lo[5] = vdotq_laneq_s32(lo[5], vb_l, x_l[k], 1);
                    lo[6] = vdotq_laneq_s32(lo[6], vb_l, x_l[k], 2); lo[7] = vdotq_laneq_s32(lo[7], vb_l, x_l[k], 3);
                    hi[4] = vdotq_laneq_s32(hi[4], vb_h, x_h[k], 0); hi[5] = vdotq_laneq_s32(hi[5], vb_h, x_h[k], 1);
                    hi[6] = vdotq_laneq_s32(hi[6], vb_h, x_h[k], 2); hi[7] = vdotq_laneq_s32(hi[7], vb_h, x_h[k], 3);
                }
                const int il = 8 * half + sb, ih = il + 4;
                for (int g = 0; g < 2; ++g) {
                    const int32x4_t svl = vmovl_s16(vld1_s16(sc16 + 8 * il + 4 * g));
                    const int32x4_t svh = vmovl_s16(vld1_s16(sc16 + 8 * ih + 4 * g));
                    for (int r = 0; r < 4; ++r) {
                        acci[2 * r + g] = vmlaq_s32(acci[2 * r + g], lo[4 * g + r], svl);
                        acci[2 * r + g] = vmlaq_s32(acci[2 * r + g], hi[4 * g + r], svh);
                    }
                }
            }
        }
        for (int r = 0; r < 4; ++r) {
            accf[2 * r]     = vmlaq_f32(accf[2 * r], vcvtq_f32_s32(acci[2 * r]), sd_lo[r]);
            accf[2 * r + 1] = vmlaq_f32(accf[2 * r + 1], vcvtq_f32_s32(acci[2 * r + 1]), sd_hi[r]);
        }
    }
    for (int i = 0; i < 8; ++i) vst1q_f32(out + 4 * i, accf[i]);
}

// q6_K, decode: 1 activation row x 8 weight rows per super-block (8x4 layout). The -32 offset is folded
// into a per-column bias from bsums x scales (SMLAL by lane); activations are 4-byte broadcast (LD1R) so
// plain SDOTs are used; per step 4 x4-multi-loads of ql/qh, rebuild 6-bit values, 16 SDOTs, scale MLAs.
NOINL void q6_K_gemv_8(int nb, const q6Kx8_blk *restrict w, const q8K_blk *restrict a, float *restrict out) {
    float32x4_t accf[2] = { vdupq_n_f32(0.f), vdupq_n_f32(0.f) };
    const uint8x16_t m4 = vdupq_n_u8(0x0F), m03 = vdupq_n_u8(0x03), m30 = vdupq_n_u8(0x30);
    for (int b = 0; b < nb; ++b) {
        const float32x4_t d8 = vdupq_n_f32(a[b].d);
        const float32x4_t sd0 = vmulq_f32(vcvt_f32_f16(vld1_f16(w[b].d)), d8);
        const float32x4_t sd1 = vmulq_f32(vcvt_f32_f16(vld1_f16(w[b].d + 4)), d8);
        int32x4_t acc0 = vdupq_n_s32(0), acc1 = vdupq_n_s32(0);
        int16_t sc16[128];
        for (int i = 0; i < 16; ++i) vst1q_s16(sc16 + 8 * i, vmovl_s8(vld1_s8(w[b].scales + 8 * i)));
        int32x4_t bl = vdupq_n_s32(0), bh = vdupq_n_s32(0);
        for (int i = 0; i < 16; i += 4) {
            const int16x4_t bsv = vld1_s16(a[b].bsums + i);
            bl = vmlal_lane_s16(bl, vld1_s16(sc16 + 8 * i), bsv, 0);
            bh = vmlal_lane_s16(bh, vld1_s16(sc16 + 8 * i + 4), bsv, 0);
            bl = vmlal_lane_s16(bl, vld1_s16(sc16 + 8 * i + 8), bsv, 1);
            bh = vmlal_lane_s16(bh, vld1_s16(sc16 + 8 * i + 12), bsv, 1);
            bl = vmlal_lane_s16(bl, vld1_s16(sc16 + 8 * i + 16), bsv, 2);
            bh = vmlal_lane_s16(bh, vld1_s16(sc16 + 8 * i + 20), bsv, 2);
            bl = vmlal_lane_s16(bl, vld1_s16(sc16 + 8 * i + 24), bsv, 3);
            bh = vmlal_lane_s16(bh, vld1_s16(sc16 + 8 * i + 28), bsv, 3);
        }
        bl = vshlq_n_s32(bl, 5);
        bh = vshlq_n_s32(bh, 5);
        for (int half = 0; half < 2; ++half) {
            const uint8_t *ql = w[b].ql + 512 * half;
            const uint8_t *qh = w[b].qh + 256 * half;
            for (int sb = 0; sb < 4; ++sb) {
                const int8_t *xl = a[b].qs + 128 * half + 16 * sb;
                int8x16_t x_l[4], x_h[4];
                for (int i = 0; i < 4; ++i) {
                    x_l[i] = vreinterpretq_s8_s32(vld1q_dup_s32((const int32_t *) (xl + 4 * i)));
                    x_h[i] = vreinterpretq_s8_s32(vld1q_dup_s32((const int32_t *) (xl + 64 + 4 * i)));
                }
                const int qo = 128 * sb, ho = (128 * sb) & 255;
                const uint8x16x4_t L0 = vld1q_u8_x4(ql + qo), L1 = vld1q_u8_x4(ql + qo + 64);
                uint8x16x4_t H0 = vld1q_u8_x4(qh + ho), H1 = vld1q_u8_x4(qh + ho + 64);
                if (sb > 1) {
                    for (int i = 0; i < 4; ++i) { H0.val[i] = vshrq_n_u8(H0.val[i], 2); H1.val[i] = vshrq_n_u8(H1.val[i], 2); }
                }
                const uint8x16_t lv[8] = { L0.val[0], L0.val[1], L0.val[2], L0.val[3], L1.val[0], L1.val[1], L1.val[2], L1.val[3] };
                const uint8x16_t hv[8] = { H0.val[0], H0.val[1], H0.val[2], H0.val[3], H1.val[0], H1.val[1], H1.val[2], H1.val[3] };
                for (int g = 0; g < 2; ++g) {
                    int32x4_t sl = vdupq_n_s32(0), sh = vdupq_n_s32(0);
                    for (int c = 0; c < 4; ++c) {
                        const uint8x16_t l = lv[2 * c + g], h = hv[2 * c + g];
                        const int8x16_t v_l = vreinterpretq_s8_u8(vsliq_n_u8(vandq_u8(l, m4), vandq_u8(h, m03), 4));
                        const int8x16_t v_h = vreinterpretq_s8_u8(vorrq_u8(vshrq_n_u8(l, 4), vandq_u8(h, m30)));
                        sl = vdotq_s32(sl, v_l, x_l[c]);
                        sh = vdotq_s32(sh, v_h, x_h[c]);
                    }
                    const int il = 8 * half + sb, ih = il + 4;
                    const int32x4_t svl = vmovl_s16(vld1_s16(sc16 + 8 * il + 4 * g));
                    const int32x4_t svh = vmovl_s16(vld1_s16(sc16 + 8 * ih + 4 * g));
                    if (g == 0) { acc0 = vmlaq_s32(acc0, sl, svl); acc0 = vmlaq_s32(acc0, sh, svh); }
                    else        { acc1 = vmlaq_s32(acc1, sl, svl); acc1 = vmlaq_s32(acc1, sh, svh); }
                }
            }
        }
        acc0 = vsubq_s32(acc0, bl);
        acc1 = vsubq_s32(acc1, bh);
        accf[0] = vaddq_f32(accf[0], vmulq_f32(vcvtq_f32_s32(acc0), sd0));
        accf[1] = vaddq_f32(accf[1], vmulq_f32(vcvtq_f32_s32(acc1), sd1));
    }
    vst1q_f32(out, accf[0]);
    vst1q_f32(out + 4, accf[1]);
}
