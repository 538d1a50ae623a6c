#include "models/model_spec.h"

namespace edgetwin {

std::int64_t ModelSpec::parameter_count() const {
    const std::int64_t d = d_model;
    const std::int64_t norm_params = norm == NormKind::Layer ? 2 * d : d;
    std::int64_t attn = d * q_dim() + 2 * d * kv_dim() + q_dim() * d;
    if (qkv_bias || linear_bias) attn += q_dim() + 2 * kv_dim();
    if (linear_bias) attn += d;
    if (qk_norm) attn += 2 * static_cast<std::int64_t>(head_dim);
    const std::int64_t ffn_mats = activation == FfnActivation::Gelu ? 2 : 3;
    std::int64_t ffn = ffn_mats * d * d_ff;
    if (linear_bias) ffn += (ffn_mats - 1) * static_cast<std::int64_t>(d_ff) + d;
    const std::int64_t norms = norms_per_layer * norm_params;
    const std::int64_t embed = static_cast<std::int64_t>(n_vocab) * d;
    const std::int64_t output = tied_embeddings ? 0 : embed + (linear_bias ? n_vocab : 0);
    return n_layer * (attn + ffn + norms) + embed + output + norm_params;
}

}  // namespace edgetwin
