#include "models/lowering.h"

#include <algorithm>
#include <string>

#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

constexpr std::int64_t kF32 = 4;  // activations are f32 in ggml compute graphs

std::int64_t matrix_bytes(const ModelSpec& model, GgmlType t, std::int64_t in, std::int64_t out, const char* what) {
    const auto& q = quant_info(t);
    if (in % q.block_elems != 0)
        throw UserError(model.name, std::string("quant.") + what,
                        "rows of " + std::to_string(in) + " weights are not a whole number of " +
                            ggml_type_name(t) + " blocks of " + std::to_string(q.block_elems) +
                            "; choose a type with a block size dividing " + std::to_string(in));
    return tensor_bytes(t, in, out);
}

std::int64_t kv_row_bytes(const ModelSpec& model, GgmlType kv, std::int64_t elems) {
    const auto& q = quant_info(kv);
    if (elems % q.block_elems != 0)
        throw UserError(model.name, "quant.kv_type",
                        "KV rows of " + std::to_string(elems) + " values are not a whole number of " +
                            ggml_type_name(kv) + " blocks of " + std::to_string(q.block_elems));
    return tensor_bytes(kv, elems, 1);
}

class GraphBuilder {
public:
    GraphBuilder(const ModelSpec& m, const QuantScheme& q, const LoweringRequest& r)
        : model_(m), quant_(q), req_(r), tokens_(static_cast<std::int64_t>(r.n_tokens) * r.batch) {
        graph_.phase = r.phase;
        graph_.n_tokens = r.n_tokens;
        graph_.position = r.position;
        graph_.batch = r.batch;
    }

    OpGraph build() {
        embedding();
        for (int l = 0; l < model_.n_layer; ++l) layer(l);
        const std::int64_t logit_rows = req_.all_logits ? tokens_ : req_.batch;
        norm("output_norm", -1, logit_rows);
        const TensorClass out_class = model_.tied_embeddings ? TensorClass::TokenEmbd : TensorClass::Output;
        matmul("output", -1, logit_rows, model_.d_model, model_.n_vocab, quant_.type_of(out_class));
        return std::move(graph_);
    }

private:
    Op& add(std::string name, OpKind kind, int layer) {
        Op op;
        op.name = std::move(name);
        op.kind = kind;
        op.layer = layer;
        op.kv_type = quant_.kv_type;
        graph_.ops.push_back(std::move(op));
        return graph_.ops.back();
    }

    static std::string blk(int l, const char* what) { return "blk." + std::to_string(l) + "." + what; }

    void embedding() {
        const GgmlType t = quant_.type_of(TensorClass::TokenEmbd);
        Op& op = add("token_embd", OpKind::Embedding, -1);
        op.weight_type = t;
        op.weight_bytes = tokens_ * matrix_bytes(model_, t, model_.d_model, 1, "token_embd");
        op.weight_elems = tokens_ * model_.d_model;
        op.act_write_bytes = tokens_ * model_.d_model * kF32;
        op.splittable = false;
    }

    // RMSNorm per row: square+accumulate (2d), one rsqrt, scale (d) and weight multiply (d).
    void norm(std::string name, int layer, std::int64_t rows) {
        const std::int64_t d = model_.d_model;
        Op& op = add(std::move(name), OpKind::RmsNorm, layer);
        op.flops = 4.0 * d * rows;
        op.transcendentals = static_cast<double>(rows);
        op.weight_type = GgmlType::F32;
        op.weight_bytes = d * kF32;
        op.weight_elems = d;
        op.act_read_bytes = rows * d * kF32;
        op.act_write_bytes = rows * d * kF32;
    }

    void matmul(std::string name, int layer, std::int64_t rows, std::int64_t in, std::int64_t out, GgmlType t) {
        const std::string what = name.substr(name.rfind('.') + 1);
        Op& op = add(std::move(name), OpKind::MatMul, layer);
        op.m = rows;
        op.k = in;
        op.n = out;
        op.macs = static_cast<double>(rows) * in * out;
        op.weight_type = t;
        op.weight_bytes = matrix_bytes(model_, t, in, out, what.c_str());
        op.weight_elems = in * out;
        op.act_read_bytes = rows * in * kF32;
        op.act_write_bytes = rows * out * kF32;
    }

    void elementwise(std::string name, OpKind kind, int layer, std::int64_t elems, double flops_per,
                     double transc_per, int inputs) {
        Op& op = add(std::move(name), kind, layer);
        op.flops = flops_per * static_cast<double>(elems);
        op.transcendentals = transc_per * static_cast<double>(elems);
        op.act_read_bytes = inputs * elems * kF32;
        op.act_write_bytes = elems * kF32;
    }

    void layer(int l) {
        const std::int64_t d = model_.d_model, hd = model_.head_dim;
        const std::int64_t T = req_.n_tokens, B = req_.batch;
        const std::int64_t L = req_.position + T;  // keys visible to the last token
        norm(blk(l, "attn_norm"), l, tokens_);
        matmul(blk(l, "attn_q"), l, tokens_, d, model_.q_dim(), quant_.type_of(TensorClass::AttnQ));
        matmul(blk(l, "attn_k"), l, tokens_, d, model_.kv_dim(), quant_.type_of(TensorClass::AttnK));
        matmul(blk(l, "attn_v"), l, tokens_, d, model_.kv_dim(), quant_.type_of(TensorClass::AttnV));

        // RoPE on Q and K: per rotated pair 4 mul + 2 add and one sin/cos evaluation pair.
        const double pairs = static_cast<double>(tokens_) * (model_.n_head + model_.n_head_kv) * hd *
                             model_.rope_fraction / 2.0;
        Op& rope = add(blk(l, "rope"), OpKind::Rope, l);
        rope.flops = 6.0 * pairs;
        rope.transcendentals = 2.0 * pairs;
        rope.act_read_bytes = tokens_ * (model_.q_dim() + model_.kv_dim()) * kF32;
        rope.act_write_bytes = rope.act_read_bytes;

        // New K and V rows are converted to the cache type and appended.
        const std::int64_t kv_row = kv_row_bytes(model_, quant_.kv_type, model_.kv_dim());
        Op& store = add(blk(l, "kv_store"), OpKind::KvStore, l);
        store.flops = 2.0 * tokens_ * model_.kv_dim();
        store.act_read_bytes = 2 * tokens_ * model_.kv_dim() * kF32;
        store.kv_write_bytes = 2 * tokens_ * kv_row;

        // Scores Q.K^T over all L cached positions for every query row, as ggml's mul_mat does
        // (the causal mask is applied afterwards in soft_max, so masked products are still computed).
        const double score_elems = static_cast<double>(B) * T * L * model_.n_head;
        Op& scores = add(blk(l, "attn_scores"), OpKind::AttnScores, l);
        scores.macs = score_elems * hd;
        scores.act_read_bytes = tokens_ * model_.q_dim() * kF32;
        scores.act_write_bytes = static_cast<std::int64_t>(score_elems) * kF32;
        scores.kv_read_bytes = B * L * kv_row;

        // soft_max_ext: scale, mask add, max, subtract, exp, sum, normalise.
        Op& softmax = add(blk(l, "softmax"), OpKind::Softmax, l);
        softmax.flops = 5.0 * score_elems;
        softmax.transcendentals = score_elems;
        softmax.act_read_bytes = static_cast<std::int64_t>(score_elems) * kF32;
        softmax.act_write_bytes = softmax.act_read_bytes;

        Op& values = add(blk(l, "attn_values"), OpKind::AttnValues, l);
        values.macs = score_elems * hd;
        values.act_read_bytes = static_cast<std::int64_t>(score_elems) * kF32;
        values.act_write_bytes = tokens_ * model_.q_dim() * kF32;
        values.kv_read_bytes = B * L * kv_row;

        matmul(blk(l, "attn_output"), l, tokens_, model_.q_dim(), d, quant_.type_of(TensorClass::AttnOutput));
        elementwise(blk(l, "attn_residual"), OpKind::Add, l, tokens_ * d, 1.0, 0.0, 2);

        norm(blk(l, "ffn_norm"), l, tokens_);
        const std::int64_t ff = model_.d_ff;
        if (model_.activation != FfnActivation::Gelu) {
            matmul(blk(l, "ffn_gate"), l, tokens_, d, ff, quant_.type_of(TensorClass::FfnGate));
            matmul(blk(l, "ffn_up"), l, tokens_, d, ff, quant_.type_of(TensorClass::FfnUp));
            // silu(g)*u = g/(1+exp(-g))*u: one exp, negate, add, divide, multiply.
            elementwise(blk(l, "ffn_act"), OpKind::Activation, l, tokens_ * ff, 4.0, 1.0, 2);
        } else {
            matmul(blk(l, "ffn_up"), l, tokens_, d, ff, quant_.type_of(TensorClass::FfnUp));
            // gelu (tanh form): about 8 arithmetic ops and one tanh per element.
            elementwise(blk(l, "ffn_act"), OpKind::Activation, l, tokens_ * ff, 8.0, 1.0, 1);
        }
        matmul(blk(l, "ffn_down"), l, tokens_, ff, d, quant_.type_of(TensorClass::FfnDown));
        elementwise(blk(l, "ffn_residual"), OpKind::Add, l, tokens_ * d, 1.0, 0.0, 2);
    }

    const ModelSpec& model_;
    const QuantScheme& quant_;
    const LoweringRequest& req_;
    const std::int64_t tokens_;
    OpGraph graph_;
};

}  // namespace

OpGraph lower(const ModelSpec& model, const QuantScheme& quant, const LoweringRequest& req) {
    if (req.n_tokens < 1 || req.batch < 1 || req.position < 0)
        throw std::invalid_argument("lowering request needs n_tokens >= 1, batch >= 1, position >= 0");
    return GraphBuilder(model, quant, req).build();
}

std::int64_t weight_footprint_bytes(const ModelSpec& m, const QuantScheme& q) {
    const std::int64_t d = m.d_model;
    std::int64_t per_layer = matrix_bytes(m, q.type_of(TensorClass::AttnQ), d, m.q_dim(), "attn_q") +
                             matrix_bytes(m, q.type_of(TensorClass::AttnK), d, m.kv_dim(), "attn_k") +
                             matrix_bytes(m, q.type_of(TensorClass::AttnV), d, m.kv_dim(), "attn_v") +
                             matrix_bytes(m, q.type_of(TensorClass::AttnOutput), m.q_dim(), d, "attn_output") +
                             matrix_bytes(m, q.type_of(TensorClass::FfnUp), d, m.d_ff, "ffn_up") +
                             matrix_bytes(m, q.type_of(TensorClass::FfnDown), m.d_ff, d, "ffn_down") +
                             2 * d * kF32;
    if (m.activation != FfnActivation::Gelu)
        per_layer += matrix_bytes(m, q.type_of(TensorClass::FfnGate), d, m.d_ff, "ffn_gate");
    std::int64_t total = m.n_layer * per_layer + d * kF32;
    total += matrix_bytes(m, q.type_of(TensorClass::TokenEmbd), d, m.n_vocab, "token_embd");
    if (!m.tied_embeddings) total += matrix_bytes(m, q.type_of(TensorClass::Output), d, m.n_vocab, "output");
    return total;
}

std::int64_t kv_cache_bytes(const ModelSpec& m, const QuantScheme& q, std::int64_t ctx, int batch) {
    return 2 * static_cast<std::int64_t>(m.n_layer) * ctx * batch * kv_row_bytes(m, q.kv_type, m.kv_dim());
}

std::int64_t activation_bytes(const ModelSpec& m, std::int64_t tokens, std::int64_t ctx, int batch) {
    const std::int64_t rows = tokens * batch;
    // Residual stream + the widest intermediate (FFN gate and up) + attention scores of one layer.
    const std::int64_t widest = std::max<std::int64_t>(2 * m.d_ff, m.q_dim() + 2 * m.kv_dim());
    const std::int64_t scores = rows * ctx * m.n_head;
    return (rows * (2 * m.d_model + widest) + scores + rows * m.n_vocab) * kF32;
}

}  // namespace edgetwin
