#include "models/weight_tensors.h"

#include "sim/core/user_error.h"

namespace edgetwin {

std::int64_t matrix_bytes(const ModelSpec& model, GgmlType t, std::int64_t in, std::int64_t out, const std::string& what) {
    const auto& q = quant_info(t);
    if (in % q.block_elems != 0)
        throw UserError(model.name, "quant." + what,
                        "rows of " + std::to_string(in) + " weights are not a whole number of " +
                            ggml_type_name(t) + " blocks of " + std::to_string(q.block_elems) +
                            "; choose a type with a block size dividing " + std::to_string(in));
    return tensor_bytes(t, in, out);
}

namespace {

class Lister {
public:
    Lister(const ModelSpec& m, const QuantScheme& q) : m_(m), q_(q) {}

    void matrix(const std::string& name, TensorClass c, int layer, std::int64_t in, std::int64_t out) {
        const GgmlType t = q_.type_of(c, layer, m_);
        out_.push_back({name + ".weight", c, layer, in, out, t, matrix_bytes(m_, t, in, out, tensor_class_name(c))});
    }
    void vec(const std::string& name, int layer, std::int64_t n) {
        out_.push_back({name, TensorClass::Norm, layer, n, 1, GgmlType::F32, n * 4});
    }
    void norm(const std::string& name, int layer, std::int64_t n) {
        vec(name + ".weight", layer, n);
        if (m_.norm == NormKind::Layer) vec(name + ".bias", layer, n);
    }

    std::vector<WeightTensor> run() {
        const std::int64_t d = m_.d_model;
        matrix("token_embd", TensorClass::TokenEmbd, -1, d, m_.n_vocab);
        for (int l = 0; l < m_.n_layer; ++l) {
            const std::string b = "blk." + std::to_string(l) + ".";
            norm(b + "attn_norm", l, d);
            const bool qkv_b = m_.qkv_bias || m_.linear_bias;
            matrix(b + "attn_q", TensorClass::AttnQ, l, d, m_.q_dim());
            if (qkv_b) vec(b + "attn_q.bias", l, m_.q_dim());
            matrix(b + "attn_k", TensorClass::AttnK, l, d, m_.kv_dim());
            if (qkv_b) vec(b + "attn_k.bias", l, m_.kv_dim());
            matrix(b + "attn_v", TensorClass::AttnV, l, d, m_.kv_dim());
            if (qkv_b) vec(b + "attn_v.bias", l, m_.kv_dim());
            if (m_.qk_norm) {
                vec(b + "attn_q_norm.weight", l, m_.head_dim);
                vec(b + "attn_k_norm.weight", l, m_.head_dim);
            }
            matrix(b + "attn_output", TensorClass::AttnOutput, l, m_.q_dim(), d);
            if (m_.linear_bias) vec(b + "attn_output.bias", l, d);
            // Norms beyond attn_norm: ffn_norm (sequential blocks), then post-norms (Gemma-2/3).
            static const char* const extra[] = {"ffn_norm", "post_attention_norm", "post_ffw_norm"};
            for (int k = 1; k < m_.norms_per_layer; ++k)
                norm(b + (k <= 3 ? extra[k - 1] : "norm_" + std::to_string(k)), l, d);
            if (m_.activation != FfnActivation::Gelu) {
                matrix(b + "ffn_gate", TensorClass::FfnGate, l, d, m_.d_ff);
                if (m_.linear_bias) vec(b + "ffn_gate.bias", l, m_.d_ff);
            }
            matrix(b + "ffn_up", TensorClass::FfnUp, l, d, m_.d_ff);
            if (m_.linear_bias) vec(b + "ffn_up.bias", l, m_.d_ff);
            matrix(b + "ffn_down", TensorClass::FfnDown, l, m_.d_ff, d);
            if (m_.linear_bias) vec(b + "ffn_down.bias", l, d);
        }
        norm("output_norm", -1, d);
        if (!m_.tied_embeddings) {
            matrix("output", TensorClass::Output, -1, d, m_.n_vocab);
            if (m_.linear_bias) vec("output.bias", -1, m_.n_vocab);
        }
        return std::move(out_);
    }

private:
    const ModelSpec& m_;
    const QuantScheme& q_;
    std::vector<WeightTensor> out_;
};

}  // namespace

std::vector<WeightTensor> weight_tensors(const ModelSpec& model, const QuantScheme& quant) {
    return Lister(model, quant).run();
}

}  // namespace edgetwin
