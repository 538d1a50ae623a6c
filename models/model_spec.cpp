#include "models/model_spec.h"

namespace edgetwin {

std::int64_t ModelSpec::parameter_count() const {
    const std::int64_t d = d_model;
    const std::int64_t attn = d * q_dim() + 2 * d * kv_dim() + q_dim() * d;
    const std::int64_t ffn_mats = activation == FfnActivation::Gelu ? 2 : 3;
    const std::int64_t ffn = ffn_mats * d * d_ff;
    const std::int64_t norms = 2 * d;
    const std::int64_t embed = static_cast<std::int64_t>(n_vocab) * d;
    return n_layer * (attn + ffn + norms) + embed + (tied_embeddings ? 0 : embed) + d;
}

}  // namespace edgetwin
