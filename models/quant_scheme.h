#pragma once
// Which type each weight tensor is stored in. A scheme is named like the llama.cpp file type it
// models ("Q4_K_M"). Three layers of detail, most specific first:
//  - tensor_types: exact per-(class, layer) types read from a model file (GGUF);
//  - overrides: per-class types a user or recipe fixes;
//  - llama_ftype: llama.cpp's per-tensor rules for that file type (layer- and shape-dependent);
// and default_type for everything else.
#include <map>
#include <string>
#include <utility>

#include "models/model_spec.h"
#include "models/quant_type.h"

namespace edgetwin {

enum class TensorClass { TokenEmbd, AttnQ, AttnK, AttnV, AttnOutput, FfnGate, FfnUp, FfnDown, Output, Norm };
const char* tensor_class_name(TensorClass c);

struct QuantScheme {
    std::string name;                        // "Q4_0"
    GgmlType default_type = GgmlType::F16;   // type of every matrix not overridden
    std::map<TensorClass, GgmlType> overrides;
    GgmlType kv_type = GgmlType::F16;        // KV cache element type
    int llama_ftype = -1;                    // llama_ftype value whose rules apply; -1 = none
    // Exact types from a file, keyed by (class, layer); layer -1 for tensors outside the blocks.
    std::map<std::pair<TensorClass, int>, GgmlType> tensor_types;

    // Class-level type (ignores layer-dependent rules); kept for summaries.
    GgmlType type_of(TensorClass c) const;
    // The type of one tensor: `layer` is -1 for token_embd/output.
    GgmlType type_of(TensorClass c, int layer, const ModelSpec& m) const;
};

// A uniform scheme: every matrix in `t`, norms in F32 (as llama.cpp keeps 1-D tensors).
QuantScheme uniform_scheme(GgmlType t, GgmlType kv = GgmlType::F16);

// Row length (ne[0], the input dimension) of a tensor class in `m`.
std::int64_t tensor_row_elems(TensorClass c, const ModelSpec& m);

}  // namespace edgetwin
