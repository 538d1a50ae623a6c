#include "models/op_graph.h"

namespace edgetwin {

const char* phase_name(Phase p) { return p == Phase::Prefill ? "prefill" : "decode"; }

const char* op_kind_name(OpKind k) {
    switch (k) {
        case OpKind::Embedding: return "embedding";
        case OpKind::RmsNorm: return "rms_norm";
        case OpKind::MatMul: return "matmul";
        case OpKind::Rope: return "rope";
        case OpKind::KvStore: return "kv_store";
        case OpKind::AttnScores: return "attn_scores";
        case OpKind::Softmax: return "softmax";
        case OpKind::AttnValues: return "attn_values";
        case OpKind::Activation: return "activation";
        case OpKind::Add: return "add";
    }
    return "?";
}

OpClass op_class_of(OpKind k) {
    switch (k) {
        case OpKind::MatMul: return OpClass::MatMul;
        case OpKind::KvStore:
        case OpKind::AttnScores:
        case OpKind::Softmax:
        case OpKind::AttnValues: return OpClass::Attention;
        case OpKind::RmsNorm: return OpClass::Norm;
        case OpKind::Embedding: return OpClass::Embedding;
        case OpKind::Rope:
        case OpKind::Activation:
        case OpKind::Add: return OpClass::Elementwise;
    }
    return OpClass::Elementwise;
}

const char* op_class_name(OpClass c) {
    switch (c) {
        case OpClass::MatMul: return "matmul";
        case OpClass::Attention: return "attention";
        case OpClass::Norm: return "norm";
        case OpClass::Elementwise: return "elementwise";
        case OpClass::Embedding: return "embedding";
    }
    return "?";
}

}  // namespace edgetwin
