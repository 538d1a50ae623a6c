#include "models/lowering.h"

#include <algorithm>
#include <string>

#include "models/weight_tensors.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

constexpr std::int64_t kF32 = 4;  // activations are f32 in ggml compute graphs

std::int64_t kv_row_bytes(const ModelSpec& model, GgmlType kv, std::int64_t elems) {
    const auto& q = quant_info(kv);
    if (elems % q.block_elems != 0)
        throw UserError(model.name, "quant.kv_type",
                        "KV rows of " + std::to_string(elems) + " values are not a whole number of " +
                            ggml_type_name(kv) + " blocks of " + std::to_string(q.block_elems));
    return tensor_bytes(kv, elems, 1);
}

// The position-dependent part of a layer: scores, softmax and values over the keys in the layer's
// KV view. Global layers see all position+T cached rows. A local (sliding-window) layer's last query
// needs `window` keys and the chunk's first one reaches T-1 further back, so the view holds
// min(position+T, window+T-1): min(window, L) in decode.
void fill_attention(const ModelSpec& m, std::int64_t kv_row, std::int64_t T, std::int64_t B, std::int64_t position,
                    int l, Op& scores, Op& softmax, Op& values) {
    const std::int64_t hd = m.head_dim, tokens = T * B;
    const std::int64_t all = position + T;
    const std::int64_t L = m.is_local_layer(l) ? std::min<std::int64_t>(all, m.sliding_window + T - 1) : all;
    // Scores Q.K^T over all L keys of the view for every query row, as ggml's mul_mat does
    // (the causal/window mask is applied afterwards in soft_max, so masked products are computed).
    const double score_elems = static_cast<double>(B) * T * L * m.n_head;
    // Per-head ggml mul_mat shapes (rows x inputs -> outputs): K^T Q is tokens x head_dim -> L keys,
    // softmax(QK^T) V is tokens x L -> head_dim; runtimes use them for shape-dependent kernel choices.
    scores.m = tokens;
    scores.k = hd;
    scores.n = L;
    scores.macs = score_elems * hd;
    scores.act_read_bytes = tokens * m.q_dim() * kF32;
    scores.act_write_bytes = static_cast<std::int64_t>(score_elems) * kF32;
    scores.kv_read_bytes = B * L * kv_row;
    // soft_max_ext: scale, mask add, max, subtract, exp, sum, normalise.
    softmax.flops = 5.0 * score_elems;
    softmax.transcendentals = score_elems;
    softmax.act_read_bytes = static_cast<std::int64_t>(score_elems) * kF32;
    softmax.act_write_bytes = softmax.act_read_bytes;
    values.m = tokens;
    values.k = L;
    values.n = hd;
    values.macs = score_elems * hd;
    values.act_read_bytes = static_cast<std::int64_t>(score_elems) * kF32;
    values.act_write_bytes = tokens * m.q_dim() * kF32;
    values.kv_read_bytes = B * L * kv_row;
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
        matmul("output", -1, logit_rows, model_.d_model, model_.n_vocab, type(out_class, -1),
               model_.linear_bias && !model_.tied_embeddings);
        return std::move(graph_);
    }

private:
    Op& add(std::string name, OpKind kind, int layer) {
        Op op;
        op.name = std::move(name);
        op.kind = kind;
        op.layer = layer;
        op.kv_type = quant_.kv_type;
        op.tokens = tokens_;
        graph_.ops.push_back(std::move(op));
        return graph_.ops.back();
    }

    static std::string blk(int l, const char* what) { return "blk." + std::to_string(l) + "." + what; }
    GgmlType type(TensorClass c, int layer) const { return quant_.type_of(c, layer, model_); }

    void embedding() {
        const GgmlType t = type(TensorClass::TokenEmbd, -1);
        Op& op = add("token_embd", OpKind::Embedding, -1);
        op.weight_type = t;
        op.weight_bytes = tokens_ * matrix_bytes(model_, t, model_.d_model, 1, "token_embd");
        op.weight_elems = tokens_ * model_.d_model;
        op.act_write_bytes = tokens_ * model_.d_model * kF32;
        op.splittable = false;
    }

    // RMSNorm per row: square+accumulate (2d), one rsqrt, scale (d) and weight multiply (d).
    // LayerNorm adds the mean (d), its subtraction (d) and the bias add (d). `d` defaults to
    // d_model; per-head Q/K norms pass head_dim with rows = heads x tokens.
    void norm(std::string name, int layer, std::int64_t rows, std::int64_t d = 0) {
        const bool layer_norm = model_.norm == NormKind::Layer && d == 0;
        if (d == 0) d = model_.d_model;
        Op& op = add(std::move(name), OpKind::RmsNorm, layer);
        op.tokens = rows;
        op.flops = (layer_norm ? 7.0 : 4.0) * d * rows;
        op.transcendentals = static_cast<double>(rows);
        op.weight_type = GgmlType::F32;
        op.weight_bytes = (layer_norm ? 2 : 1) * d * kF32;
        op.weight_elems = (layer_norm ? 2 : 1) * d;
        op.act_read_bytes = rows * d * kF32;
        op.act_write_bytes = rows * d * kF32;
    }

    // A bias, when present, is folded in: one add per output and its f32 vector read.
    void matmul(std::string name, int layer, std::int64_t rows, std::int64_t in, std::int64_t out, GgmlType t,
                bool bias = false) {
        const std::string what = name.substr(name.rfind('.') + 1);
        Op& op = add(std::move(name), OpKind::MatMul, layer);
        op.m = rows;
        op.tokens = rows;
        op.k = in;
        op.n = out;
        op.macs = static_cast<double>(rows) * in * out;
        op.weight_type = t;
        op.weight_bytes = matrix_bytes(model_, t, in, out, what) + (bias ? out * kF32 : 0);
        op.weight_elems = in * out;
        if (bias) op.flops = static_cast<double>(rows) * out;
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
        const bool qkv_b = model_.qkv_bias || model_.linear_bias;
        norm(blk(l, "attn_norm"), l, tokens_);
        matmul(blk(l, "attn_q"), l, tokens_, d, model_.q_dim(), type(TensorClass::AttnQ, l), qkv_b);
        matmul(blk(l, "attn_k"), l, tokens_, d, model_.kv_dim(), type(TensorClass::AttnK, l), qkv_b);
        matmul(blk(l, "attn_v"), l, tokens_, d, model_.kv_dim(), type(TensorClass::AttnV, l), qkv_b);
        if (model_.qk_norm) {
            norm(blk(l, "attn_qk_norm"), l, tokens_ * (model_.n_head + model_.n_head_kv), hd);
            graph_.ops.back().tokens = tokens_;
        }

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

        add(blk(l, "attn_scores"), OpKind::AttnScores, l);
        add(blk(l, "softmax"), OpKind::Softmax, l);
        add(blk(l, "attn_values"), OpKind::AttnValues, l);
        auto& ops = graph_.ops;  // references taken after the three push_backs stay valid
        const std::size_t n = ops.size();
        fill_attention(model_, kv_row, req_.n_tokens, req_.batch, req_.position, l, ops[n - 3], ops[n - 2], ops[n - 1]);

        matmul(blk(l, "attn_output"), l, tokens_, model_.q_dim(), d, type(TensorClass::AttnOutput, l),
               model_.linear_bias);
        if (model_.norms_per_layer >= 3) norm(blk(l, "post_attention_norm"), l, tokens_);
        // Parallel blocks (Phi-2) feed the FFN the same normed input and add both branches at the end.
        if (!model_.parallel_attn_ffn) {
            elementwise(blk(l, "attn_residual"), OpKind::Add, l, tokens_ * d, 1.0, 0.0, 2);
            norm(blk(l, "ffn_norm"), l, tokens_);
        }
        ffn(l);
        if (model_.norms_per_layer >= 4) norm(blk(l, "post_ffw_norm"), l, tokens_);
        if (model_.parallel_attn_ffn)
            elementwise(blk(l, "residual"), OpKind::Add, l, tokens_ * d, 2.0, 0.0, 3);
        else
            elementwise(blk(l, "ffn_residual"), OpKind::Add, l, tokens_ * d, 1.0, 0.0, 2);
    }

    void activation(int l, ActivationFn fn, bool gated, double flops_per) {
        elementwise(blk(l, "ffn_act"), OpKind::Activation, l, tokens_ * model_.d_ff, flops_per, 1.0, gated ? 2 : 1);
        graph_.ops.back().activation = fn;
        graph_.ops.back().gated = gated;
    }

    void ffn(int l) {
        const std::int64_t d = model_.d_model, ff = model_.d_ff;
        const bool bias = model_.linear_bias;
        if (model_.activation != FfnActivation::Gelu) {
            matmul(blk(l, "ffn_gate"), l, tokens_, d, ff, type(TensorClass::FfnGate, l), bias);
            matmul(blk(l, "ffn_up"), l, tokens_, d, ff, type(TensorClass::FfnUp, l), bias);
            if (model_.activation == FfnActivation::SiluGated)
                // silu(g)*u = g/(1+exp(-g))*u: one exp, negate, add, divide, multiply.
                activation(l, ActivationFn::Silu, true, 4.0);
            else
                // gelu (tanh form, ~8 ops + one tanh) of g, times u.
                activation(l, ActivationFn::Gelu, true, 9.0);
        } else {
            matmul(blk(l, "ffn_up"), l, tokens_, d, ff, type(TensorClass::FfnUp, l), bias);
            // gelu (tanh form): about 8 arithmetic ops and one tanh per element.
            activation(l, ActivationFn::Gelu, false, 8.0);
        }
        matmul(blk(l, "ffn_down"), l, tokens_, ff, d, type(TensorClass::FfnDown, l), bias);
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

void advance_decode_graph(OpGraph& graph, const ModelSpec& model, const QuantScheme& quant, int position) {
    if (graph.phase != Phase::Decode) throw std::invalid_argument("advance_decode_graph needs a decode graph");
    const std::int64_t kv_row = kv_row_bytes(model, quant.kv_type, model.kv_dim());
    auto& ops = graph.ops;
    for (std::size_t i = 0; i + 2 < ops.size(); ++i) {
        if (ops[i].kind != OpKind::AttnScores) continue;
        if (ops[i + 1].kind != OpKind::Softmax || ops[i + 2].kind != OpKind::AttnValues)
            throw std::logic_error("decode graph: attention ops are not consecutive");
        fill_attention(model, kv_row, graph.n_tokens, graph.batch, position, ops[i].layer, ops[i], ops[i + 1], ops[i + 2]);
    }
    graph.position = position;
}

std::int64_t weight_footprint_bytes(const ModelSpec& m, const QuantScheme& q) {
    std::int64_t total = 0;
    for (const auto& t : weight_tensors(m, q)) total += t.bytes;
    return total;
}

std::int64_t kv_cache_bytes(const ModelSpec& m, const QuantScheme& q, std::int64_t ctx, int batch) {
    // Local (sliding-window) layers keep only the last `window` positions.
    std::int64_t positions = 0;
    for (int l = 0; l < m.n_layer; ++l) positions += m.attended_keys(l, ctx);
    return 2 * positions * batch * kv_row_bytes(m, q.kv_type, m.kv_dim());
}

std::int64_t activation_bytes(const ModelSpec& m, std::int64_t tokens, std::int64_t ctx, int batch) {
    const std::int64_t rows = tokens * batch;
    // Residual stream + the widest intermediate (FFN gate and up) + attention scores of one layer.
    const std::int64_t widest = std::max<std::int64_t>(2 * m.d_ff, m.q_dim() + 2 * m.kv_dim());
    const std::int64_t scores = rows * ctx * m.n_head;
    return (rows * (2 * m.d_model + widest) + scores + rows * m.n_vocab) * kF32;
}

}  // namespace edgetwin
