#include "models/describe.h"

#include <array>
#include <cstdio>
#include <map>
#include <sstream>

#include "models/gguf_model.h"
#include "models/llama2c_reader.h"
#include "models/lowering.h"
#include "models/model_card.h"
#include "models/quant_recipes.h"
#include "sim/core/text_table.h"

namespace edgetwin {
namespace {

std::string fmt(const char* f, double v) {
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
}
std::string mib(std::int64_t bytes) { return fmt("%.2f MiB", static_cast<double>(bytes) / 1048576.0); }
std::string billions(std::int64_t n) { return fmt("%.3f B", static_cast<double>(n) / 1e9); }

std::string features(const ModelSpec& m) {
    std::string f;
    auto add = [&](const std::string& s) { f += (f.empty() ? "" : ", ") + s; };
    if (m.n_head_kv < m.n_head) add(m.n_head_kv == 1 ? "MQA" : "GQA " + std::to_string(m.n_head / m.n_head_kv) + ":1");
    if (m.head_dim * m.n_head != m.d_model) add("head_dim " + std::to_string(m.head_dim));
    if (m.rope_fraction < 1.0) add(fmt("rotary %.2f", m.rope_fraction));
    if (m.activation == FfnActivation::Gelu) add("GELU MLP");
    if (m.activation == FfnActivation::GeluGated) add("GeGLU");
    if (m.parallel_attn_ffn) add("parallel attn/FFN");
    if (m.norm == NormKind::Layer) add("LayerNorm");
    if (m.qkv_bias) add("QKV bias");
    if (m.linear_bias) add("linear bias");
    if (m.qk_norm) add("QK norm");
    if (m.sliding_window > 0)
        add("sliding window " + std::to_string(m.sliding_window) +
            (m.swa_pattern > 0 ? " on " + std::to_string(m.swa_pattern - 1) + " of " + std::to_string(m.swa_pattern) + " layers"
                               : " on all layers"));
    if (m.tied_embeddings) add("tied embeddings");
    return f;
}

}  // namespace

std::string describe_model_cards() {
    std::vector<std::vector<std::string>> rows;
    for (const auto& n : model_card_names()) {
        const ModelSpec m = load_model(n, "data/models", n);
        rows.push_back({n, m.family, billions(m.parameter_count()), std::to_string(m.n_layer), std::to_string(m.d_model),
                        std::to_string(m.n_head) + "/" + std::to_string(m.n_head_kv), std::to_string(m.n_ctx_train),
                        features(m)});
    }
    return format_text_table({"name", "family", "params", "layers", "d_model", "heads/kv", "ctx", "features"}, rows,
                             {2, 3, 4, 5, 6});
}

std::string describe_quant_schemes() {
    std::vector<std::vector<std::string>> rows;
    for (const auto& [name, what] : quant_scheme_catalog()) rows.push_back({name, what});
    return format_text_table({"quant", "what it is"}, rows) +
           "KV-cache types: f32, f16, bf16, q8_0, q5_0, q5_1, q4_0, q4_1, iq4_nl\n";
}

std::string describe_tensor_table(const std::vector<WeightTensor>& tensors) {
    std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>> by_class;  // bytes, elems
    std::map<std::string, std::array<std::int64_t, 3>> by_type;  // count, elems, bytes
    std::int64_t total = 0, elems = 0;
    for (const auto& t : tensors) {
        const std::string cls = t.cls == TensorClass::Norm ? "norm/bias" : tensor_class_name(t.cls);
        auto& c = by_class[{cls, ggml_type_name(t.type)}];
        c.first += t.bytes;
        c.second += t.elems();
        auto& h = by_type[ggml_type_name(t.type)];
        h[0] += 1;
        h[1] += t.elems();
        h[2] += t.bytes;
        total += t.bytes;
        elems += t.elems();
    }
    std::ostringstream o;
    char b[200];
    o << "bytes by tensor class and type:\n";
    for (const auto& [k, v] : by_class) {
        std::snprintf(b, sizeof b, "  %-12s %-12s %14lld elems %14lld B  %10s  %5.1f %%\n", k.first.c_str(),
                      k.second.c_str(), static_cast<long long>(v.second), static_cast<long long>(v.first),
                      mib(v.first).c_str(), total ? 100.0 * v.first / total : 0.0);
        o << b;
    }
    o << "tensor types:\n";
    for (const auto& [k, v] : by_type) {
        std::snprintf(b, sizeof b, "  %-12s %5lld tensors %14lld elems %14lld B  %6.3f bpw  ", k.c_str(),
                      static_cast<long long>(v[0]), static_cast<long long>(v[1]), static_cast<long long>(v[2]),
                      v[1] ? 8.0 * v[2] / v[1] : 0.0);
        o << b << std::string(static_cast<std::size_t>(total ? 40 * v[2] / total : 0), '#') << "\n";
    }
    std::snprintf(b, sizeof b, "total: %lld tensors, %lld elements, %lld B (%s)\n", static_cast<long long>(tensors.size()),
                  static_cast<long long>(elems), static_cast<long long>(total), mib(total).c_str());
    o << b;
    return o.str();
}

std::string describe_lowering(const ModelSpec& m, const QuantScheme& q) {
    std::ostringstream o;
    o << "simulated as: " << m.family << ", " << m.n_layer << " layers, d_model " << m.d_model << ", heads "
      << m.n_head << "/" << m.n_head_kv << " (head_dim " << m.head_dim << "), d_ff " << m.d_ff << ", vocab "
      << m.n_vocab << ", ctx " << m.n_ctx_train << "\n";
    const std::string f = features(m);
    if (!f.empty()) o << "  features: " << f << "\n";
    o << "  parameters: " << m.parameter_count() << " (" << billions(m.parameter_count()) << ")\n";
    o << "  quantization: " << q.name << " (weights " << mib(weight_footprint_bytes(m, q)) << ", KV cache "
      << quant_info(q.kv_type).name << ": " << mib(kv_cache_bytes(m, q, m.n_ctx_train, 1)) << " at ctx "
      << m.n_ctx_train << ")\n";
    LoweringRequest req;
    req.position = 0;
    double flops = 0;
    for (const auto& op : lower(m, q, req).ops) flops += op.total_flops();
    o << "  decode step at position 0: " << fmt("%.3f GFLOP", flops / 1e9) << "\n";
    return o.str();
}

std::string describe_model_file(const std::string& path) {
    std::ostringstream o;
    if (path.size() > 5 && path.compare(path.size() - 5, 5, ".gguf") == 0) {
        const GgufModel g = load_gguf_model(path);
        const GgufFile& f = g.file;
        const GgufValue* arch = f.find("general.architecture");
        o << path << ": GGUF v" << f.version << ", " << f.file_size << " B, " << f.kv.size() << " metadata keys, "
          << f.tensors.size() << " tensors, alignment " << f.alignment << ", data at byte " << f.data_offset << "\n";
        o << "architecture: " << (arch ? arch->s : "?") << ", name: " << g.model.name << ", file type: " << g.quant.name
          << "\n";
        std::vector<WeightTensor> list;
        std::int64_t params = 0;
        for (const auto& t : f.tensors) {
            WeightTensor w;
            w.name = t.name;
            int layer = -1;
            if (!gguf_tensor_class(t.name, w.cls, layer)) w.cls = TensorClass::Norm;
            w.layer = layer;
            w.row_elems = t.ne.empty() ? 1 : t.ne[0];
            w.rows = w.row_elems ? t.elems() / w.row_elems : 0;
            w.type = t.type;
            w.bytes = t.bytes;
            params += t.elems();
            list.push_back(std::move(w));
        }
        o << "parameters in the file: " << params << " (" << billions(params) << ")\n";
        o << describe_tensor_table(list);
        o << describe_lowering(g.model, g.quant);
        for (const auto& n : g.notes) o << "  note: " << n << "\n";
        return o.str();
    }
    if (path.size() > 4 && path.compare(path.size() - 4, 4, ".bin") == 0) {
        const Llama2cModel c = read_llama2c(path);
        o << path << ": llama2.c checkpoint, "
          << (c.version == 0 ? std::string("legacy header") : "export version " + std::to_string(c.version))
          << (c.version == 2 ? ", int8 group size " + std::to_string(c.group_size) : std::string()) << ", "
          << (c.shared_classifier ? "shared" : "separate") << " classifier, " << c.expected_bytes << " B expected\n";
        o << describe_tensor_table(weight_tensors(c.model, c.quant));
        o << describe_lowering(c.model, c.quant);
        return o.str();
    }
    const ModelSpec m = load_model(path, "command line", "model");
    const QuantScheme q = quant_scheme_from_name("F16", GgmlType::F16, "command line", "quant");
    o << m.name << ": model card (" << m.source << ")\n";
    o << describe_tensor_table(weight_tensors(m, q));
    o << describe_lowering(m, q);
    return o.str();
}

}  // namespace edgetwin
