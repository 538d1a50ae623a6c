#pragma once
// Writes small GGUF images for tests and the fuzz seed corpus (layout: formats.md §1.1-1.4).
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "models/quant_type.h"

namespace edgetwin::testing {

class GgufBuilder {
public:
    explicit GgufBuilder(std::uint32_t version = 3, std::uint32_t alignment = 32) : version_(version), align_(alignment) {}

    // Raw little-endian writers into a byte vector.
    static void u8(std::vector<std::uint8_t>& b, std::uint8_t v) { b.push_back(v); }
    static void u32(std::vector<std::uint8_t>& b, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    static void u64(std::vector<std::uint8_t>& b, std::uint64_t v) {
        for (int i = 0; i < 8; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    static void str(std::vector<std::uint8_t>& b, const std::string& s) {
        u64(b, s.size());
        b.insert(b.end(), s.begin(), s.end());
    }

    GgufBuilder& kv_u32(const std::string& k, std::uint32_t v) { return key(k, 4), u32(kv_, v), *this; }
    GgufBuilder& kv_i32(const std::string& k, std::int32_t v) { return key(k, 5), u32(kv_, static_cast<std::uint32_t>(v)), *this; }
    GgufBuilder& kv_u64(const std::string& k, std::uint64_t v) { return key(k, 10), u64(kv_, v), *this; }
    GgufBuilder& kv_f32(const std::string& k, float v) {
        std::uint32_t w;
        std::memcpy(&w, &v, 4);
        return key(k, 6), u32(kv_, w), *this;
    }
    GgufBuilder& kv_bool(const std::string& k, bool v) { return key(k, 7), u8(kv_, v ? 1 : 0), *this; }
    GgufBuilder& kv_str(const std::string& k, const std::string& v) { return key(k, 8), str(kv_, v), *this; }
    GgufBuilder& kv_arr_u32(const std::string& k, const std::vector<std::uint32_t>& v) {
        key(k, 9);
        u32(kv_, 4);
        u64(kv_, v.size());
        for (auto x : v) u32(kv_, x);
        return *this;
    }
    GgufBuilder& kv_arr_str(const std::string& k, const std::vector<std::string>& v) {
        key(k, 9);
        u32(kv_, 8);
        u64(kv_, v.size());
        for (const auto& x : v) str(kv_, x);
        return *this;
    }
    // An array of `outer` arrays of `inner` i32 values (nested arrays).
    GgufBuilder& kv_nested(const std::string& k, int outer, int inner) {
        key(k, 9);
        u32(kv_, 9);
        u64(kv_, static_cast<std::uint64_t>(outer));
        for (int i = 0; i < outer; ++i) {
            u32(kv_, 5);
            u64(kv_, static_cast<std::uint64_t>(inner));
            for (int j = 0; j < inner; ++j) u32(kv_, static_cast<std::uint32_t>(i * 100 + j));
        }
        return *this;
    }
    // Appends raw bytes as a KV entry body (for corrupt entries); counts as one KV.
    GgufBuilder& kv_raw(const std::vector<std::uint8_t>& bytes) {
        kv_.insert(kv_.end(), bytes.begin(), bytes.end());
        ++n_kv_;
        return *this;
    }

    // A tensor with dims ne (ne[0] = row) of GGML type `type`; data offsets are laid out aligned.
    GgufBuilder& tensor(const std::string& name, const std::vector<std::int64_t>& ne, GgmlType type) {
        const auto& q = quant_info(type);
        std::int64_t rows = 1;
        for (std::size_t i = 1; i < ne.size(); ++i) rows *= ne[i];
        const std::uint64_t bytes = static_cast<std::uint64_t>(ne[0] / q.block_elems * q.block_bytes * rows);
        str(ti_, name);
        u32(ti_, static_cast<std::uint32_t>(ne.size()));
        for (auto d : ne) u64(ti_, static_cast<std::uint64_t>(d));
        u32(ti_, static_cast<std::uint32_t>(static_cast<int>(type)));
        u64(ti_, data_);
        data_ += (bytes + align_ - 1) / align_ * align_;
        ++n_t_;
        return *this;
    }

    std::vector<std::uint8_t> build() const {
        std::vector<std::uint8_t> b;
        b.reserve(24 + kv_.size() + ti_.size() + align_ + data_);
        u32(b, 0x46554747u);  // "GGUF"
        u32(b, version_);
        u64(b, n_t_);
        u64(b, n_kv_);
        b.insert(b.end(), kv_.begin(), kv_.end());
        b.insert(b.end(), ti_.begin(), ti_.end());
        while (b.size() % align_) b.push_back(0);
        b.resize(b.size() + data_, 0);
        return b;
    }
    std::size_t header_size() const { return 24 + kv_.size(); }  // bytes before the tensor infos

private:
    void key(const std::string& k, std::uint32_t type) {
        str(kv_, k);
        u32(kv_, type);
        ++n_kv_;
    }
    std::uint32_t version_, align_;
    std::vector<std::uint8_t> kv_, ti_;
    std::uint64_t n_kv_ = 0, n_t_ = 0, data_ = 0;
};

// A two-layer llama in the shape llama.cpp writes: GQA 4:2, Q4_0 matrices, Q8_0 attn_v in layer 0,
// a 32-token vocabulary given only by tokenizer.ggml.tokens. `ff_meta` is the feed_forward_length
// the metadata claims (the tensors have 128).
inline GgufBuilder tiny_llama(std::uint32_t version = 3, std::uint32_t ff_meta = 128) {
    GgufBuilder g(version);
    std::vector<std::string> tokens;
    for (int i = 0; i < 32; ++i) tokens.push_back("tok" + std::to_string(i));
    g.kv_str("general.architecture", "llama")
        .kv_str("general.name", "tiny")
        .kv_u32("general.file_type", 2)
        .kv_u32("general.quantization_version", 2)
        .kv_u32("llama.context_length", 128)
        .kv_u32("llama.embedding_length", 64)
        .kv_u32("llama.block_count", 2)
        .kv_u32("llama.feed_forward_length", ff_meta)
        .kv_u32("llama.attention.head_count", 4)
        .kv_u32("llama.attention.head_count_kv", 2)
        .kv_f32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
        .kv_u32("llama.rope.dimension_count", 16)
        .kv_f32("llama.rope.freq_base", 10000.0f)
        .kv_str("tokenizer.ggml.model", "llama")
        .kv_arr_str("tokenizer.ggml.tokens", tokens);
    g.tensor("token_embd.weight", {64, 32}, GgmlType::Q8_0);
    for (int l = 0; l < 2; ++l) {
        const std::string b = "blk." + std::to_string(l) + ".";
        g.tensor(b + "attn_norm.weight", {64}, GgmlType::F32)
            .tensor(b + "attn_q.weight", {64, 64}, GgmlType::Q4_0)
            .tensor(b + "attn_k.weight", {64, 32}, GgmlType::Q4_0)
            .tensor(b + "attn_v.weight", {64, 32}, l == 0 ? GgmlType::Q8_0 : GgmlType::Q4_0)
            .tensor(b + "attn_output.weight", {64, 64}, GgmlType::Q4_0)
            .tensor(b + "ffn_norm.weight", {64}, GgmlType::F32)
            .tensor(b + "ffn_gate.weight", {64, 128}, GgmlType::Q4_0)
            .tensor(b + "ffn_up.weight", {64, 128}, GgmlType::Q4_0)
            .tensor(b + "ffn_down.weight", {128, 64}, GgmlType::Q4_0);
    }
    g.tensor("output_norm.weight", {64}, GgmlType::F32).tensor("output.weight", {64, 32}, GgmlType::Q8_0);
    return g;
}

}  // namespace edgetwin::testing
