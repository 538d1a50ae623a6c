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
    // Formats outside GGML (ids >= kFirstCustomType; never valid in a GGUF file). Each is described
    // by its storage per block the same way, so lowering and platforms treat them uniformly.
    MLC_Q4F16_1 = 1000,   // MLC-LLM group quant: int4 symmetric, group 32, f16 scale
    MLC_Q4F16_FT = 1001,  // MLC-LLM FasterTransformer: int4, one f16 scale per output row
    W4_G32 = 1010,        // AWQ/GPTQ int4 asymmetric: f16 scale + 4-bit zero per group of 32
    W4_G64 = 1011,        //   ... group 64
    W4_G128 = 1012,       //   ... group 128 (the common AWQ/GPTQ setting)
    L2C_Q8_G16 = 1020,    // llama2.c runq "Q8_0": int8 + f32 scale per group of GS weights
    L2C_Q8_G32 = 1021,
    L2C_Q8_G64 = 1022,    //   GS 64 is export.py's default
    L2C_Q8_G128 = 1023,
    L2C_Q8_G256 = 1024,
};
constexpr int kFirstCustomType = 1000;
inline bool is_ggml_type(GgmlType t) { return static_cast<int>(t) < kFirstCustomType; }

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
    // Extra bytes per row on top of the blocks (per-output-channel scales of row-wise formats).
    std::int64_t row_extra_bytes = 0;

    double bits_per_weight() const { return 8.0 * static_cast<double>(block_bytes) / static_cast<double>(block_elems); }
};

const QuantTypeInfo& quant_info(GgmlType t);
// Accepts "Q4_0", "q4_0", "f16", "F16", "bf16"... Returns nullopt for unknown names.
std::optional<GgmlType> parse_ggml_type(const std::string& name);
// Upper-case canonical name ("Q4_0", "F16").
std::string ggml_type_name(GgmlType t);
const std::vector<QuantTypeInfo>& all_quant_types();
// Only GGML ids (< kFirstCustomType) that a GGUF file may contain; removed ids give nullopt.
std::optional<GgmlType> ggml_type_from_id(int id);

// Bytes for `rows` rows of `row_elems` weights each (rows are whole blocks), plus per-row extras.
std::int64_t tensor_bytes(GgmlType t, std::int64_t row_elems, std::int64_t rows);

}  // namespace edgetwin
