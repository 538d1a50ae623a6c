#include <arm_neon.h>
#include <stdint.h>
// Armv8.0 (no SDOT) expansion of ggml_vdotq_s32: two widening multiplies, pairwise widening adds.
static inline int32x4_t vdot_emul(int32x4_t acc, int8x16_t a, int8x16_t b) {
    const int16x8_t p0 = vmull_s8(vget_low_s8(a), vget_low_s8(b));
    const int16x8_t p1 = vmull_high_s8(a, b);
    return vaddq_s32(acc, vaddq_s32(vpaddlq_s16(p0), vpaddlq_s16(p1)));
}
// q4_K x q8_K, one 256-weight super-block per outer iteration, 64 weights per inner step (32 bytes of
// nibbles: low halves are sub-block 2j, high halves 2j+1), one integer scale per 32-weight sub-block.
// Per super-block also: the 12 packed scale/min bytes decoded with the kmask shifts (scalar), the min term
// as q8 block sums x mins (vpaddq + two vmull_s16 + a reduction) and the float d / dmin products.
float q4k(int nb, const uint8_t *q4, const int8_t *q8, const uint32_t *packed, const int16_t *bsums,
          const float *d, const float *dmin) {
    const uint8x16_t m4b = vdupq_n_u8(0xF);
    const int32x4_t z = vdupq_n_s32(0);
    float sumf = 0;
    for (int i = 0; i < nb; ++i) {
        uint32_t utmp[4];
        utmp[3] = ((packed[2] >> 4) & 0x0f0f0f0f) | (((packed[1] >> 6) & 0x03030303) << 4);
        const uint32_t uaux = packed[1] & 0x3f3f3f3f;
        utmp[1] = (packed[2] & 0x0f0f0f0f) | (((packed[0] >> 6) & 0x03030303) << 4);
        utmp[2] = uaux;
        utmp[0] = packed[0] & 0x3f3f3f3f;
        packed += 3;
        const uint8_t *sc = (const uint8_t *)utmp;
        const int16x8_t q8sums = vpaddq_s16(vld1q_s16(bsums), vld1q_s16(bsums + 8));
        bsums += 16;
        const int16x8_t mins = vreinterpretq_s16_u16(vmovl_u8(vreinterpret_u8_u32(vld1_u32(utmp + 2))));
        const int32x4_t prod = vaddq_s32(vmull_s16(vget_low_s16(q8sums), vget_low_s16(mins)),
                                         vmull_s16(vget_high_s16(q8sums), vget_high_s16(mins)));
        const float dm = d[i] * dmin[i];
        int32_t isum = 0;
        for (int j = 0; j < 4; ++j) {
            const uint8x16_t a0 = vld1q_u8(q4), a1 = vld1q_u8(q4 + 16); q4 += 32;
            const int8x16_t y0 = vld1q_s8(q8), y1 = vld1q_s8(q8 + 16), y2 = vld1q_s8(q8 + 32), y3 = vld1q_s8(q8 + 48); q8 += 64;
            int32x4_t p1 = vdot_emul(z, vreinterpretq_s8_u8(vandq_u8(a0, m4b)), y0);
            p1 = vdot_emul(p1, vreinterpretq_s8_u8(vandq_u8(a1, m4b)), y1);
            isum += vaddvq_s32(p1) * sc[2 * j];
            int32x4_t p2 = vdot_emul(z, vreinterpretq_s8_u8(vshrq_n_u8(a0, 4)), y2);
            p2 = vdot_emul(p2, vreinterpretq_s8_u8(vshrq_n_u8(a1, 4)), y3);
            isum += vaddvq_s32(p2) * sc[2 * j + 1];
        }
        sumf += d[i] * (float)isum - dm * (float)vaddvq_s32(prod);
    }
    return sumf;
}
// q6_K x q8_K: per 128 weights 64 bytes of low nibbles (ql) and 32 bytes of 2-bit highs (qh); each
// 16 weights: (ql & 0xF or >> 4) | (qh bits << 4), minus 32, dot with q8, times its 8-bit scale.
// Per super-block also: the 16 sub-block scales widened and dotted with the q8 block sums for the -32
// offset term (four vmull_s16 + a reduction) and the float scale product.
float q6k(int nb, const uint8_t *ql, const uint8_t *qh, const int8_t *q8, const int8_t *sc, const int16_t *bsums,
          const float *d) {
    const uint8x16_t m4b = vdupq_n_u8(0xF), mone = vdupq_n_u8(3);
    const int8x16_t m32 = vdupq_n_s8(32);
    const int32x4_t z = vdupq_n_s32(0);
    float sumf = 0;
    for (int i = 0; i < nb; ++i) {
        const int16x8_t s0 = vld1q_s16(bsums), s1 = vld1q_s16(bsums + 8);
        bsums += 16;
        const int8x16_t scales = vld1q_s8(sc);
        const int16x8_t sl = vmovl_s8(vget_low_s8(scales)), sh = vmovl_s8(vget_high_s8(scales));
        const int32x4_t prod = vaddq_s32(vaddq_s32(vmull_s16(vget_low_s16(s0), vget_low_s16(sl)),
                                                   vmull_s16(vget_high_s16(s0), vget_high_s16(sl))),
                                         vaddq_s32(vmull_s16(vget_low_s16(s1), vget_low_s16(sh)),
                                                   vmull_s16(vget_high_s16(s1), vget_high_s16(sh))));
        const int32_t isum_mins = vaddvq_s32(prod);
        int32_t isum = 0;
        for (int j = 0; j < 2; ++j) {
            const uint8x16_t h0 = vld1q_u8(qh), h1 = vld1q_u8(qh + 16); qh += 32;
            const uint8x16_t l0 = vld1q_u8(ql), l1 = vld1q_u8(ql + 16), l2 = vld1q_u8(ql + 32), l3 = vld1q_u8(ql + 48); ql += 64;
            const int8x16_t y0 = vld1q_s8(q8), y1 = vld1q_s8(q8 + 16), y2 = vld1q_s8(q8 + 32), y3 = vld1q_s8(q8 + 48);
            const int8x16_t y4 = vld1q_s8(q8 + 64), y5 = vld1q_s8(q8 + 80), y6 = vld1q_s8(q8 + 96), y7 = vld1q_s8(q8 + 112); q8 += 128;
            const int8x16_t w0 = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vandq_u8(l0, m4b), vshlq_n_u8(vandq_u8(h0, mone), 4))), m32);
            const int8x16_t w1 = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vandq_u8(l1, m4b), vshlq_n_u8(vandq_u8(h1, mone), 4))), m32);
            const int8x16_t w2 = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vandq_u8(l2, m4b), vshlq_n_u8(vandq_u8(vshrq_n_u8(h0, 2), mone), 4))), m32);
            const int8x16_t w3 = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vandq_u8(l3, m4b), vshlq_n_u8(vandq_u8(vshrq_n_u8(h1, 2), mone), 4))), m32);
            const int8x16_t w4 = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vshrq_n_u8(l0, 4), vshlq_n_u8(vandq_u8(vshrq_n_u8(h0, 4), mone), 4))), m32);
            const int8x16_t w5 = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vshrq_n_u8(l1, 4), vshlq_n_u8(vandq_u8(vshrq_n_u8(h1, 4), mone), 4))), m32);
            const int8x16_t w6 = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vshrq_n_u8(l2, 4), vshlq_n_u8(vshrq_n_u8(h0, 6), 4))), m32);
            const int8x16_t w7 = vsubq_s8(vreinterpretq_s8_u8(vorrq_u8(vshrq_n_u8(l3, 4), vshlq_n_u8(vshrq_n_u8(h1, 6), 4))), m32);
            isum += vaddvq_s32(vdot_emul(z, w0, y0)) * sc[0] + vaddvq_s32(vdot_emul(z, w1, y1)) * sc[1];
            isum += vaddvq_s32(vdot_emul(z, w2, y2)) * sc[2] + vaddvq_s32(vdot_emul(z, w3, y3)) * sc[3];
            isum += vaddvq_s32(vdot_emul(z, w4, y4)) * sc[4] + vaddvq_s32(vdot_emul(z, w5, y5)) * sc[5];
            isum += vaddvq_s32(vdot_emul(z, w6, y6)) * sc[6] + vaddvq_s32(vdot_emul(z, w7, y7)) * sc[7];
            sc += 8;
        }
        sumf += d[i] * (float)(isum - 32 * isum_mins);
    }
    return sumf;
}
