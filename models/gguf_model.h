#pragma once
// Turns a GGUF file's metadata and tensor infos into what the simulator runs: a ModelSpec from the
// {arch}.* keys (formats.md §1.3; per-layer arrays accepted) and a QuantScheme holding the exact
// type of every tensor, so the lowering charges the bytes the file really holds.
#include <string>
#include <vector>

#include "models/gguf_reader.h"
#include "models/model_spec.h"
#include "models/quant_scheme.h"

namespace edgetwin {

struct GgufModel {
    GgufFile file;
    ModelSpec model;
    QuantScheme quant;
    std::vector<std::string> notes;  // approximations made (per-layer sizes that vary, unknown tensors)
};

// Throws UserError naming the file and key for missing or ill-typed hyperparameters.
GgufModel gguf_model(GgufFile file);
GgufModel load_gguf_model(const std::string& path);

// Splits "blk.12.attn_v.weight" into (AttnV, 12); returns false for tensors the lowering does not
// model as matrices (norms, biases, rope factors...).
bool gguf_tensor_class(const std::string& name, TensorClass& cls, int& layer);

}  // namespace edgetwin
