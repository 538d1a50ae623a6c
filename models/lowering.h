#pragma once
// Lowers (model, quant scheme, phase, tokens, position) into the op graph a ggml-style runtime
// executes: per layer norm, Q/K/V projections (+ biases, + per-head Q/K norms), RoPE on the rotated
// share of each head, KV store, attention (scores, softmax, values) over all cached keys or, on
// sliding-window layers, over the window, output projection, residual add, norm, FFN (gated SiLU/
// GELU or plain GELU), residual add (one joint add for parallel blocks; Gemma post-norms when the
// model has them); then final norm and the vocabulary projection for the tokens whose logits are
// needed. Weight types come per tensor and layer from QuantScheme::type_of(class, layer, model).
#include <cstdint>

#include "models/model_spec.h"
#include "models/op_graph.h"
#include "models/quant_scheme.h"

namespace edgetwin {

struct LoweringRequest {
    Phase phase = Phase::Decode;
    int n_tokens = 1;   // prompt length for prefill, 1 for a decode step
    int position = 0;   // tokens already in the KV cache
    int batch = 1;      // independent sequences processed together
    // Logits for every token (perplexity runs) instead of only the last (generation).
    bool all_logits = false;
};

// Throws UserError when a tensor row is not a whole number of blocks of its type.
OpGraph lower(const ModelSpec& model, const QuantScheme& quant, const LoweringRequest& req);

// Moves a decode graph built by lower() to another KV position: only the attention ops (scores,
// softmax, values) depend on it, so this equals lowering at `position` at a fraction of the cost.
void advance_decode_graph(OpGraph& graph, const ModelSpec& model, const QuantScheme& quant, int position);

// Bytes of every weight tensor as stored (embeddings, matrices, norms, biases); see weight_tensors.h.
std::int64_t weight_footprint_bytes(const ModelSpec& model, const QuantScheme& quant);
// KV cache bytes for `ctx` positions of `batch` sequences (sliding-window layers keep the window).
std::int64_t kv_cache_bytes(const ModelSpec& model, const QuantScheme& quant, std::int64_t ctx, int batch);
// Largest live activation buffers (ggml allocates a scratch arena of about this size).
std::int64_t activation_bytes(const ModelSpec& model, std::int64_t tokens, std::int64_t ctx, int batch);

}  // namespace edgetwin
