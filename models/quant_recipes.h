#pragma once
// Quantisation schemes by name, as users write them: llama.cpp file types ("Q4_K_M", "Q4_0"; the
// per-tensor rules of llama-quantize apply), uniform GGML types ("Q4_K", or "<TYPE>-pure" for any
// type, llama-quantize --pure), MLC-LLM modes ("q4f16_1", "q4f16_ft"), AWQ/GPTQ int4 ("AWQ-g128",
// "GPTQ-g64") and llama2.c int8 exports ("llama2c-Q8-GS64").
#include <string>
#include <vector>

#include "models/model_spec.h"
#include "models/quant_scheme.h"

namespace edgetwin {

// Throws UserError(origin, key, ...) listing the known names for an unknown one.
QuantScheme quant_scheme_from_name(const std::string& name, GgmlType kv_type, const std::string& origin,
                                   const std::string& key);
std::vector<std::string> quant_scheme_names();
// One line per scheme name: what it stores ("Q4_K_M: llama.cpp file type 'Q4_K - Medium' ...").
std::vector<std::pair<std::string, std::string>> quant_scheme_catalog();
// KV-cache element types a runtime can use (f16, f32, q8_0, q4_0...).
GgmlType kv_type_from_name(const std::string& name, const std::string& origin, const std::string& key);

}  // namespace edgetwin
