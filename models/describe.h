#pragma once
// Text the CLI prints for `edgetwin list models`, `edgetwin list quants` and `edgetwin inspect FILE`.
// Plain strings (no CLI code) so they can be tested and reused.
#include <string>
#include <vector>

#include "models/model_spec.h"
#include "models/quant_scheme.h"
#include "models/weight_tensors.h"

namespace edgetwin {

// One line per model card: name, family, parameters, layers, width, heads, context, features.
std::string describe_model_cards();
// One line per quantisation scheme name and what it stores.
std::string describe_quant_schemes();
// A GGUF (*.gguf) or llama2.c (*.bin) file, or a card name: architecture, parameter count, bytes
// by tensor class and type, histogram of tensor types, and what the lowering will simulate.
// Throws UserError (one line, with the byte offset) for truncated or corrupt files.
std::string describe_model_file(const std::string& path);
// The part shared by files and cards: a model + scheme as the lowering sees them.
std::string describe_lowering(const ModelSpec& model, const QuantScheme& quant);
// Bytes and elements per (tensor class, type) of a tensor list.
std::string describe_tensor_table(const std::vector<WeightTensor>& tensors);

}  // namespace edgetwin
