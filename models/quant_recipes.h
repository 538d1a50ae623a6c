#pragma once
// Quantisation schemes by name, as users write them ("Q4_0", "Q8_0", "F16"): which type each tensor
// class is stored in. Names are llama.cpp file types or GGML type names.
#include <string>
#include <vector>

#include "models/model_spec.h"
#include "models/quant_scheme.h"

namespace edgetwin {

// Throws UserError(origin, key, ...) listing the known names for an unknown one.
QuantScheme quant_scheme_from_name(const std::string& name, GgmlType kv_type, const std::string& origin,
                                   const std::string& key);
std::vector<std::string> quant_scheme_names();
// KV-cache element types a runtime can use (f16, f32, q8_0, q4_0...).
GgmlType kv_type_from_name(const std::string& name, const std::string& origin, const std::string& key);

}  // namespace edgetwin
