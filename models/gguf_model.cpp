#include "models/gguf_model.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "models/llama_ftype_rules.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

class Builder {
public:
    explicit Builder(GgufFile f) { out_.file = std::move(f); }

    GgufModel run() {
        const GgufFile& f = out_.file;
        const GgufValue* a = f.find("general.architecture");
        if (!a || a->type != GgufType::String) fail("general.architecture", "required string is missing");
        arch_ = a->s;
        ModelSpec& m = out_.model;
        const GgufValue* name = f.find("general.name");
        m.name = name && name->type == GgufType::String && !name->s.empty() ? name->s : f.path;
        m.family = arch_;
        m.source = "GGUF file " + f.path + " (v" + std::to_string(f.version) + ", architecture " + arch_ + ")";
        m.n_layer = count("block_count", true, 1, 1024);
        m.d_model = count("embedding_length", true, 1, 1 << 20);
        m.d_ff = count("feed_forward_length", true, 1, 1 << 22);
        m.n_head = count("attention.head_count", true, 1, 4096);
        m.n_head_kv = has(key("attention.head_count_kv")) ? count("attention.head_count_kv", true, 1, 4096) : m.n_head;
        m.n_ctx_train = count("context_length", true, 1, 1 << 30);
        m.head_dim = has(key("attention.key_length")) ? count("attention.key_length", false, 1, 1 << 16)
                                                      : m.d_model / m.n_head;
        if (m.n_head % m.n_head_kv != 0)
            fail(key("attention.head_count_kv"), "head_count " + std::to_string(m.n_head) +
                                                     " is not a multiple of head_count_kv " + std::to_string(m.n_head_kv));
        vocab();
        if (has(key("rope.dimension_count")))
            m.rope_fraction = std::min(1.0, count("rope.dimension_count", false, 0, 1 << 16) / double(m.head_dim));
        if (has(key("attention.sliding_window"))) {
            m.sliding_window = count("attention.sliding_window", false, 0, 1 << 30);
            // llama.cpp hard-codes the patterns (set_swa_pattern) for these architectures.
            m.swa_pattern = arch_ == "gemma2" ? 2 : arch_ == "gemma3" ? 6 : 0;
            if (has(key("attention.sliding_window_pattern")) && lookup(key("attention.sliding_window_pattern"))->is_integer())
                m.swa_pattern = count("attention.sliding_window_pattern", false, 0, 1024);
        }
        structure();
        check_shapes();
        types();
        return std::move(out_);
    }

private:
    [[noreturn]] void fail(const std::string& k, const std::string& what) const {
        throw UserError(out_.file.path, k, what);
    }
    std::string key(const std::string& suffix) const { return arch_ + "." + suffix; }
    const GgufValue* lookup(const std::string& k) const { return out_.file.find(k); }
    bool has(const std::string& k) const { return lookup(k) != nullptr; }

    // An integer hyperparameter; `per_layer` keys may be arrays (one value per layer). Varying
    // per-layer values are reduced to their maximum and noted.
    int count(const std::string& suffix, bool per_layer, long long lo, long long hi) {
        const std::string k = key(suffix);
        const GgufValue* v = lookup(k);
        if (!v) fail(k, "required key is missing");
        long long x = 0;
        if (v->is_integer()) {
            x = v->i;
        } else if (per_layer && v->type == GgufType::Array && !v->elems.empty() && v->elems.front().is_integer()) {
            long long mn = v->elems.front().i, mx = mn;
            for (const auto& e : v->elems) {
                if (!e.is_integer()) fail(k, "expected an array of integers");
                mn = std::min<long long>(mn, e.i);
                mx = std::max<long long>(mx, e.i);
            }
            if (mn != mx)
                out_.notes.push_back(k + " varies per layer (" + std::to_string(mn) + ".." + std::to_string(mx) +
                                     "); the lowering uses " + std::to_string(mx));
            x = mx;
        } else {
            fail(k, std::string("expected an integer") + (per_layer ? " or a per-layer array of integers" : "") +
                        ", found " + gguf_type_name(v->type));
        }
        if (x < lo || x > hi)
            fail(k, "value " + std::to_string(x) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
        return static_cast<int>(x);
    }

    const GgufTensorInfo* tensor(const std::string& name) const {
        for (const auto& t : out_.file.tensors)
            if (t.name == name) return &t;
        return nullptr;
    }

    void vocab() {
        ModelSpec& m = out_.model;
        if (has(key("vocab_size"))) {
            m.n_vocab = count("vocab_size", false, 1, 1 << 24);
        } else if (const GgufValue* t = lookup("tokenizer.ggml.tokens"); t && t->type == GgufType::Array) {
            if (t->n < 1 || t->n > (1u << 24)) fail("tokenizer.ggml.tokens", "vocabulary of " + std::to_string(t->n) + " tokens");
            m.n_vocab = static_cast<int>(t->n);
        } else if (const GgufTensorInfo* e = tensor("token_embd.weight"); e && e->ne.size() >= 2) {
            m.n_vocab = static_cast<int>(std::min<std::int64_t>(e->ne[1], 1 << 24));
        } else {
            fail(key("vocab_size"), "missing, and there is no tokenizer.ggml.tokens array or token_embd tensor");
        }
    }

    // Block structure from which tensors exist in layer 0.
    void structure() {
        ModelSpec& m = out_.model;
        m.tied_embeddings = tensor("output.weight") == nullptr;
        const bool fused_up = arch_ == "phi3";  // ffn_up holds gate and up (2 x d_ff rows)
        m.activation = tensor("blk.0.ffn_gate.weight") || fused_up
                           ? (arch_.rfind("gemma", 0) == 0 ? FfnActivation::GeluGated : FfnActivation::SiluGated)
                           : FfnActivation::Gelu;
        m.norm = tensor("blk.0.attn_norm.bias") ? NormKind::Layer : NormKind::Rms;
        m.parallel_attn_ffn = tensor("blk.0.ffn_norm.weight") == nullptr && tensor("blk.0.attn_norm.weight") != nullptr;
        int norms = 0;
        for (const char* n : {"attn_norm", "ffn_norm", "post_attention_norm", "post_ffw_norm"})
            if (tensor(std::string("blk.0.") + n + ".weight")) ++norms;
        m.norms_per_layer = std::max(1, norms);
        m.qkv_bias = tensor("blk.0.attn_q.bias") || tensor("blk.0.attn_qkv.bias");
        m.linear_bias = tensor("blk.0.attn_output.bias") && tensor("blk.0.ffn_down.bias");
        m.qk_norm = tensor("blk.0.attn_q_norm.weight") != nullptr;
    }

    // Metadata the lowering trusts must agree with the tensors it describes: a file whose
    // feed_forward_length says 5632 while blk.0.ffn_down has 2816 columns would be simulated with the
    // wrong matrix sizes. ggml shapes are ne = [input columns, output rows].
    void check_shapes() {
        const ModelSpec& m = out_.model;
        const GgufValue* ff = lookup(key("feed_forward_length"));
        const bool scalar_ff = ff && ff->is_integer();  // per-layer arrays: each layer differs, checked no further
        auto expect = [&](const char* tensor_name, std::size_t dim, std::int64_t want, const std::string& meta) {
            const GgufTensorInfo* t = tensor(tensor_name);
            if (!t || t->ne.size() <= dim || t->ne[dim] == want) return;
            std::string shape;
            for (std::int64_t ne : t->ne) shape += (shape.empty() ? "" : ", ") + std::to_string(ne);
            fail(key(meta), "is " + std::to_string(want) + " but tensor " + tensor_name + " has shape [" + shape +
                                "]: the file's metadata contradicts its tensors");
        };
        expect("token_embd.weight", 0, m.d_model, "embedding_length");
        expect("blk.0.attn_q.weight", 0, m.d_model, "embedding_length");
        expect("blk.0.ffn_down.weight", 1, m.d_model, "embedding_length");
        if (scalar_ff) {
            expect("blk.0.ffn_down.weight", 0, m.d_ff, "feed_forward_length");
            expect("blk.0.ffn_up.weight", 1, arch_ == "phi3" ? 2LL * m.d_ff : m.d_ff, "feed_forward_length");
        }
    }

    // Exact per-tensor types; the most common matrix type becomes the default.
    void types() {
        QuantScheme& q = out_.quant;
        q.llama_ftype = -1;
        std::map<GgmlType, std::int64_t> weight_by_type;
        for (const auto& t : out_.file.tensors) {
            TensorClass c;
            int layer = -1;
            if (!gguf_tensor_class(t.name, c, layer)) continue;
            if (layer >= out_.model.n_layer) {
                out_.notes.push_back("tensor " + t.name + " is beyond block_count; ignored");
                continue;
            }
            auto put = [&](TensorClass k) { q.tensor_types[{k, layer}] = t.type; };
            if (t.name.find("attn_qkv") != std::string::npos) {
                put(TensorClass::AttnQ);
                put(TensorClass::AttnK);
                put(TensorClass::AttnV);
            } else {
                put(c);
                if (c == TensorClass::FfnUp && arch_ == "phi3") put(TensorClass::FfnGate);
            }
            weight_by_type[t.type] += t.elems();
        }
        q.default_type = GgmlType::F16;
        std::int64_t best = -1;
        for (const auto& [t, n] : weight_by_type)
            if (n > best) best = n, q.default_type = t;
        q.name = "GGUF";
        if (const GgufValue* ft = lookup("general.file_type"); ft && ft->is_integer())
            if (const LlamaFtypeInfo* info = find_llama_ftype(static_cast<int>(ft->i & ~1024LL))) q.name = info->name;
    }

    GgufModel out_;
    std::string arch_;
};

}  // namespace

bool gguf_tensor_class(const std::string& name, TensorClass& cls, int& layer) {
    static const std::pair<const char*, TensorClass> kMap[] = {
        {"attn_q", TensorClass::AttnQ},          {"attn_k", TensorClass::AttnK},
        {"attn_v", TensorClass::AttnV},          {"attn_qkv", TensorClass::AttnQ},
        {"attn_output", TensorClass::AttnOutput}, {"ffn_gate", TensorClass::FfnGate},
        {"ffn_up", TensorClass::FfnUp},          {"ffn_down", TensorClass::FfnDown},
    };
    if (name == "token_embd.weight") return cls = TensorClass::TokenEmbd, layer = -1, true;
    if (name == "output.weight") return cls = TensorClass::Output, layer = -1, true;
    if (name.rfind("blk.", 0) != 0) return false;
    const std::size_t dot = name.find('.', 4);
    if (dot == std::string::npos || dot == 4 || dot - 4 > 6) return false;
    int l = 0;
    for (std::size_t i = 4; i < dot; ++i) {
        if (name[i] < '0' || name[i] > '9') return false;
        l = l * 10 + (name[i] - '0');
    }
    const std::string rest = name.substr(dot + 1);
    for (const auto& [n, c] : kMap)
        if (rest == std::string(n) + ".weight") return cls = c, layer = l, true;
    return false;
}

GgufModel gguf_model(GgufFile file) { return Builder(std::move(file)).run(); }

GgufModel load_gguf_model(const std::string& path) { return gguf_model(read_gguf(path)); }

}  // namespace edgetwin
