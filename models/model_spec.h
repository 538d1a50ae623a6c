#pragma once
// What runs: the hyperparameters of a decoder-only transformer (llama family and relatives).
#include <cstdint>
#include <string>

namespace edgetwin {

enum class FfnActivation { SiluGated, GeluGated, Gelu };

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

    std::int64_t q_dim() const { return static_cast<std::int64_t>(n_head) * head_dim; }
    std::int64_t kv_dim() const { return static_cast<std::int64_t>(n_head_kv) * head_dim; }
    // Parameter count of all weight matrices, embeddings and norms.
    std::int64_t parameter_count() const;
};

}  // namespace edgetwin
