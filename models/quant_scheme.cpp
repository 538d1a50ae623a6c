#include "models/quant_scheme.h"

#include "models/llama_ftype_rules.h"

namespace edgetwin {

const char* tensor_class_name(TensorClass c) {
    switch (c) {
        case TensorClass::TokenEmbd: return "token_embd";
        case TensorClass::AttnQ: return "attn_q";
        case TensorClass::AttnK: return "attn_k";
        case TensorClass::AttnV: return "attn_v";
        case TensorClass::AttnOutput: return "attn_output";
        case TensorClass::FfnGate: return "ffn_gate";
        case TensorClass::FfnUp: return "ffn_up";
        case TensorClass::FfnDown: return "ffn_down";
        case TensorClass::Output: return "output";
        case TensorClass::Norm: return "norm";
    }
    return "?";
}

GgmlType QuantScheme::type_of(TensorClass c) const {
    if (c == TensorClass::Norm) return GgmlType::F32;
    auto it = overrides.find(c);
    return it == overrides.end() ? default_type : it->second;
}

GgmlType QuantScheme::type_of(TensorClass c, int layer, const ModelSpec& m) const {
    if (c == TensorClass::Norm) return GgmlType::F32;
    if (!tensor_types.empty()) {
        auto it = tensor_types.find({c, layer});
        if (it != tensor_types.end()) return it->second;
    }
    if (llama_ftype < 0) return type_of(c);
    auto ov = overrides.find(c);
    const GgmlType chosen = ov != overrides.end() ? ov->second : llama_ftype_tensor_type(llama_ftype, default_type, c, layer, m);
    return llama_type_fallback(chosen, tensor_row_elems(c, m));
}

QuantScheme uniform_scheme(GgmlType t, GgmlType kv) {
    QuantScheme s;
    s.name = ggml_type_name(t);
    s.default_type = t;
    s.kv_type = kv;
    return s;
}

std::int64_t tensor_row_elems(TensorClass c, const ModelSpec& m) {
    switch (c) {
        case TensorClass::AttnOutput: return m.q_dim();
        case TensorClass::FfnDown: return m.d_ff;
        default: return m.d_model;
    }
}

}  // namespace edgetwin
