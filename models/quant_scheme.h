#pragma once
// Which GGML type each weight tensor is stored in. A scheme is named like the llama.cpp file type
// it models ("Q4_0"); per-tensor-class overrides express mixed recipes.
#include <map>
#include <string>

#include "models/quant_type.h"

namespace edgetwin {

enum class TensorClass { TokenEmbd, AttnQ, AttnK, AttnV, AttnOutput, FfnGate, FfnUp, FfnDown, Output, Norm };
const char* tensor_class_name(TensorClass c);

struct QuantScheme {
    std::string name;                        // "Q4_0"
    GgmlType default_type = GgmlType::F16;   // type of every matrix not overridden
    std::map<TensorClass, GgmlType> overrides;
    GgmlType kv_type = GgmlType::F16;        // KV cache element type

    GgmlType type_of(TensorClass c) const;
};

// A uniform scheme: every matrix in `t`, norms in F32 (as llama.cpp keeps 1-D tensors).
QuantScheme uniform_scheme(GgmlType t, GgmlType kv = GgmlType::F16);

}  // namespace edgetwin
