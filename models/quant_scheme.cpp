#include "models/quant_scheme.h"

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

QuantScheme uniform_scheme(GgmlType t, GgmlType kv) {
    QuantScheme s;
    s.name = ggml_type_name(t);
    s.default_type = t;
    s.kv_type = kv;
    return s;
}

}  // namespace edgetwin
