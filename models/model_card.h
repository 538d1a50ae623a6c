#pragma once
// Model cards: data/models/<name>.json, one per model, hyperparameters with their source.
#include <optional>
#include <string>
#include <vector>

#include "models/model_spec.h"
#include "models/quant_scheme.h"
#include "sim/core/json_io.h"

namespace edgetwin {

// Parses a card object; `file` names it in errors.
ModelSpec model_from_card(const Json& card, const std::string& file);
// A card name ("tinyllama-1.1b") from data/models, a path to a card JSON file, a GGUF file
// (*.gguf) or a llama2.c checkpoint (*.bin). Unknown names throw UserError listing the cards.
ModelSpec load_model(const std::string& name_or_path, const std::string& origin, const std::string& key);

// The same, plus the quantisation a model file stores (exact per-tensor types for GGUF, F32 or
// int8 groups for llama2.c); no quant for cards.
struct LoadedModel {
    ModelSpec model;
    std::optional<QuantScheme> quant;
};
LoadedModel load_model_with_quant(const std::string& name_or_path, const std::string& origin, const std::string& key);
bool is_model_file_path(const std::string& path);  // *.gguf or *.bin
std::vector<std::string> model_card_names();

}  // namespace edgetwin
