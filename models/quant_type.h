#pragma once
// GGML tensor types: block size and bytes per block exactly as ggml's type_traits[] and the
// block structs in ggml-common.h define them (shared/reference/formats.md §1.5), plus the
// dequantisation work per block that platform cost tables charge for.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edgetwin {

enum class GgmlType : int {
    F32 = 0, F16 = 1, Q4_0 = 2, Q4_1 = 3, Q5_0 = 6, Q5_1 = 7, Q8_0 = 8, Q8_1 = 9,
    Q2_K = 10, Q3_K = 11, Q4_K = 12, Q5_K = 13, Q6_K = 14, Q8_K = 15,
    IQ2_XXS = 16, IQ2_XS = 17, IQ3_XXS = 18, IQ1_S = 19, IQ4_NL = 20, IQ3_S = 21, IQ2_S = 22, IQ4_XS = 23,
    I8 = 24, I16 = 25, I32 = 26, I64 = 27, F64 = 28, IQ1_M = 29, BF16 = 30,
    TQ1_0 = 34, TQ2_0 = 35, MXFP4 = 39, NVFP4 = 40, Q1_0 = 41, Q2_0 = 42,
};

struct QuantTypeInfo {
    GgmlType type;
    const char* name;         // ggml type_name ("q4_0"), as llama-bench prints type_k/type_v
    std::int64_t block_elems;  // weights per block
    std::int64_t block_bytes;  // bytes per block
    bool quantized;           // false for plain float/int element types
    // Scalar operations to expand one block into values a MAC unit consumes: unpacking of packed
    // bits, offset/min application, and scale conversion (f16->f32) per (sub)block. Counted from the
    // reference dequantize_row_* loops in ggml-quants.c; platforms turn ops into cycles.
    double dequant_ops_per_block;

    double bits_per_weight() const { return 8.0 * static_cast<double>(block_bytes) / static_cast<double>(block_elems); }
};

const QuantTypeInfo& quant_info(GgmlType t);
// Accepts "Q4_0", "q4_0", "f16", "F16", "bf16"... Returns nullopt for unknown names.
std::optional<GgmlType> parse_ggml_type(const std::string& name);
// Upper-case canonical name ("Q4_0", "F16").
std::string ggml_type_name(GgmlType t);
const std::vector<QuantTypeInfo>& all_quant_types();
std::optional<GgmlType> ggml_type_from_id(int id);

// Bytes for `elems` weights stored row-wise with `row_elems` per row (rows are whole blocks).
std::int64_t tensor_bytes(GgmlType t, std::int64_t row_elems, std::int64_t rows);

}  // namespace edgetwin
