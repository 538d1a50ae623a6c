#pragma once
// Every weight tensor of a model as a GGUF file would store it (names as llama.cpp writes them),
// with the type a quant scheme gives it and its bytes. Footprints, `inspect` tables and the check
// of a scheme against a real file all count from this one list.
#include <cstdint>
#include <string>
#include <vector>

#include "models/model_spec.h"
#include "models/quant_scheme.h"

namespace edgetwin {

struct WeightTensor {
    std::string name;       // "blk.3.attn_v.weight", "output_norm.weight"
    TensorClass cls = TensorClass::Norm;  // biases and norms count as Norm (kept in F32)
    int layer = -1;         // -1 outside the blocks
    std::int64_t row_elems = 0;  // ne[0]
    std::int64_t rows = 1;       // ne[1]
    GgmlType type = GgmlType::F32;
    std::int64_t bytes = 0;
    std::int64_t elems() const { return row_elems * rows; }
};

// Throws UserError(model.name, "quant.<tensor>", ...) when a row is not a whole number of blocks.
std::vector<WeightTensor> weight_tensors(const ModelSpec& model, const QuantScheme& quant);
// Bytes of one matrix of `out` rows of `in` weights in type `t`, with that error.
std::int64_t matrix_bytes(const ModelSpec& model, GgmlType t, std::int64_t in, std::int64_t out, const std::string& what);

}  // namespace edgetwin
