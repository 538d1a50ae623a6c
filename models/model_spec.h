#pragma once
// What runs: the hyperparameters of a decoder-only transformer (llama family and relatives).
#include <algorithm>
#include <cstdint>
#include <string>

namespace edgetwin {

enum class FfnActivation { SiluGated, GeluGated, Gelu };
// RMSNorm has a weight vector; LayerNorm a weight and a bias (Phi-2, StableLM).
enum class NormKind { Rms, Layer };

struct ModelSpec {
    std::string name;         // card name, e.g. "tinyllama-1.1b"
    std::string family = "llama";
    std::string source;       // where the hyperparameters come from
    int n_layer = 0;
    int d_model = 0;          // hidden size (n_embd)
    int n_head = 0;
    int n_head_kv = 0;        // == n_head for MHA, < n_head for GQA/MQA
    int head_dim = 0;         // may differ from d_model / n_head (Gemma, Qwen3)
    int d_ff = 0;             // FFN intermediate size
    int n_vocab = 0;
    int n_ctx_train = 0;
    bool tied_embeddings = false;
    FfnActivation activation = FfnActivation::SiluGated;
    double rope_fraction = 1.0;  // share of head_dim rotated (partial rotary)

    // Structure variants; the defaults are the llama layout, so older cards keep their meaning.
    NormKind norm = NormKind::Rms;
    int norms_per_layer = 2;         // 4 for Gemma-2/3 (pre+post norms), 1 for parallel blocks
    bool parallel_attn_ffn = false;  // attention and FFN read the same normed input (Phi-2)
    bool qkv_bias = false;           // biases on Q, K, V projections (Qwen2)
    bool linear_bias = false;        // biases on every linear layer incl. the output (Phi-2)
    bool qk_norm = false;            // per-head RMSNorm of Q and K (Qwen3, Gemma-3)
    // Sliding-window attention: 0 = none. Which layers are local follows llama.cpp's
    // set_swa_pattern: pattern 0 = every layer, pattern N = layers with l % N < N - 1.
    int sliding_window = 0;
    int swa_pattern = 0;

    std::int64_t q_dim() const { return static_cast<std::int64_t>(n_head) * head_dim; }
    std::int64_t kv_dim() const { return static_cast<std::int64_t>(n_head_kv) * head_dim; }
    bool is_local_layer(int layer) const {
        if (sliding_window <= 0) return false;
        return swa_pattern <= 0 || layer % swa_pattern < swa_pattern - 1;
    }
    // Keys layer `layer` attends over (and keeps cached) when `positions` tokens are in context.
    std::int64_t attended_keys(int layer, std::int64_t positions) const {
        return is_local_layer(layer) ? std::min<std::int64_t>(sliding_window, positions) : positions;
    }
    // Parameter count of all weight matrices, biases, embeddings and norms.
    std::int64_t parameter_count() const;
};

}  // namespace edgetwin
