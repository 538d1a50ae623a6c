#include "models/llama2c_reader.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <fstream>
#include <vector>

#include "sim/core/input_file.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

std::int32_t i32_at(const std::uint8_t* p) {
    const std::uint32_t u = static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
                            static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
    std::int32_t v;
    std::memcpy(&v, &u, 4);
    return v;
}

[[noreturn]] void fail(const std::string& name, std::int64_t at, const std::string& what) {
    throw UserError(name, "", "at byte " + std::to_string(at) + ": " + what);
}

struct Config {
    std::int32_t dim, hidden, layers, heads, kv_heads, vocab, seq_len;
};

// Field ranges as in the model-card schema, so products of sizes stay within 64 bits.
void check_config(const std::string& name, std::int64_t base, Config& c) {
    const char* names[] = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"};
    const std::int32_t vals[] = {c.dim, c.hidden, c.layers, c.heads, c.kv_heads, c.vocab, c.seq_len};
    const std::int64_t hi[] = {1 << 20, 1 << 22, 1024, 4096, 4096, 1 << 24, 1 << 24};
    for (int i = 0; i < 7; ++i)
        if (vals[i] < 1 || vals[i] > hi[i])
            fail(name, base + 4 * i, std::string("expected ") + names[i] + " in 1.." + std::to_string(hi[i]) +
                                         ", found " + std::to_string(vals[i]) + " (not a llama2.c checkpoint?)");
    if (c.dim % c.heads != 0) fail(name, base, "dim is not a multiple of n_heads");
    if (c.heads % c.kv_heads != 0) fail(name, base + 16, "n_heads is not a multiple of n_kv_heads");
}

// `data` holds the first min(size, 256) bytes of a file of `size` bytes.
Llama2cModel parse_header(const std::uint8_t* data, std::uint64_t size, const std::string& name) {
    Llama2cModel out;
    if (size < 28) fail(name, static_cast<std::int64_t>(size), "expected a 28-byte llama2.c header (truncated)");
    std::int64_t base = 0;
    if (static_cast<std::uint32_t>(i32_at(data)) == kLlama2cMagic) {
        if (size < 256) fail(name, static_cast<std::int64_t>(size), "expected a 256-byte versioned llama2.c header (truncated)");
        out.version = i32_at(data + 4);
        if (out.version != 1 && out.version != 2)
            fail(name, 4, "expected llama2.c export version 1 or 2, found " + std::to_string(out.version));
        base = 8;
        out.header_bytes = 256;
    } else {
        out.header_bytes = 28;
    }
    Config c{i32_at(data + base), i32_at(data + base + 4), i32_at(data + base + 8), i32_at(data + base + 12),
             i32_at(data + base + 16), i32_at(data + base + 20), i32_at(data + base + 24)};
    if (out.version == 0) {
        // run.c: a negative vocab_size means the classifier is stored separately.
        out.shared_classifier = c.vocab > 0;
        if (c.vocab < 0 && c.vocab != INT32_MIN) c.vocab = -c.vocab;
    } else {
        const std::uint8_t flag = data[36];
        if (flag > 1) fail(name, 36, "expected shared_classifier 0 or 1, found " + std::to_string(flag));
        out.shared_classifier = flag == 1;
    }
    check_config(name, base, c);
    if (out.version == 2) {
        out.group_size = i32_at(data + 37);  // unaligned, right after the flag (export.py: struct '<i')
        if (out.group_size < 1 || c.dim % out.group_size != 0 || c.hidden % out.group_size != 0)
            fail(name, 37, "expected a group size dividing dim " + std::to_string(c.dim) + " and hidden_dim " +
                               std::to_string(c.hidden) + ", found " + std::to_string(out.group_size));
    }

    ModelSpec& m = out.model;
    std::string base_name = name.substr(name.find_last_of('/') + 1);
    m.name = base_name;
    m.family = "llama";
    m.source = "llama2.c checkpoint " + name + (out.version ? " (export version " + std::to_string(out.version) + ")" : " (legacy header)");
    m.n_layer = c.layers;
    m.d_model = c.dim;
    m.n_head = c.heads;
    m.n_head_kv = c.kv_heads;
    m.head_dim = c.dim / c.heads;
    m.d_ff = c.hidden;
    m.n_vocab = c.vocab;
    m.n_ctx_train = c.seq_len;
    m.tied_embeddings = out.shared_classifier;

    // Bytes the header implies (export.py): norms, embedding, per-layer matrices, [classifier].
    const std::int64_t L = c.layers, d = c.dim, kv = static_cast<std::int64_t>(c.kv_heads) * m.head_dim;
    const std::int64_t norms = 2 * L * d + d;
    std::vector<std::int64_t> mats = {static_cast<std::int64_t>(c.vocab) * d, L * d * d, L * d * kv, L * d * kv,
                                      L * d * d, 3 * L * d * c.hidden};
    if (!out.shared_classifier) mats.push_back(static_cast<std::int64_t>(c.vocab) * d);
    std::int64_t weights = 0;
    for (auto n : mats) weights += n;
    if (out.version == 2) {
        // int8 values followed by one f32 scale per group, per tensor (runq.c memory_map_weights).
        out.expected_bytes = out.header_bytes + 4 * norms + weights + 4 * (weights / out.group_size);
        GgmlType t;
        switch (out.group_size) {
            case 16: t = GgmlType::L2C_Q8_G16; break;
            case 32: t = GgmlType::L2C_Q8_G32; break;
            case 64: t = GgmlType::L2C_Q8_G64; break;
            case 128: t = GgmlType::L2C_Q8_G128; break;
            case 256: t = GgmlType::L2C_Q8_G256; break;
            default: fail(name, 37, "group size " + std::to_string(out.group_size) + " is not one of 16, 32, 64, 128, 256");
        }
        out.quant = uniform_scheme(t);
        out.quant.name = "llama2c-Q8-GS" + std::to_string(out.group_size);
    } else {
        // The legacy export also stores freq_cis real and imaginary parts (seq_len x head_dim/2 each).
        const std::int64_t freq = out.version == 0 ? static_cast<std::int64_t>(c.seq_len) * m.head_dim : 0;
        out.expected_bytes = out.header_bytes + 4 * (norms + weights + freq);
        out.quant = uniform_scheme(GgmlType::F32);
    }
    if (static_cast<std::int64_t>(size) < out.expected_bytes)
        fail(name, static_cast<std::int64_t>(size),
             "expected " + std::to_string(out.expected_bytes) + " bytes for the weights this header describes, "
             "but the file ends here (truncated, or not a llama2.c checkpoint)");
    return out;
}

}  // namespace

Llama2cModel parse_llama2c(const std::uint8_t* data, std::size_t size, const std::string& name) {
    return parse_header(data, size, name);
}

Llama2cModel read_llama2c(const std::string& path) {
    require_regular_file(path, "llama2.c model");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UserError(path, "", "cannot open the file");
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uint64_t>(in.tellg());
    in.seekg(0);
    std::uint8_t head[256] = {};
    in.read(reinterpret_cast<char*>(head), static_cast<std::streamsize>(std::min<std::uint64_t>(size, 256)));
    return parse_header(head, size, path);
}

}  // namespace edgetwin
