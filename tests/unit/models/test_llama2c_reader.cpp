// llama2.c checkpoints: legacy and versioned headers built here (export.py layouts).
#include <catch2/catch.hpp>

#include "gguf_builder.h"
#include "models/llama2c_reader.h"
#include "models/lowering.h"
#include "sim/core/user_error.h"

using namespace edgetwin;
using edgetwin::testing::GgufBuilder;

namespace {
// Legacy header: 7 int32, then `body` bytes of weights.
std::vector<std::uint8_t> legacy(std::vector<std::int32_t> cfg, std::size_t body) {
    std::vector<std::uint8_t> b;
    for (auto v : cfg) GgufBuilder::u32(b, static_cast<std::uint32_t>(v));
    b.resize(b.size() + body, 0);
    return b;
}
// Versioned header: magic, version, 7 int32, shared flag, [group size], zero padding to 256.
std::vector<std::uint8_t> versioned(int version, std::vector<std::int32_t> cfg, bool shared, int gs, std::size_t body) {
    std::vector<std::uint8_t> b;
    GgufBuilder::u32(b, kLlama2cMagic);
    GgufBuilder::u32(b, static_cast<std::uint32_t>(version));
    for (auto v : cfg) GgufBuilder::u32(b, static_cast<std::uint32_t>(v));
    b.push_back(shared ? 1 : 0);
    if (version == 2) GgufBuilder::u32(b, static_cast<std::uint32_t>(gs));
    b.resize(256 + body, 0);
    return b;
}
Llama2cModel parse(const std::vector<std::uint8_t>& b) { return parse_llama2c(b.data(), b.size(), "m.bin"); }
}  // namespace

TEST_CASE("llama2.c legacy header: stories260K layout and size", "[models][llama2c]") {
    // dim 64, hidden 172, 5 layers, 8 heads, 4 kv heads, vocab 512 (shared), seq 512. Floats:
    // norms 2*5*64+64 = 704, embedding 32768, wq 20480, wk 10240, wv 10240, wo 20480,
    // w1-w3 3*5*64*172 = 165120, freq_cis 512*8 = 4096 -> 264,128 floats = 1,056,512 B + 28.
    const std::vector<std::int32_t> cfg{64, 172, 5, 8, 4, 512, 512};
    const Llama2cModel m = parse(legacy(cfg, 1056512));
    CHECK(m.version == 0);
    CHECK(m.expected_bytes == 1056540);
    CHECK(m.shared_classifier);
    CHECK(m.model.tied_embeddings);
    CHECK(m.model.n_head_kv == 4);
    CHECK(m.model.head_dim == 8);
    CHECK(m.model.d_ff == 172);
    CHECK(m.quant.default_type == GgmlType::F32);
    // Negative vocab: separate classifier, 512*64 more floats.
    std::vector<std::int32_t> sep = cfg;
    sep[5] = -512;
    const Llama2cModel s = parse(legacy(sep, 1056512 + 131072));
    CHECK_FALSE(s.shared_classifier);
    CHECK(s.model.n_vocab == 512);
    CHECK_FALSE(s.model.tied_embeddings);
    CHECK_THROWS_WITH(parse(legacy(sep, 1056512)), Catch::Contains("at byte 1056540") && Catch::Contains("truncated"));
}

TEST_CASE("llama2.c versioned headers: v1 fp32 and v2 int8 groups", "[models][llama2c]") {
    // dim 64, hidden 128, 2 layers, 4 heads, 4 kv, vocab 32, seq 16, shared classifier.
    const std::vector<std::int32_t> cfg{64, 128, 2, 4, 4, 32, 16};
    // v1: norms 320 + emb 2048 + 4*8192 + 3*2*64*128 = 84,288 floats = 337,152 B after 256.
    const Llama2cModel v1 = parse(versioned(1, cfg, true, 0, 337152));
    CHECK(v1.version == 1);
    CHECK(v1.expected_bytes == 256 + 337152);
    // v2, GS 64: norms 1280 B fp32; 83,968 int8 weights + 83,968/64 f32 scales = 5,248 B.
    const Llama2cModel v2 = parse(versioned(2, cfg, true, 64, 1280 + 83968 + 5248));
    CHECK(v2.group_size == 64);
    CHECK(v2.expected_bytes == 256 + 1280 + 83968 + 5248);
    CHECK(v2.quant.default_type == GgmlType::L2C_Q8_G64);
    CHECK(weight_footprint_bytes(v2.model, v2.quant) == 1280 + 83968 + 5248);
    CHECK_THROWS_WITH(parse(versioned(2, cfg, true, 48, 200000)), Catch::Contains("at byte 37"));
    CHECK_THROWS_WITH(parse(versioned(3, cfg, true, 64, 200000)), Catch::Contains("version 1 or 2, found 3"));
    CHECK_THROWS_WITH(parse(versioned(1, cfg, true, 0, 100)), Catch::Contains("truncated"));
    std::vector<std::uint8_t> short_header = versioned(1, cfg, true, 0, 0);
    short_header.resize(100);
    CHECK_THROWS_WITH(parse(short_header), Catch::Contains("256-byte"));
    CHECK_THROWS_AS(parse(legacy({0, 1, 1, 1, 1, 1, 1}, 100)), UserError);
    CHECK_THROWS_AS(parse(legacy({64, 128, 2, 3, 3, 32, 16}, 1 << 20)), UserError);  // 64 % 3 != 0
}
