// Model cards: every card loads, parameter counts match published counts (hand calculations below),
// and the lowering handles GQA, sliding windows, parallel blocks and tied embeddings.
#include <catch2/catch.hpp>

#include "models/describe.h"
#include "models/lowering.h"
#include "models/model_card.h"
#include "models/quant_recipes.h"

using namespace edgetwin;

namespace {
ModelSpec card(const std::string& n) { return load_model(n, "test", "model"); }

double graph_flops(const OpGraph& g) {
    double f = 0;
    for (const auto& op : g.ops) f += op.total_flops();
    return f;
}
double attention_macs(const OpGraph& g) {
    double m = 0;
    for (const auto& op : g.ops)
        if (op.kind == OpKind::AttnScores || op.kind == OpKind::AttnValues) m += op.macs;
    return m;
}
}  // namespace

TEST_CASE("every card in data/models loads and has a source", "[models]") {
    const auto names = model_card_names();
    REQUIRE(names.size() >= 25);
    for (const auto& n : names) {
        INFO(n);
        const ModelSpec m = card(n);
        CHECK(m.name == n);
        CHECK(m.source.size() > 20);
        CHECK(m.parameter_count() > 0);
        CHECK(m.n_head % m.n_head_kv == 0);
    }
}

TEST_CASE("parameter counts equal the published counts", "[models]") {
    // Published totals (Hugging Face safetensors metadata / llama-bench model_n_params).
    // TinyLlama by hand: per layer attn 2*2048^2 + 2*2048*256 = 9,437,184, FFN 3*2048*5632 =
    // 34,603,008, norms 4096 -> 44,044,288 x 22 = 968,974,336; + 2 * 32000*2048 + 2048.
    CHECK(card("tinyllama-1.1b").parameter_count() == 1100048384LL);
    CHECK(card("llama-2-7b").parameter_count() == 6738415616LL);
    CHECK(card("llama-2-13b").parameter_count() == 13015864320LL);
    CHECK(card("llama-3-8b").parameter_count() == 8030261248LL);
    CHECK(card("llama-3.1-8b").parameter_count() == 8030261248LL);
    CHECK(card("llama-3.2-1b").parameter_count() == 1235814400LL);
    CHECK(card("llama-3.2-3b").parameter_count() == 3212749824LL);
    CHECK(card("mistral-7b").parameter_count() == 7241732096LL);
    // Qwen2.5-7B: formats.md §2.4 llama-bench model_n_params (Q/K/V biases included).
    CHECK(card("qwen2.5-7b").parameter_count() == 7615616512LL);
    CHECK(card("qwen2-7b").parameter_count() == 7615616512LL);
    CHECK(card("qwen2-0.5b").parameter_count() == 494032768LL);
    CHECK(card("qwen2-1.5b").parameter_count() == 1543714304LL);
    CHECK(card("qwen2.5-3b").parameter_count() == 3085938688LL);
    // Qwen3-0.6B by hand: attn 1024*2048*2 + 2*1024*1024 = 6,291,456 + q/k norms 256, FFN
    // 3*1024*3072 = 9,437,184, norms 2048 -> 15,730,944 x 28 + 151936*1024 + 1024 = 596,049,920.
    CHECK(card("qwen3-0.6b").parameter_count() == 596049920LL);
    // Qwen3-1.7B tied: (12,582,912 + 256 + 37,748,736 + 4096) x 28 + 151936*2048 + 2048.
    CHECK(card("qwen3-1.7b").parameter_count() == 1720574976LL);
    CHECK(card("gemma-2-2b").parameter_count() == 2614341888LL);
    CHECK(card("gemma-2-9b").parameter_count() == 9241705984LL);
    CHECK(card("gemma-3-1b").parameter_count() == 999885952LL);
    // Phi-2: per layer 4*2560^2 + 4*2560 (biases) + 2*2560*10240 + 10240 + 2560 + 2*2560 (one
    // LayerNorm) = 78,671,360 x 32 + 2 * 51200*2560 + 51200 (lm_head bias) + 5120 = 2,779,683,840.
    CHECK(card("phi-2").parameter_count() == 2779683840LL);
    CHECK(card("phi-3.5-mini").parameter_count() == 3821079552LL);
    CHECK(card("stablelm-3b-4e1t").parameter_count() == 2795443200LL);
    // llama2.c README: "15M", "42M", "110M" (rounded) -> within 5 %.
    CHECK(card("stories15M").parameter_count() == Approx(15e6).epsilon(0.05));
    CHECK(card("stories42M").parameter_count() == Approx(42e6).epsilon(0.05));
    CHECK(card("stories110M").parameter_count() == Approx(110e6).epsilon(0.05));
}

TEST_CASE("sliding-window layers cache and attend over at most the window", "[models]") {
    const ModelSpec g = card("gemma-3-1b");  // window 512, pattern 6: layers 5, 11, 17, 23 global
    CHECK(g.is_local_layer(0));
    CHECK(g.is_local_layer(4));
    CHECK_FALSE(g.is_local_layer(5));
    CHECK_FALSE(g.is_local_layer(23));
    CHECK(g.is_local_layer(24));
    // KV f16 at ctx 4096: kv_dim 256 -> 512 B per K or V row; 22 local layers keep 512 rows,
    // 4 global layers keep 4096: 2 * 512 * (22*512 + 4*4096) = 28,311,552 B.
    const QuantScheme f16 = uniform_scheme(GgmlType::F16);
    CHECK(kv_cache_bytes(g, f16, 4096, 1) == 28311552LL);
    // Below the window every layer keeps everything: 2 * 512 * 26 * 100.
    CHECK(kv_cache_bytes(g, f16, 100, 1) == 2662400LL);

    // Decode at position 3000 on a local layer reads min(512, 3001) = 512 rows of K.
    LoweringRequest req;
    req.position = 3000;
    const OpGraph graph = lower(g, f16, req);
    for (const auto& op : graph.ops) {
        if (op.kind != OpKind::AttnScores) continue;
        const std::int64_t rows = g.is_local_layer(op.layer) ? 512 : 3001;
        CHECK(op.kv_read_bytes == rows * 512);
        CHECK(op.macs == Approx(static_cast<double>(rows) * g.n_head * g.head_dim));
    }

    // Mistral: every layer local (pattern 0), window 4096.
    const ModelSpec mi = card("mistral-7b");
    CHECK(mi.is_local_layer(0));
    CHECK(mi.is_local_layer(31));
    CHECK(kv_cache_bytes(mi, f16, 8192, 1) == 2LL * 32 * 4096 * 1024 * 2);
    // Gemma-2 alternates: even layers local.
    const ModelSpec g2 = card("gemma-2-2b");
    CHECK(g2.is_local_layer(0));
    CHECK_FALSE(g2.is_local_layer(1));
}

TEST_CASE("decode FLOPs are about 2 x parameters plus the attention term", "[models]") {
    // For one decoded token at position P: each matrix weight is one MAC (embedding lookup and
    // norms excluded), attention adds 2 * n_layer * n_head * head_dim * keys MACs (scores + values).
    struct Case { const char* name; int position; };
    for (const Case c : {Case{"tinyllama-1.1b", 511}, Case{"llama-3.2-1b", 1023}, Case{"qwen2.5-7b", 100},
                         Case{"gemma-2-2b", 5000}, Case{"phi-2", 255}, Case{"stablelm-3b-4e1t", 64},
                         Case{"qwen3-0.6b", 300}, Case{"mistral-7b", 8000}}) {
        INFO(c.name);
        const ModelSpec m = card(c.name);
        LoweringRequest req;
        req.position = c.position;
        const OpGraph g = lower(m, uniform_scheme(GgmlType::F16), req);
        // Matrix MACs: every parameter except the embedding table, which is looked up, not
        // multiplied (a tied model multiplies it as the output projection, so it counts once).
        const std::int64_t embd = static_cast<std::int64_t>(m.n_vocab) * m.d_model;
        const std::int64_t matrix_params = m.parameter_count() - (m.tied_embeddings ? 0 : embd);
        double keys = 0;
        for (int l = 0; l < m.n_layer; ++l) keys += static_cast<double>(m.attended_keys(l, c.position + 1));
        const double attn = 2.0 * m.n_head * m.head_dim * keys;
        CHECK(attention_macs(g) == Approx(attn));
        // Norm/bias vectors and elementwise ops are well under 1 % of the total.
        const double expected = 2.0 * static_cast<double>(matrix_params) + 2.0 * attn;
        CHECK(graph_flops(g) == Approx(expected).epsilon(0.01));
    }
}

TEST_CASE("Phi-2 lowers a parallel block with one norm and a non-gated GELU MLP", "[models]") {
    const ModelSpec m = card("phi-2");
    CHECK(m.rope_fraction == Approx(0.4));
    CHECK(m.d_ff == 4 * m.d_model);
    const OpGraph g = lower(m, uniform_scheme(GgmlType::F16), LoweringRequest{});
    int norms_l0 = 0, gates = 0;
    for (const auto& op : g.ops) {
        if (op.layer == 0 && op.kind == OpKind::RmsNorm) ++norms_l0;
        if (op.name.find("ffn_gate") != std::string::npos) ++gates;
        if (op.name == "blk.0.rope") {
            // 32 of 80 dims rotated for 32 Q + 32 K heads: 64 heads * 80 * 0.4 / 2 = 1024 pairs.
            CHECK(op.transcendentals == Approx(2 * 1024));
        }
        if (op.name == "blk.0.attn_q") CHECK(op.weight_bytes == 2560LL * 2560 * 2 + 2560 * 4);  // + f32 bias
    }
    CHECK(norms_l0 == 1);
    CHECK(gates == 0);
}

TEST_CASE("list and inspect texts name every card and scheme", "[models]") {
    const std::string cards = describe_model_cards();
    for (const auto& n : model_card_names()) CHECK(cards.find(n) != std::string::npos);
    CHECK(cards.find("sliding window 512 on 5 of 6 layers") != std::string::npos);  // gemma-3-1b
    const std::string quants = describe_quant_schemes();
    for (const char* n : {"Q4_K_M", "Q3_K_L", "q4f16_1", "AWQ-g128", "llama2c-Q8-GS64", "TQ1_0"})
        CHECK(quants.find(n) != std::string::npos);
    const std::string card_text = describe_model_file("tinyllama-1.1b");
    CHECK(card_text.find("1100048384") != std::string::npos);
}
