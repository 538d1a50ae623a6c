// llama.cpp file-type recipes and the non-GGML formats, checked against published file sizes and
// hand calculations of llama-quantize's rules (src/llama-quant.cpp @ 007dbbf3).
#include <catch2/catch.hpp>

#include "models/lowering.h"
#include "models/model_card.h"
#include "models/quant_recipes.h"
#include "models/weight_tensors.h"
#include "sim/core/user_error.h"

using namespace edgetwin;

namespace {
ModelSpec card(const std::string& n) { return load_model(n, "test", "model"); }
QuantScheme scheme(const std::string& n) { return quant_scheme_from_name(n, GgmlType::F16, "test", "quant"); }
}  // namespace

TEST_CASE("TinyLlama Q4_K_M matches the published 636.18 MiB", "[models]") {
    // By hand: token_embd Q4_K 256000 blocks * 144 = 36,864,000; output Q6_K 256000 * 210 =
    // 53,760,000; a layer all in Q4_K with norms = 24,788,992 (x 22 = 545,357,824); use_more_bits
    // picks 10 of 22 layers (0,1,4,7,10,13,16,19,20,21) whose attn_v and ffn_down are Q6_K:
    // +135,168 + 2,973,696 each = 31,088,640; output_norm 8192. Sum 667,078,656 B = 636.176 MiB.
    const ModelSpec m = card("tinyllama-1.1b");
    const std::int64_t bytes = weight_footprint_bytes(m, scheme("Q4_K_M"));
    CHECK(bytes == 667078656LL);
    CHECK(bytes / 1048576.0 == Approx(636.18).epsilon(0.0001));  // measurements.md J1
}

TEST_CASE("Qwen2.5-7B Q4_K_M matches the published 4,677,120,000 bytes", "[models]") {
    // formats.md §2.4 llama-bench: model_size 4677120000, model_n_params 7615616512. By hand: 14 of 28
    // layers get Q6_K attn_v/ffn_down; Q/K/V biases in F32; output Q6_K; token_embd Q4_K.
    const ModelSpec m = card("qwen2.5-7b");
    CHECK(weight_footprint_bytes(m, scheme("Q4_K_M")) == 4677120000LL);
}

TEST_CASE("llama.cpp recipes choose types per layer", "[models]") {
    const ModelSpec m = card("tinyllama-1.1b");  // 22 layers, n_gqa 8
    const QuantScheme q4km = scheme("Q4_K_M");
    CHECK(q4km.type_of(TensorClass::AttnV, 0, m) == GgmlType::Q6_K);
    CHECK(q4km.type_of(TensorClass::AttnV, 2, m) == GgmlType::Q4_K);
    CHECK(q4km.type_of(TensorClass::AttnV, 4, m) == GgmlType::Q6_K);   // (4 - 22/8) % 3 == 2
    CHECK(q4km.type_of(TensorClass::FfnDown, 18, m) == GgmlType::Q4_K);
    CHECK(q4km.type_of(TensorClass::FfnDown, 19, m) == GgmlType::Q6_K); // >= 7*22/8
    CHECK(q4km.type_of(TensorClass::AttnQ, 0, m) == GgmlType::Q4_K);
    CHECK(q4km.type_of(TensorClass::Output, -1, m) == GgmlType::Q6_K);
    CHECK(q4km.type_of(TensorClass::TokenEmbd, -1, m) == GgmlType::Q4_K);

    const QuantScheme q3km = scheme("Q3_K_M");
    CHECK(q3km.type_of(TensorClass::AttnV, 1, m) == GgmlType::Q5_K);    // i_attention_wv < 2
    CHECK(q3km.type_of(TensorClass::AttnV, 2, m) == GgmlType::Q4_K);
    CHECK(q3km.type_of(TensorClass::FfnDown, 0, m) == GgmlType::Q5_K);  // i < 22/16 = 1
    CHECK(q3km.type_of(TensorClass::FfnDown, 1, m) == GgmlType::Q4_K);
    CHECK(q3km.type_of(TensorClass::AttnOutput, 5, m) == GgmlType::Q4_K);
    CHECK(q3km.type_of(TensorClass::FfnUp, 5, m) == GgmlType::Q3_K);

    const QuantScheme q2k = scheme("Q2_K");
    CHECK(q2k.type_of(TensorClass::AttnV, 7, m) == GgmlType::Q4_K);     // n_gqa 8 >= 4
    CHECK(q2k.type_of(TensorClass::AttnV, 7, card("llama-2-7b")) == GgmlType::Q3_K);  // MHA
    CHECK(q2k.type_of(TensorClass::FfnDown, 7, m) == GgmlType::Q3_K);
    CHECK(q2k.type_of(TensorClass::FfnGate, 7, m) == GgmlType::Q2_K);

    const QuantScheme q4ks = scheme("Q4_K_S");
    CHECK(q4ks.type_of(TensorClass::AttnV, 3, m) == GgmlType::Q5_K);
    CHECK(q4ks.type_of(TensorClass::AttnV, 4, m) == GgmlType::Q4_K);
    CHECK(q4ks.type_of(TensorClass::FfnDown, 1, m) == GgmlType::Q5_K);  // i < 22/8
    CHECK(q4ks.type_of(TensorClass::FfnDown, 2, m) == GgmlType::Q4_K);

    CHECK(scheme("Q3_K_L").type_of(TensorClass::AttnOutput, 3, m) == GgmlType::Q5_K);
    CHECK(scheme("Q5_K_S").type_of(TensorClass::AttnV, 0, m) == GgmlType::Q5_K);
    CHECK(scheme("Q8_0").type_of(TensorClass::Output, -1, m) == GgmlType::Q8_0);
    CHECK(scheme("Q4_0").type_of(TensorClass::Output, -1, m) == GgmlType::Q6_K);
    CHECK(scheme("Q4_0-pure").type_of(TensorClass::Output, -1, m) == GgmlType::Q4_0);
    CHECK(scheme("Q4_K").type_of(TensorClass::Output, -1, m) == GgmlType::Q4_K);  // plain type: uniform
    CHECK(scheme("F16").type_of(TensorClass::Output, -1, m) == GgmlType::F16);
    CHECK(scheme("TQ1_0").type_of(TensorClass::TokenEmbd, -1, m) == GgmlType::Q4_K);
}

TEST_CASE("tied embeddings take the output rule, rows that do not fit fall back", "[models]") {
    // Qwen2-0.5B: d_model 896 is not a multiple of 256, so llama.cpp stores the (tied) output in
    // Q8_0 and falls back Q4_K -> Q5_0 for rows of 896; ffn_down rows (4864 = 19*256) stay Q4_K.
    const ModelSpec m = card("qwen2-0.5b");
    const QuantScheme q = scheme("Q4_K_M");
    CHECK(q.type_of(TensorClass::TokenEmbd, -1, m) == GgmlType::Q8_0);
    CHECK(q.type_of(TensorClass::AttnQ, 3, m) == GgmlType::Q5_0);
    CHECK(q.type_of(TensorClass::AttnV, 0, m) == GgmlType::Q8_0);  // Q6_K -> Q8_0
    CHECK(q.type_of(TensorClass::FfnDown, 3, m) == GgmlType::Q4_K);
    // Llama-3.2-1B (tied, d 2048): token_embd is the output -> Q6_K.
    CHECK(q.type_of(TensorClass::TokenEmbd, -1, card("llama-3.2-1b")) == GgmlType::Q6_K);
    // A uniform scheme keeps the strict contract: the row does not fit, lowering says so.
    CHECK_THROWS_AS(weight_footprint_bytes(m, scheme("Q4_K")), UserError);
}

TEST_CASE("non-GGML formats: bytes per block and scheme layout", "[models]") {
    // MLC q4f16_1: 32 int4 + f16 scale = 18 B; AWQ/GPTQ g128: two groups per block = 128 B nibbles +
    // 2 f16 scales + 1 B of packed zeros = 133 B per 256; llama2.c Q8 GS64: 64 + 4 = 68 B.
    CHECK(tensor_bytes(GgmlType::MLC_Q4F16_1, 4096, 4096) == 4096LL * 4096 / 32 * 18);
    CHECK(tensor_bytes(GgmlType::W4_G128, 4096, 4096) == 4096LL * 4096 / 256 * 133);
    CHECK(quant_info(GgmlType::W4_G128).bits_per_weight() == Approx(4.15625));
    CHECK(tensor_bytes(GgmlType::L2C_Q8_G64, 768, 10) == 10LL * 12 * 68);
    // q4f16_ft: half a byte per weight + one f16 scale per output row.
    CHECK(tensor_bytes(GgmlType::MLC_Q4F16_FT, 4096, 11008) == 11008LL * (2048 + 2));
    CHECK(!ggml_type_from_id(1000));  // never valid inside a GGUF file
    CHECK(ggml_type_from_id(14) == GgmlType::Q6_K);

    const ModelSpec m = card("llama-2-7b");
    const QuantScheme awq = scheme("AWQ-g128");
    CHECK(awq.type_of(TensorClass::AttnQ, 0, m) == GgmlType::W4_G128);
    CHECK(awq.type_of(TensorClass::Output, -1, m) == GgmlType::F16);
    const QuantScheme ft = scheme("q4f16_ft");
    CHECK(ft.type_of(TensorClass::FfnUp, 0, m) == GgmlType::MLC_Q4F16_FT);
    CHECK(ft.type_of(TensorClass::TokenEmbd, -1, m) == GgmlType::MLC_Q4F16_1);
    // Llama-2-7B q4f16_1: every matrix at 18/32 B per weight + f32 norms:
    // 6,738,415,616 params - 65*4096 norm weights = 6,738,149,376 matrix weights.
    const std::int64_t mats = 6738415616LL - 65 * 4096;
    CHECK(weight_footprint_bytes(m, scheme("q4f16_1")) == mats / 32 * 18 + 65 * 4096 * 4);
    CHECK_THROWS_AS(scheme("Q4_K_XL"), UserError);
}

TEST_CASE("dequantisation work per block follows the reference loops", "[models]") {
    // ggml-quants.c dequantize_row_q4_0: (q & 0xF) - 8, * d per weight; one f16 scale per block.
    CHECK(quant_info(GgmlType::Q4_0).dequant_ops_per_block == 97);
    CHECK(quant_info(GgmlType::Q8_0).dequant_ops_per_block == 33);
    // dequantize_row_q5_0: 7 ops on the low half, 6 on the high half.
    CHECK(quant_info(GgmlType::Q5_0).dequant_ops_per_block == 209);
    // dequantize_row_q2_K: 4/weight, 4 per 16-weight sub-block, 2 scale conversions.
    CHECK(quant_info(GgmlType::Q2_K).dequant_ops_per_block == 1090);
    for (const auto& q : all_quant_types()) {
        INFO(q.name);
        if (q.quantized) CHECK(q.dequant_ops_per_block > 0);
        CHECK(q.block_bytes > 0);
    }
}
