#include "models/llama_ftype_rules.h"

#include <cctype>

#include "models/quant_scheme.h"

namespace edgetwin {
namespace {

// use_more_bits in llama_tensor_get_type_impl: the first and last eighth of the layers and every
// third layer in between get more bits.
bool use_more_bits(int i_layer, int n_layers) {
    return i_layer < n_layers / 8 || i_layer >= 7 * n_layers / 8 || (i_layer - n_layers / 8) % 3 == 2;
}

std::string upper(std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return s;
}

}  // namespace

const std::vector<LlamaFtypeInfo>& llama_ftypes() {
    namespace f = llama_ftype;
    static const std::vector<LlamaFtypeInfo> v{
        {f::ALL_F32, "F32", "all F32", GgmlType::F32},
        {f::MOSTLY_F16, "F16", "F16", GgmlType::F16},
        {f::BF16, "BF16", "BF16", GgmlType::BF16},
        {f::Q8_0, "Q8_0", "Q8_0", GgmlType::Q8_0},
        {f::Q6_K, "Q6_K", "Q6_K", GgmlType::Q6_K},
        {f::Q5_K_M, "Q5_K_M", "Q5_K - Medium", GgmlType::Q5_K},
        {f::Q5_K_S, "Q5_K_S", "Q5_K - Small", GgmlType::Q5_K},
        {f::Q5_1, "Q5_1", "Q5_1", GgmlType::Q5_1},
        {f::Q5_0, "Q5_0", "Q5_0", GgmlType::Q5_0},
        {f::Q4_K_M, "Q4_K_M", "Q4_K - Medium", GgmlType::Q4_K},
        {f::Q4_K_S, "Q4_K_S", "Q4_K - Small", GgmlType::Q4_K},
        {f::Q4_1, "Q4_1", "Q4_1", GgmlType::Q4_1},
        {f::Q4_0, "Q4_0", "Q4_0", GgmlType::Q4_0},
        {f::IQ4_XS, "IQ4_XS", "IQ4_XS - 4.25 bpw", GgmlType::IQ4_XS},
        {f::IQ4_NL, "IQ4_NL", "IQ4_NL - 4.5 bpw", GgmlType::IQ4_NL},
        {f::Q3_K_L, "Q3_K_L", "Q3_K - Large", GgmlType::Q3_K},
        {f::Q3_K_M, "Q3_K_M", "Q3_K - Medium", GgmlType::Q3_K},
        {f::Q3_K_S, "Q3_K_S", "Q3_K - Small", GgmlType::Q3_K},
        {f::Q2_K, "Q2_K", "Q2_K - Medium", GgmlType::Q2_K},
        {f::TQ2_0, "TQ2_0", "TQ2_0 - 2.06 bpw ternary", GgmlType::TQ2_0},
        {f::TQ1_0, "TQ1_0", "TQ1_0 - 1.69 bpw ternary", GgmlType::TQ1_0},
    };
    return v;
}

const LlamaFtypeInfo* find_llama_ftype(int ftype) {
    for (const auto& f : llama_ftypes())
        if (f.ftype == ftype) return &f;
    return nullptr;
}

const LlamaFtypeInfo* find_llama_ftype(const std::string& name) {
    const std::string u = upper(name);
    for (const auto& f : llama_ftypes())
        if (u == f.name) return &f;
    return nullptr;
}

GgmlType llama_ftype_tensor_type(int ftype, GgmlType t, TensorClass c, int layer, const ModelSpec& m) {
    namespace f = llama_ftype;
    // llama_tensor_get_type only refines quantized default types (F16/BF16/F32 files stay uniform).
    if (!quant_info(t).quantized) return t;
    const int n_layer = m.n_layer;
    const int n_gqa = m.n_head_kv > 0 ? m.n_head / m.n_head_kv : 1;
    // LLM_TYPE_70B: llama arch with 80 layers and GQA (llama-model.cpp load_hparams).
    const bool is_70b = m.n_layer == 80 && m.n_head_kv < m.n_head;

    // output.weight, and token_embd.weight when it doubles as the output (tied embeddings).
    if (c == TensorClass::Output || (c == TensorClass::TokenEmbd && m.tied_embeddings)) {
        if (m.d_model % quant_info(t).block_elems != 0) return GgmlType::Q8_0;
        return t == GgmlType::Q8_0 ? t : GgmlType::Q6_K;
    }
    if (c == TensorClass::TokenEmbd) return (ftype == f::TQ1_0 || ftype == f::TQ2_0) ? GgmlType::Q4_K : t;

    if (c == TensorClass::AttnV) {
        // i_attention_wv counts attn_v tensors in loader order (by layer), so it is the layer index.
        const int i = layer;
        if (ftype == f::Q2_K) t = n_gqa >= 4 ? GgmlType::Q4_K : GgmlType::Q3_K;
        else if ((ftype == f::IQ4_NL || ftype == f::IQ4_XS) && n_gqa >= 4) t = GgmlType::Q5_K;
        else if (ftype == f::Q3_K_M) t = i < 2 ? GgmlType::Q5_K : GgmlType::Q4_K;
        else if (ftype == f::Q3_K_L) t = GgmlType::Q5_K;
        else if ((ftype == f::Q4_K_M || ftype == f::Q5_K_M) && use_more_bits(i, n_layer)) t = GgmlType::Q6_K;
        else if (ftype == f::Q4_K_S && i < 4) t = GgmlType::Q5_K;
        if (is_70b && (t == GgmlType::Q3_K || t == GgmlType::Q4_K)) t = GgmlType::Q5_K;
        return t;
    }
    if (c == TensorClass::FfnDown) {
        const int i = layer;
        if (ftype == f::Q2_K) t = GgmlType::Q3_K;
        else if (ftype == f::Q3_K_M)
            t = i < n_layer / 16 ? GgmlType::Q5_K : GgmlType::Q4_K;  // non-Falcon: use_more_bits || true
        else if (ftype == f::Q3_K_L) t = GgmlType::Q5_K;
        else if (ftype == f::Q4_K_M) {
            if (use_more_bits(i, n_layer)) t = GgmlType::Q6_K;
        } else if (i < n_layer / 8 && (ftype == f::IQ4_NL || ftype == f::IQ4_XS)) t = GgmlType::Q5_K;
        else if (ftype == f::Q5_K_M && use_more_bits(i, n_layer)) t = GgmlType::Q6_K;
        else if (ftype == f::Q4_K_S && i < n_layer / 8) t = GgmlType::Q5_K;
        return t;
    }
    if (c == TensorClass::AttnOutput) {
        if (ftype == f::Q2_K) t = GgmlType::Q3_K;
        else if (ftype == f::Q3_K_M) t = GgmlType::Q4_K;
        else if (ftype == f::Q3_K_L) t = GgmlType::Q5_K;
        return t;
    }
    // attn_q, attn_k, ffn_gate, ffn_up: only IQ3 file types (not modelled) change them.
    return t;
}

GgmlType llama_type_fallback(GgmlType t, std::int64_t row_elems) {
    const auto& q = quant_info(t);
    if (row_elems % q.block_elems == 0) return t;
    GgmlType r = t;
    switch (t) {
        case GgmlType::IQ1_S: case GgmlType::IQ1_M: case GgmlType::IQ2_XXS: case GgmlType::IQ2_XS:
        case GgmlType::IQ2_S: case GgmlType::IQ3_XXS: case GgmlType::IQ3_S: case GgmlType::IQ4_XS:
            r = GgmlType::IQ4_NL; break;
        case GgmlType::Q2_0: case GgmlType::Q2_K: case GgmlType::Q3_K: case GgmlType::TQ1_0: case GgmlType::TQ2_0:
            r = GgmlType::Q4_0; break;
        case GgmlType::Q4_K: r = GgmlType::Q5_0; break;
        case GgmlType::Q5_K: r = GgmlType::Q5_1; break;
        case GgmlType::Q6_K: r = GgmlType::Q8_0; break;
        default: return t;  // llama.cpp throws; lowering reports the row that does not fit
    }
    return row_elems % quant_info(r).block_elems == 0 ? r : GgmlType::F16;
}

}  // namespace edgetwin
