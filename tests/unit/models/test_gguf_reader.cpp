// GGUF reader: valid v2/v3 files built here byte by byte, per-layer arrays, and every kind of
// corruption the reader must turn into a one-line UserError with the byte offset.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "gguf_builder.h"
#include "models/describe.h"
#include "models/gguf_model.h"
#include "models/lowering.h"
#include "models/model_card.h"
#include "sim/core/user_error.h"

using namespace edgetwin;
using edgetwin::testing::GgufBuilder;
using edgetwin::testing::tiny_llama;

namespace {
GgufFile parse(const std::vector<std::uint8_t>& b) { return parse_gguf(b.data(), b.size(), "t.gguf"); }
GgufModel model_of(const std::vector<std::uint8_t>& b) { return gguf_model(parse(b)); }

// Parsing must fail with a UserError whose text contains `needle`.
void expect_error(const std::vector<std::uint8_t>& b, const std::string& needle) {
    try {
        model_of(b);
        FAIL("no error; expected: " << needle);
    } catch (const UserError& e) {
        INFO(e.what());
        CHECK(std::string(e.what()).find(needle) != std::string::npos);
        CHECK(std::string(e.what()).find("t.gguf") == 0);
    }
}

std::vector<std::uint8_t> header_only(std::uint32_t version) {
    std::vector<std::uint8_t> b{'G', 'G', 'U', 'F'};
    GgufBuilder::u32(b, version);
    GgufBuilder::u64(b, 0);
    GgufBuilder::u64(b, 0);
    return b;
}
}  // namespace

TEST_CASE("GGUF v3 and v2: model, exact per-tensor types and bytes", "[models][gguf]") {
    for (std::uint32_t version : {2u, 3u}) {
        INFO("version " << version);
        const GgufModel g = model_of(tiny_llama(version).build());
        CHECK(g.file.version == version);
        CHECK(g.file.tensors.size() == 21);
        CHECK(g.file.alignment == 32);
        const ModelSpec& m = g.model;
        CHECK(m.name == "tiny");
        CHECK(m.n_layer == 2);
        CHECK(m.d_model == 64);
        CHECK(m.n_head == 4);
        CHECK(m.n_head_kv == 2);
        CHECK(m.head_dim == 16);
        CHECK(m.d_ff == 128);
        CHECK(m.n_vocab == 32);  // len(tokenizer.ggml.tokens): no llama.vocab_size key
        CHECK(m.n_ctx_train == 128);
        CHECK_FALSE(m.tied_embeddings);
        CHECK(m.rope_fraction == Approx(1.0));
        CHECK(m.activation == FfnActivation::SiluGated);
        // 2*64*32 embeddings + 2 * (12288 attn + 24576 FFN + 128 norms) + 64 = 78,144.
        CHECK(m.parameter_count() == 78144);

        const QuantScheme& q = g.quant;
        CHECK(q.name == "Q4_0");  // general.file_type 2
        CHECK(q.default_type == GgmlType::Q4_0);
        CHECK(q.type_of(TensorClass::AttnV, 0, m) == GgmlType::Q8_0);
        CHECK(q.type_of(TensorClass::AttnV, 1, m) == GgmlType::Q4_0);
        CHECK(q.type_of(TensorClass::Output, -1, m) == GgmlType::Q8_0);
        // Bytes by hand: token_embd 2176; layer 0: 256+2304+1152+2176+2304+256+3*4608 = 22,272;
        // layer 1 with a Q4_0 attn_v: 21,248; output_norm 256; output 2176 -> 48,128.
        std::int64_t in_file = 0;
        for (const auto& t : g.file.tensors) in_file += t.bytes;
        CHECK(in_file == 48128);
        CHECK(weight_footprint_bytes(m, q) == 48128);
        // The lowering reads the file's types: layer 0 attn_v is Q8_0.
        for (const auto& op : lower(m, q, LoweringRequest{}).ops)
            if (op.name == "blk.0.attn_v") CHECK(op.weight_type == GgmlType::Q8_0);
    }
}

TEST_CASE("GGUF hyperparameters as per-layer arrays, key_length, vocab_size, nested arrays", "[models][gguf]") {
    GgufBuilder g;
    g.kv_str("general.architecture", "llama")
        .kv_u64("llama.context_length", 4096)  // u64 is accepted for counts
        .kv_u32("llama.embedding_length", 64)
        .kv_u32("llama.block_count", 3)
        .kv_arr_u32("llama.feed_forward_length", {128, 256, 128})
        .kv_arr_u32("llama.attention.head_count", {4, 4, 4})
        .kv_arr_u32("llama.attention.head_count_kv", {1, 1, 1})
        .kv_u32("llama.attention.key_length", 32)
        .kv_u32("llama.rope.dimension_count", 8)
        .kv_i32("llama.vocab_size", 100)
        .kv_bool("some.flag", true)
        .kv_nested("some.nested", 3, 2);
    const GgufModel m = model_of(g.build());
    CHECK(m.model.d_ff == 256);  // per-layer sizes vary: the maximum, with a note
    REQUIRE(m.notes.size() == 1);
    CHECK(m.notes[0].find("feed_forward_length varies") != std::string::npos);
    CHECK(m.model.n_head == 4);
    CHECK(m.model.n_head_kv == 1);
    CHECK(m.model.head_dim == 32);
    CHECK(m.model.rope_fraction == Approx(0.25));
    CHECK(m.model.n_vocab == 100);
    CHECK(m.model.n_ctx_train == 4096);
    CHECK(m.model.tied_embeddings);  // no output.weight
    const GgufValue* nested = m.file.find("some.nested");
    REQUIRE(nested);
    REQUIRE(nested->elems.size() == 3);
    CHECK(nested->elems[2].elems[1].i == 201);
    CHECK(m.file.find("some.flag")->i == 1);
    CHECK(m.file.kv_order.front() == "general.architecture");
}

TEST_CASE("GGUF metadata that contradicts the tensors, and empty tensors, are refused", "[models][gguf]") {
    // blk.0.ffn_down is [128, 64] (128 input columns): a feed_forward_length of 256 would lower every
    // FFN matmul at twice its real size.
    expect_error(tiny_llama(3, 256).build(),
                 "llama.feed_forward_length: is 256 but tensor blk.0.ffn_down.weight has shape [128, 64]");
    GgufBuilder g = tiny_llama();
    g.tensor("blk.0.extra.weight", {0, 32}, GgmlType::F32);
    expect_error(g.build(), "dimension ne[0] of tensor 'blk.0.extra.weight' is 0 (an empty tensor)");
}

TEST_CASE("GGUF versions other than 2 and 3 are rejected with the offset", "[models][gguf]") {
    expect_error(header_only(1), "at byte 4: expected version 2 or 3, found 1");
    expect_error(header_only(0), "at byte 4: expected version 2 or 3, found 0");
    expect_error(header_only(4), "found 4");
    expect_error(header_only(0x03000000u), "byte-swapped");
    std::vector<std::uint8_t> bad = header_only(3);
    bad[0] = 'X';
    expect_error(bad, "at byte 0: expected the magic");
}

TEST_CASE("every truncation of a GGUF file is an error naming an offset, never a crash", "[models][gguf]") {
    const std::vector<std::uint8_t> full = tiny_llama().build();
    REQUIRE_NOTHROW(parse(full));
    for (std::size_t n = 0; n < full.size(); n += (n < 2048 ? 1 : 97)) {
        const std::vector<std::uint8_t> cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
        try {
            parse(cut);
            FAIL("prefix of " << n << " bytes parsed");
        } catch (const UserError& e) {
            const std::string w = e.what();
            INFO(w);
            CHECK(w.find("at byte ") != std::string::npos);
            CHECK(w.find("truncated") != std::string::npos);
        }
    }
    // Cut inside the data section: the tensor infos are complete, the last tensor's bytes are not.
    std::vector<std::uint8_t> cut(full.begin(), full.end() - 100);
    expect_error(cut, "bytes of data for tensor 'output.weight'");
}

TEST_CASE("corrupt GGUF metadata and tensor infos are rejected with what was expected", "[models][gguf]") {
    using B = GgufBuilder;
    auto with_kv = [](const std::vector<std::uint8_t>& raw) { return GgufBuilder().kv_raw(raw).build(); };
    {   // a string length larger than the file
        std::vector<std::uint8_t> r;
        B::u64(r, 1ull << 40);
        B::u64(r, 0);
        expect_error(with_kv(r), "at byte 24: a metadata key of 1099511627776 bytes is longer than the limit");
    }
    {   // a string value longer than the bytes left
        std::vector<std::uint8_t> r;
        B::str(r, "k");
        B::u32(r, 8);
        B::u64(r, 1ull << 40);
        B::u64(r, 0);
        expect_error(with_kv(r), "at byte 45: expected 'k' (1099511627776 bytes) but the file ends at byte 64 (truncated)");
    }
    {   // an unknown value type
        std::vector<std::uint8_t> r;
        B::str(r, "k");
        B::u32(r, 13);
        expect_error(with_kv(r), "at byte 33: expected a GGUF value type 0..12 for 'k', found 13");
    }
    {   // an array whose count cannot fit: nothing is allocated
        std::vector<std::uint8_t> r;
        B::str(r, "k");
        B::u32(r, 9);
        B::u32(r, 10);
        B::u64(r, 1ull << 60);
        expect_error(with_kv(r), "cannot fit");
    }
    {   // a bool that is neither 0 nor 1
        std::vector<std::uint8_t> r;
        B::str(r, "k");
        B::u32(r, 7);
        B::u8(r, 2);
        expect_error(with_kv(r), "expected a bool (0 or 1)");
    }
    {   // arrays nested deeper than the limit
        std::vector<std::uint8_t> r;
        B::str(r, "k");
        B::u32(r, 9);
        for (int i = 0; i < 20; ++i) {
            B::u32(r, 9);
            B::u64(r, 1);
        }
        expect_error(with_kv(r), "nested deeper");
    }
    expect_error(GgufBuilder().kv_u32("a", 1).kv_u32("a", 2).build(), "duplicate metadata key 'a'");
    expect_error(GgufBuilder().kv_u32("general.alignment", 48).build(), "expected a power of two");
    expect_error(GgufBuilder().kv_u64("general.alignment", 32).build(), "expected a u32");
    // Tensor infos: removed type id, too many dims, negative size, partial block, duplicate name.
    auto one_tensor = [](std::uint32_t n_dims, std::int64_t ne0, std::uint32_t type, const char* name = "t") {
        std::vector<std::uint8_t> b{'G', 'G', 'U', 'F'};
        B::u32(b, 3);
        B::u64(b, 1);
        B::u64(b, 0);
        B::str(b, name);
        B::u32(b, n_dims);
        for (std::uint32_t i = 0; i < n_dims; ++i) B::u64(b, static_cast<std::uint64_t>(i == 0 ? ne0 : 1));
        B::u32(b, type);
        B::u64(b, 0);
        b.resize(b.size() + 4096, 0);
        return b;
    };
    expect_error(one_tensor(1, 32, 4), "unknown or removed type");
    expect_error(one_tensor(5, 32, 0), "expected at most 4 dimensions");
    expect_error(one_tensor(1, -5, 0), "negative dimension");
    expect_error(one_tensor(1, 33, 2), "not a whole number of q4_0 blocks of 32");
    expect_error(one_tensor(1, 8, 0, "a_name_that_is_far_longer_than_the_sixty_three_bytes_ggml_allows_for_names"),
                 "longer than the limit of 63");
    expect_error(GgufBuilder().tensor("x", {32}, GgmlType::F32).tensor("x", {32}, GgmlType::F32).build(),
                 "duplicate tensor name 'x'");
    // Metadata that parses but lacks what the model needs names the key.
    expect_error(GgufBuilder().kv_str("general.architecture", "llama").build(), "llama.block_count: required key");
    expect_error(GgufBuilder().build(), "general.architecture");
}

TEST_CASE("load_model and describe_model_file accept GGUF paths", "[models][gguf]") {
    const std::string path = "/tmp/edgetwin_test_tiny.gguf";
    const auto bytes = tiny_llama().build();
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                static_cast<std::streamsize>(bytes.size()));
    const LoadedModel lm = load_model_with_quant(path, "scenario.json", "model");
    CHECK(lm.model.n_layer == 2);
    REQUIRE(lm.quant);
    CHECK(lm.quant->type_of(TensorClass::AttnV, 0, lm.model) == GgmlType::Q8_0);
    CHECK(load_model(path, "s", "m").d_model == 64);
    const std::string text = describe_model_file(path);
    CHECK(text.find("GGUF v3") != std::string::npos);
    CHECK(text.find("78144") != std::string::npos);         // parameters in the file
    CHECK(text.find("48128 B") != std::string::npos);       // total bytes
    CHECK(text.find("Q8_0") != std::string::npos);

    // A truncated file on disk: one line naming the file and the offset.
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), 200);
    try {
        describe_model_file(path);
        FAIL("truncated file accepted");
    } catch (const UserError& e) {
        const std::string w = e.what();
        CHECK(w.find(path + ": at byte ") == 0);
        CHECK(w.find('\n') == std::string::npos);
    }
    std::remove(path.c_str());
    CHECK_THROWS_AS(load_model("/tmp/does_not_exist.gguf", "s", "m"), UserError);
}
