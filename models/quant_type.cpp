#include "models/quant_type.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace edgetwin {
namespace {

// Dequantisation ops per block (see QuantTypeInfo::dequant_ops_per_block):
//  Q4_0: per weight one mask/shift, one subtract (-8), one multiply by d  -> 3*32, +1 f16->f32 of d.
//  Q4_1: mask/shift, multiply by d, add m -> 3*32, +2 scale conversions.
//  Q5_0/Q5_1: as Q4_x plus extracting and or-ing the 5th bit from qh (2 ops) -> 5*32 (+1/+2).
//  Q8_0: one multiply by d per weight -> 32, +1.   Q8_1: same, +2.
//  K-quants (256 weights in 16 or 8 sub-blocks with 6/4-bit sub-scales): per weight unpack + scale
//  multiply + min subtract (Q2_K..Q5_K ~3-5 ops), plus sub-scale unpack per sub-block.
//  IQ types use codebook (grid) lookups: counted as one lookup + sign + scale per weight.
//  Plain float types cost only a conversion for 16-bit formats.
constexpr QuantTypeInfo kTypes[] = {
    {GgmlType::F32, "f32", 1, 4, false, 0},
    {GgmlType::F16, "f16", 1, 2, false, 1},
    {GgmlType::Q4_0, "q4_0", 32, 18, true, 3 * 32 + 1},
    {GgmlType::Q4_1, "q4_1", 32, 20, true, 3 * 32 + 2},
    {GgmlType::Q5_0, "q5_0", 32, 22, true, 5 * 32 + 1},
    {GgmlType::Q5_1, "q5_1", 32, 24, true, 5 * 32 + 2},
    {GgmlType::Q8_0, "q8_0", 32, 34, true, 32 + 1},
    {GgmlType::Q8_1, "q8_1", 32, 36, true, 32 + 2},
    {GgmlType::Q2_K, "q2_K", 256, 84, true, 4 * 256 + 2 * 16 + 2},
    {GgmlType::Q3_K, "q3_K", 256, 110, true, 5 * 256 + 3 * 16 + 1},
    {GgmlType::Q4_K, "q4_K", 256, 144, true, 4 * 256 + 4 * 8 + 2},
    {GgmlType::Q5_K, "q5_K", 256, 176, true, 6 * 256 + 4 * 8 + 2},
    {GgmlType::Q6_K, "q6_K", 256, 210, true, 5 * 256 + 16 + 1},
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
    {GgmlType::MXFP4, "mxfp4", 32, 17, true, 2 * 32 + 1},
    {GgmlType::NVFP4, "nvfp4", 64, 36, true, 2 * 64 + 4},
    {GgmlType::Q1_0, "q1_0", 128, 18, true, 2 * 128 + 1},
    {GgmlType::Q2_0, "q2_0", 64, 18, true, 3 * 64 + 1},
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
    return row_elems / q.block_elems * q.block_bytes * rows;
}

}  // namespace edgetwin
