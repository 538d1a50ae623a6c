#include "models/model_card.h"

#include <algorithm>
#include <dirent.h>

#include "models/gguf_model.h"
#include "models/llama2c_reader.h"
#include "sim/core/input_file.h"
#include "sim/core/params.h"
#include "sim/core/paths.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

const ParamSchema& card_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("model_card", "Transformer hyperparameters (data/models/*.json)")
            .add(integer("schema_version", "Card format version").required().range(1, 1))
            .add(text("name", "Card name used on the command line").required())
            .add(choice("family", {"llama", "mistral", "qwen2", "qwen3", "gemma", "gemma2", "gemma3", "phi2", "phi3",
                                    "stablelm"},
                        "Architecture family")
                     .def("llama"))
            .add(text("source", "Where the hyperparameters were read").required())
            .add(integer("n_layer", "Transformer blocks").required().range(1, 1024))
            .add(integer("d_model", "Hidden size (n_embd)").required().range(1, 1 << 20))
            .add(integer("n_head", "Attention (query) heads").required().range(1, 4096))
            .add(integer("n_head_kv", "Key/value heads; equal to n_head for MHA").range(1, 4096))
            .add(integer("head_dim", "Per-head dimension; default d_model / n_head").range(1, 4096))
            .add(integer("d_ff", "FFN intermediate size").required().range(1, 1 << 22))
            .add(integer("n_vocab", "Vocabulary size").required().range(1, 1 << 24))
            .add(integer("n_ctx_train", "Trained context length").required().range(1, 1 << 24))
            .add(boolean("tied_embeddings", "Output projection shares the token embedding").def(false))
            .add(choice("activation", {"silu_gated", "gelu_gated", "gelu"}, "FFN activation").def("silu_gated"))
            .add(real("rope_fraction", "Share of head_dim rotated by RoPE").def(1.0).range(0.0, 1.0))
            .add(choice("norm", {"rms", "layer"}, "RMSNorm (weight) or LayerNorm (weight and bias)").def("rms"))
            .add(integer("norms_per_layer", "Norm tensors per block; default 2, or 1 with parallel_attn_ffn")
                     .range(1, 8))
            .add(boolean("parallel_attn_ffn", "Attention and FFN read the same normed input (Phi-2)").def(false))
            .add(boolean("qkv_bias", "Q, K and V projections have biases (Qwen2)").def(false))
            .add(boolean("linear_bias", "Every linear layer, the output included, has a bias (Phi-2)").def(false))
            .add(boolean("qk_norm", "Per-head RMSNorm on Q and K (Qwen3, Gemma-3)").def(false))
            .add(integer("sliding_window", "Attention window of local layers; 0 = none").def(0).range(0, 1 << 24))
            .add(integer("sliding_window_pattern",
                         "0: every layer local; N: layers with l % N < N-1 local (llama.cpp set_swa_pattern)")
                     .def(0)
                     .range(0, 1024))
            .add(text("notes", "Free text").def("")));
    return s;
}

std::string models_dir() { return data_dir() + "/models"; }

bool ends_with(const std::string& s, const char* suffix) {
    const std::size_t n = std::char_traits<char>::length(suffix);
    return s.size() > n && s.compare(s.size() - n, n, suffix) == 0;
}

[[maybe_unused]] const ParamSchema& kCardSchemaRegistered = card_schema();

}  // namespace

ModelSpec model_from_card(const Json& card, const std::string& file) {
    ParamValues v = card_schema().read(card, file, "");
    ModelSpec m;
    m.name = v.str("name");
    m.family = v.str("family");
    m.source = v.str("source");
    m.n_layer = static_cast<int>(v.integer("n_layer"));
    m.d_model = static_cast<int>(v.integer("d_model"));
    m.n_head = static_cast<int>(v.integer("n_head"));
    m.n_head_kv = v.has("n_head_kv") ? static_cast<int>(v.integer("n_head_kv")) : m.n_head;
    m.d_ff = static_cast<int>(v.integer("d_ff"));
    m.n_vocab = static_cast<int>(v.integer("n_vocab"));
    m.n_ctx_train = static_cast<int>(v.integer("n_ctx_train"));
    m.tied_embeddings = v.flag("tied_embeddings");
    const std::string act = v.str("activation");
    m.activation = act == "gelu" ? FfnActivation::Gelu
                                 : act == "gelu_gated" ? FfnActivation::GeluGated : FfnActivation::SiluGated;
    m.rope_fraction = v.num("rope_fraction");
    m.norm = v.str("norm") == "layer" ? NormKind::Layer : NormKind::Rms;
    m.parallel_attn_ffn = v.flag("parallel_attn_ffn");
    m.norms_per_layer = v.has("norms_per_layer") ? static_cast<int>(v.integer("norms_per_layer"))
                                                 : (m.parallel_attn_ffn ? 1 : 2);
    m.qkv_bias = v.flag("qkv_bias");
    m.linear_bias = v.flag("linear_bias");
    m.qk_norm = v.flag("qk_norm");
    m.sliding_window = static_cast<int>(v.integer("sliding_window"));
    m.swa_pattern = static_cast<int>(v.integer("sliding_window_pattern"));
    if (v.has("head_dim")) {
        m.head_dim = static_cast<int>(v.integer("head_dim"));
    } else {
        if (m.d_model % m.n_head != 0)
            throw UserError(file, "head_dim", "required because d_model is not divisible by n_head");
        m.head_dim = m.d_model / m.n_head;
    }
    if (m.n_head % m.n_head_kv != 0)
        throw UserError(file, "n_head_kv", "n_head (" + std::to_string(m.n_head) +
                                               ") must be a multiple of n_head_kv (" + std::to_string(m.n_head_kv) + ")");
    return m;
}

std::vector<std::string> model_card_names() {
    std::vector<std::string> names;
    if (DIR* dir = ::opendir(models_dir().c_str())) {
        while (dirent* e = ::readdir(dir)) {
            std::string f = e->d_name;
            if (f.size() > 5 && f.compare(f.size() - 5, 5, ".json") == 0) names.push_back(f.substr(0, f.size() - 5));
        }
        ::closedir(dir);
    }
    std::sort(names.begin(), names.end());
    return names;
}

bool is_model_file_path(const std::string& path) { return ends_with(path, ".gguf") || ends_with(path, ".bin"); }

LoadedModel load_model_with_quant(const std::string& name_or_path, const std::string& origin, const std::string& key) {
    if (is_model_file_path(name_or_path)) {
        try {
            require_regular_file(name_or_path, "model");
        } catch (const UserError& e) {
            throw UserError(origin, key, "'" + brief(name_or_path) + "': " + e.detail());
        }
        if (ends_with(name_or_path, ".gguf")) {
            GgufModel g = load_gguf_model(name_or_path);
            return {std::move(g.model), std::move(g.quant)};
        }
        Llama2cModel c = read_llama2c(name_or_path);
        return {std::move(c.model), std::move(c.quant)};
    }
    return {load_model(name_or_path, origin, key), std::nullopt};
}

ModelSpec load_model(const std::string& name_or_path, const std::string& origin, const std::string& key) {
    if (is_model_file_path(name_or_path)) return load_model_with_quant(name_or_path, origin, key).model;
    const bool looks_like_path = name_or_path.find('/') != std::string::npos ||
                                 (name_or_path.size() > 5 && name_or_path.rfind(".json") == name_or_path.size() - 5);
    std::string path = looks_like_path ? name_or_path : models_dir() + "/" + name_or_path + ".json";
    if (!file_exists(path)) {
        std::string list;
        for (const auto& n : model_card_names()) list += (list.empty() ? "" : ", ") + n;
        throw UserError(origin, key, "unknown model '" + brief(name_or_path) + "' (known: " + list + "; or a path to a card)");
    }
    return model_from_card(load_json_file(path), path);
}

}  // namespace edgetwin
