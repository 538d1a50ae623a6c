#pragma once
// Model cards: data/models/<name>.json, one per model, hyperparameters with their source.
#include <string>
#include <vector>

#include "models/model_spec.h"
#include "sim/core/json_io.h"

namespace edgetwin {

// Parses a card object; `file` names it in errors.
ModelSpec model_from_card(const Json& card, const std::string& file);
// A card name ("tinyllama-1.1b") from data/models, or a path to a card JSON file.
// Unknown names throw UserError listing the available cards.
ModelSpec load_model(const std::string& name_or_path, const std::string& origin, const std::string& key);
std::vector<std::string> model_card_names();

}  // namespace edgetwin
