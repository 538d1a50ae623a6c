// Writes the seed corpus for bench/fuzz_gguf.cpp: valid v2/v3 GGUF files, per-layer arrays,
// nested arrays, and llama2.c headers. Usage: make_gguf_corpus DIR
#include <cstdio>
#include <fstream>
#include <string>

#include "../unit/models/gguf_builder.h"

using edgetwin::GgmlType;
using edgetwin::testing::GgufBuilder;

namespace {
void write(const std::string& path, const std::vector<std::uint8_t>& b) {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}
}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    write(dir + "/tiny_v3.gguf", edgetwin::testing::tiny_llama(3).build());
    write(dir + "/tiny_v2.gguf", edgetwin::testing::tiny_llama(2).build());
    GgufBuilder arrays;
    arrays.kv_str("general.architecture", "llama")
        .kv_u32("general.alignment", 64)
        .kv_u64("llama.context_length", 4096)
        .kv_u32("llama.embedding_length", 64)
        .kv_u32("llama.block_count", 2)
        .kv_arr_u32("llama.feed_forward_length", {128, 256})
        .kv_arr_u32("llama.attention.head_count", {4, 4})
        .kv_u32("llama.attention.key_length", 32)
        .kv_i32("llama.vocab_size", 100)
        .kv_bool("b", true)
        .kv_f32("f", 1.5f)
        .kv_nested("n", 2, 3)
        .tensor("token_embd.weight", {64, 100}, GgmlType::Q8_0)
        .tensor("blk.0.attn_q.weight", {256, 4}, GgmlType::Q4_K)
        .tensor("blk.1.ffn_down.weight", {256, 2}, GgmlType::Q6_K);
    write(dir + "/arrays.gguf", arrays.build());
    // llama2.c legacy header (stories260K shape, weights truncated) and a v2 header.
    std::vector<std::uint8_t> l2c;
    for (int v : {64, 172, 5, 8, 4, -512, 512}) GgufBuilder::u32(l2c, static_cast<std::uint32_t>(v));
    l2c.resize(4096, 0);
    write(dir + "/legacy.bin", l2c);
    std::vector<std::uint8_t> v2;
    GgufBuilder::u32(v2, 0x616b3432u);
    GgufBuilder::u32(v2, 2);
    for (int v : {64, 128, 2, 4, 4, 32, 16}) GgufBuilder::u32(v2, static_cast<std::uint32_t>(v));
    v2.push_back(1);
    GgufBuilder::u32(v2, 64);
    v2.resize(256 + 90496, 0);
    write(dir + "/v2.bin", v2);
    return 0;
}
