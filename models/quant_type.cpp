#include "models/quant_type.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace edgetwin {
namespace {

// Dequantisation ops per block (see QuantTypeInfo::dequant_ops_per_block), counted from the
// reference dequantize_row_* loops in ggml-quants.c (read: ggml-org/ggml src/ggml-quants.c @ 5136ed06
// for q4_0..q8_0, q1_0, mxfp4; an older ggml-quants.c copy for q2_K/q3_K; q4_K..q6_K use the same
// get_scale_min_k4 / ql-qh loops). One op = one integer or float ALU operation; an f16->f32 scale
// conversion counts 1.
//  Q4_0: x = (q & 0xF) - 8; y = x*d           -> 3/weight + 1 (d)        = 97
//  Q4_1: x = q & 0xF; y = x*d + m             -> 3/weight + 2            = 98
//  Q5_0: xh = ((qh >> j) << 4) & 0x10; x = ((q & 0xF) | xh) - 16; y = x*d: 7 ops for the low
//        half, 6 for the high half             -> 6.5/weight + 1          = 209
//  Q5_1: same unpacking, y = x*d + m          -> 6.5/weight + 2          = 210
//  Q8_0: y = q*d                               -> 1/weight + 1            = 33   (Q8_1: +2)
//  Q2_K: y = dl*((q >> s) & 3) - ml: 4/weight; per 16-weight sub-block dl = d*(sc & 0xF),
//        ml = min*(sc >> 4): 4; + 2 scale conversions                      = 4*256 + 4*16 + 2
//  Q3_K: y = dl*(((q >> s) & 3) - ((hm & m) ? 0 : 4)): 6/weight; dl = d*(sc - 32): 2 per
//        sub-block; 12-byte scale unpack: 24; + 1                          = 6*256 + 2*16 + 24 + 1
//  Q4_K: y = d1*(q & 0xF) - m1: 3/weight; get_scale_min_k4 (~5) + 2 muls per 32-weight
//        sub-block; + 2                                                    = 3*256 + 7*8 + 2
//  Q5_K: y = d1*((ql & 0xF) + (qh & u ? 16 : 0)) - m1: 6/weight; 7 per sub-block; + 2
//  Q6_K: q = ((ql & 0xF) | (((qh >> s) & 3) << 4)) - 32: 6, y = d*sc*q: 1 with d*sc hoisted per
//        16-weight sub-block (16 muls); + 1                                = 7*256 + 16 + 1
//  Q8_K: y = q*d                               -> 256
//  Q1_0: bit = (q >> b) & 1; y = bit ? d : -d  -> 3/weight + 1
//  MXFP4: y = kvalues[q & 0xF]*d (mask, lookup, mul) -> 3/weight + 1 (e8m0 scale)
//  IQ types use codebook (grid) lookups: counted as one lookup + sign + scale per weight.
//  TQ1_0/TQ2_0: base-3 / 2-bit unpack, subtract 1, multiply by d.
//  Plain float types cost only a conversion for 16-bit formats.
// Non-GGML formats (ids >= 1000):
//  MLC q4f16_1 (mlc-ai/mlc-llm python/mlc_llm/quantization/quantization.py: group_size 32, int4,
//    f16 model dtype): 32 weights = 16 B nibbles + 2 B f16 scale; y = ((w >> s) & 0xF - 7)*s.
//  MLC q4f16_ft (FTQuantize, group_size None = one f16 scale per output channel): 2 weights per
//    byte plus 2 bytes per row. Only GPU kernels read it (FasterTransformer/CUTLASS fpA_intB), which
//    convert 8 nibbles with 1 shift + 4 lop3 + 4 sub/fma.f16x2 (FasterTransformer cutlass_extensions
//    interleaved_numeric_conversion.h, FastInterleavedAndBiasedNumericArrayConverter) and apply the
//    channel scale with one hmul2 per 2 weights: 13 ops per 8 weights -> 13/4 per 2-weight block.
//  W4_Gg (AutoAWQ / AutoGPTQ int4, qweight + f16 scales + 4-bit packed qzeros per group of g):
//    stored in blocks of two groups so the packed zeros are whole bytes: 2g weights =
//    g B nibbles + 2*2 B scales + 1 B zeros. Only GPU weight-only kernels read it (TensorRT-LLM
//    fpA_intB / weightOnlyGroupwiseQuantMatmul, llm-awq's GEMV/GEMM), which convert nibbles with the
//    same FasterTransformer lop3 sequence as q4f16_ft (9 ops per 8 weights), subtract the zero point
//    and apply the group scale in f16x2 (4 + 4 per 8 weights): 17/8 per weight, + 2 zero unpacks and
//    2 scale loads per block. (GPTQ act-order g_idx, 4 B per input channel, is not counted.)
//  L2C_Q8_G* (karpathy/llama2.c export.py version2_export, runq.c): GS int8 + f32 scale. runq.c
//    does integer dot products and applies the scale per group: 3 ops per group.
constexpr QuantTypeInfo kTypes[] = {
    {GgmlType::F32, "f32", 1, 4, false, 0},
    {GgmlType::F16, "f16", 1, 2, false, 1},
    {GgmlType::Q4_0, "q4_0", 32, 18, true, 3 * 32 + 1},
    {GgmlType::Q4_1, "q4_1", 32, 20, true, 3 * 32 + 2},
    {GgmlType::Q5_0, "q5_0", 32, 22, true, 6.5 * 32 + 1},
    {GgmlType::Q5_1, "q5_1", 32, 24, true, 6.5 * 32 + 2},
    {GgmlType::Q8_0, "q8_0", 32, 34, true, 32 + 1},
    {GgmlType::Q8_1, "q8_1", 32, 36, true, 32 + 2},
    {GgmlType::Q2_K, "q2_K", 256, 84, true, 4 * 256 + 4 * 16 + 2},
    {GgmlType::Q3_K, "q3_K", 256, 110, true, 6 * 256 + 2 * 16 + 24 + 1},
    {GgmlType::Q4_K, "q4_K", 256, 144, true, 3 * 256 + 7 * 8 + 2},
    {GgmlType::Q5_K, "q5_K", 256, 176, true, 6 * 256 + 7 * 8 + 2},
    {GgmlType::Q6_K, "q6_K", 256, 210, true, 7 * 256 + 16 + 1},
    {GgmlType::Q8_K, "q8_K", 256, 292, true, 256},
    {GgmlType::IQ2_XXS, "iq2_xxs", 256, 66, true, 4 * 256 + 8},
    {GgmlType::IQ2_XS, "iq2_xs", 256, 74, true, 4 * 256 + 16},
    {GgmlType::IQ3_XXS, "iq3_xxs", 256, 98, true, 4 * 256 + 8},
    {GgmlType::IQ1_S, "iq1_s", 256, 50, true, 4 * 256 + 8},
    {GgmlType::IQ4_NL, "iq4_nl", 32, 18, true, 3 * 32 + 1},
    {GgmlType::IQ3_S, "iq3_s", 256, 110, true, 4 * 256 + 8},
    {GgmlType::IQ2_S, "iq2_s", 256, 82, true, 4 * 256 + 16},
    {GgmlType::IQ4_XS, "iq4_xs", 256, 136, true, 3 * 256 + 2 * 8 + 1},
    {GgmlType::I8, "i8", 1, 1, false, 0},
    {GgmlType::I16, "i16", 1, 2, false, 0},
    {GgmlType::I32, "i32", 1, 4, false, 0},
    {GgmlType::I64, "i64", 1, 8, false, 0},
    {GgmlType::F64, "f64", 1, 8, false, 1},
    {GgmlType::IQ1_M, "iq1_m", 256, 56, true, 4 * 256 + 16},
    {GgmlType::BF16, "bf16", 1, 2, false, 1},
    {GgmlType::TQ1_0, "tq1_0", 256, 54, true, 3 * 256 + 1},
    {GgmlType::TQ2_0, "tq2_0", 256, 66, true, 2 * 256 + 1},
    {GgmlType::MXFP4, "mxfp4", 32, 17, true, 3 * 32 + 1},
    {GgmlType::NVFP4, "nvfp4", 64, 36, true, 3 * 64 + 4},
    {GgmlType::Q1_0, "q1_0", 128, 18, true, 3 * 128 + 1},
    {GgmlType::Q2_0, "q2_0", 64, 18, true, 3 * 64 + 1},
    {GgmlType::MLC_Q4F16_1, "mlc_q4f16_1", 32, 18, true, 3 * 32 + 1},
    {GgmlType::MLC_Q4F16_FT, "mlc_q4f16_ft", 2, 1, true, 13.0 / 4, 2},
    {GgmlType::W4_G32, "w4_g32", 64, 37, true, 17.0 / 8 * 64 + 2 + 2},
    {GgmlType::W4_G64, "w4_g64", 128, 69, true, 17.0 / 8 * 128 + 2 + 2},
    {GgmlType::W4_G128, "w4_g128", 256, 133, true, 17.0 / 8 * 256 + 2 + 2},
    {GgmlType::L2C_Q8_G16, "l2c_q8_g16", 16, 20, true, 3},
    {GgmlType::L2C_Q8_G32, "l2c_q8_g32", 32, 36, true, 3},
    {GgmlType::L2C_Q8_G64, "l2c_q8_g64", 64, 68, true, 3},
    {GgmlType::L2C_Q8_G128, "l2c_q8_g128", 128, 132, true, 3},
    {GgmlType::L2C_Q8_G256, "l2c_q8_g256", 256, 260, true, 3},
};

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

const std::vector<QuantTypeInfo>& all_quant_types() {
    static const std::vector<QuantTypeInfo> v(std::begin(kTypes), std::end(kTypes));
    return v;
}

const QuantTypeInfo& quant_info(GgmlType t) {
    for (const auto& q : kTypes)
        if (q.type == t) return q;
    throw std::logic_error("unknown ggml type id " + std::to_string(static_cast<int>(t)));
}

std::optional<GgmlType> parse_ggml_type(const std::string& name) {
    const std::string u = upper(name);
    for (const auto& q : kTypes)
        if (upper(q.name) == u) return q.type;
    return std::nullopt;
}

std::optional<GgmlType> ggml_type_from_id(int id) {
    if (id < 0 || id >= kFirstCustomType) return std::nullopt;
    for (const auto& q : kTypes)
        if (static_cast<int>(q.type) == id) return q.type;
    return std::nullopt;
}

std::string ggml_type_name(GgmlType t) { return upper(quant_info(t).name); }

std::int64_t tensor_bytes(GgmlType t, std::int64_t row_elems, std::int64_t rows) {
    const auto& q = quant_info(t);
    if (row_elems % q.block_elems != 0)
        throw std::invalid_argument("row of " + std::to_string(row_elems) + " elements is not a whole number of " +
                                    q.name + " blocks of " + std::to_string(q.block_elems));
    return (row_elems / q.block_elems * q.block_bytes + q.row_extra_bytes) * rows;
}

}  // namespace edgetwin
