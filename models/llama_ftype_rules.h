#pragma once
// llama.cpp's per-tensor type choice for a file type (llama_ftype), as llama-quantize applies it:
// llama_tensor_get_type_impl and tensor_type_fallback in ggml-org/llama.cpp src/llama-quant.cpp
// (read at commit 007dbbf3fd17eefe9b47fee45f48f7ba5e62b714 through the code index).
#include <optional>
#include <string>
#include <vector>

#include "models/model_spec.h"
#include "models/quant_type.h"

namespace edgetwin {

enum class TensorClass;

// llama_ftype values (llama.h; shared/reference/formats.md §1.6).
namespace llama_ftype {
constexpr int ALL_F32 = 0, MOSTLY_F16 = 1, Q4_0 = 2, Q4_1 = 3, Q8_0 = 7, Q5_0 = 8, Q5_1 = 9, Q2_K = 10,
              Q3_K_S = 11, Q3_K_M = 12, Q3_K_L = 13, Q4_K_S = 14, Q4_K_M = 15, Q5_K_S = 16, Q5_K_M = 17,
              Q6_K = 18, IQ4_NL = 25, IQ4_XS = 30, BF16 = 32, TQ1_0 = 36, TQ2_0 = 37;
}

struct LlamaFtypeInfo {
    int ftype;
    const char* name;          // as users write it: "Q4_K_M"
    const char* display;       // llama_model_ftype_name: "Q4_K - Medium"
    GgmlType default_type;     // llama_ftype_get_default_type
};
// The file types modelled here (the k-quants, legacy quants, IQ4, ternary and float types).
const std::vector<LlamaFtypeInfo>& llama_ftypes();
const LlamaFtypeInfo* find_llama_ftype(int ftype);
const LlamaFtypeInfo* find_llama_ftype(const std::string& name);  // case-insensitive

// Type llama.cpp chooses for tensor class `c` of layer `layer` (-1 outside blocks), before the
// shape fallback. `default_type` is the ftype's default type.
GgmlType llama_ftype_tensor_type(int ftype, GgmlType default_type, TensorClass c, int layer, const ModelSpec& m);
// tensor_type_fallback: rows whose length is not a whole number of blocks get a compatible type.
GgmlType llama_type_fallback(GgmlType t, std::int64_t row_elems);

}  // namespace edgetwin
