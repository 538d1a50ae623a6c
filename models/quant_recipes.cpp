#include "models/quant_recipes.h"

#include <cctype>
#include <optional>

#include "models/llama_ftype_rules.h"
#include "sim/core/input_file.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

// Uniform schemes: every weight matrix in one GGML type (llama.cpp `quantize --pure` semantics).
// Names that are also llama.cpp file types resolve to the file type; "<TYPE>-pure" forces uniform.
const std::vector<GgmlType>& uniform_types() {
    static const std::vector<GgmlType> v{GgmlType::F32,  GgmlType::F16,  GgmlType::BF16, GgmlType::Q8_0,
                                         GgmlType::Q6_K, GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q5_K,
                                         GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q4_K, GgmlType::Q3_K,
                                         GgmlType::Q2_K, GgmlType::IQ4_NL, GgmlType::IQ4_XS, GgmlType::TQ1_0,
                                         GgmlType::TQ2_0};
    return v;
}

struct Named {
    const char* name;
    const char* what;
    GgmlType linear;      // attention and FFN matrices
    GgmlType embd_out;    // token embedding and output projection
};

// Non-GGML runtimes' formats (quant_type.h ids >= 1000).
const std::vector<Named>& named_schemes() {
    static const std::vector<Named> v{
        // mlc-ai/mlc-llm python/mlc_llm/quantization/quantization.py: q4f16_1 quantizes the
        // embedding and final fc too; q4f16_ft falls back to group quantization (q4f16_1) for them.
        {"q4f16_1", "MLC-LLM int4, group 32, f16 scale, embedding and output included", GgmlType::MLC_Q4F16_1,
         GgmlType::MLC_Q4F16_1},
        {"q4f16_ft", "MLC-LLM FasterTransformer int4, per-channel f16 scale; embedding/output q4f16_1",
         GgmlType::MLC_Q4F16_FT, GgmlType::MLC_Q4F16_1},
        // TensorRT-LLM `--weight_only_precision int4` (examples/llama/convert_checkpoint.py): per-channel int4
        // decoder linears in the FasterTransformer layout; vocab embedding and lm_head are not quantized (fp16).
        {"TRT-INT4-WO", "TensorRT-LLM int4 weight-only, per-channel f16 scale; embedding/output f16", GgmlType::MLC_Q4F16_FT,
         GgmlType::F16},
        // AutoAWQ / AutoGPTQ checkpoints quantize the decoder linears; embeddings and lm_head stay f16.
        {"AWQ-g128", "AWQ int4, group 128, f16 scale + int4 zero; embedding/output f16", GgmlType::W4_G128, GgmlType::F16},
        {"AWQ-g64", "AWQ int4, group 64", GgmlType::W4_G64, GgmlType::F16},
        {"GPTQ-g128", "GPTQ int4, group 128, f16 scale + int4 zero; embedding/output f16", GgmlType::W4_G128,
         GgmlType::F16},
        {"GPTQ-g64", "GPTQ int4, group 64", GgmlType::W4_G64, GgmlType::F16},
        {"GPTQ-g32", "GPTQ int4, group 32", GgmlType::W4_G32, GgmlType::F16},
        // karpathy/llama2.c export.py version2_export quantizes every matrix incl. tok_embeddings
        // and the classifier; GS is 64 halved until dim % GS == 0.
        {"llama2c-Q8-GS16", "llama2.c runq int8, group 16, f32 scale", GgmlType::L2C_Q8_G16, GgmlType::L2C_Q8_G16},
        {"llama2c-Q8-GS32", "llama2.c runq int8, group 32, f32 scale", GgmlType::L2C_Q8_G32, GgmlType::L2C_Q8_G32},
        {"llama2c-Q8-GS64", "llama2.c runq int8, group 64 (export default)", GgmlType::L2C_Q8_G64, GgmlType::L2C_Q8_G64},
        {"llama2c-Q8-GS128", "llama2.c runq int8, group 128", GgmlType::L2C_Q8_G128, GgmlType::L2C_Q8_G128},
        {"llama2c-Q8-GS256", "llama2.c runq int8, group 256", GgmlType::L2C_Q8_G256, GgmlType::L2C_Q8_G256},
    };
    return v;
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::optional<GgmlType> uniform_type(const std::string& name) {
    if (auto t = parse_ggml_type(name))
        for (GgmlType u : uniform_types())
            if (u == *t) return u;
    return std::nullopt;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> quant_scheme_catalog() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : llama_ftypes())
        out.push_back({f.name, std::string("llama.cpp file type '") + f.display + "' (default " +
                                   ggml_type_name(f.default_type) + ", llama-quantize per-tensor rules)"});
    for (GgmlType t : uniform_types()) {
        if (!find_llama_ftype(ggml_type_name(t)))
            out.push_back({ggml_type_name(t), "every matrix " + ggml_type_name(t)});
    }
    out.push_back({"<TYPE>-pure", "every matrix in one GGML type (llama-quantize --pure)"});
    for (const auto& n : named_schemes()) out.push_back({n.name, n.what});
    return out;
}

std::vector<std::string> quant_scheme_names() {
    std::vector<std::string> names;
    for (const auto& [n, what] : quant_scheme_catalog()) names.push_back(n);
    return names;
}

QuantScheme quant_scheme_from_name(const std::string& name, GgmlType kv_type, const std::string& origin,
                                   const std::string& key) {
    const std::string u = upper(name);
    if (u.size() > 5 && u.compare(u.size() - 5, 5, "-PURE") == 0) {
        if (auto t = uniform_type(u.substr(0, u.size() - 5))) {
            QuantScheme s = uniform_scheme(*t, kv_type);
            s.name = ggml_type_name(*t) + "-pure";
            return s;
        }
    } else if (const LlamaFtypeInfo* f = find_llama_ftype(u)) {
        QuantScheme s = uniform_scheme(f->default_type, kv_type);
        s.name = f->name;
        s.llama_ftype = f->ftype;
        return s;
    } else if (auto t = uniform_type(u)) {
        return uniform_scheme(*t, kv_type);
    }
    for (const auto& n : named_schemes()) {
        if (upper(n.name) != u) continue;
        QuantScheme s = uniform_scheme(n.linear, kv_type);
        s.name = n.name;
        s.overrides[TensorClass::TokenEmbd] = n.embd_out;
        s.overrides[TensorClass::Output] = n.embd_out;
        return s;
    }
    throw UserError(origin, key, "unknown quantization '" + brief(name) + "' (known: " + join(quant_scheme_names()) + ")");
}

GgmlType kv_type_from_name(const std::string& name, const std::string& origin, const std::string& key) {
    static const std::vector<GgmlType> allowed{GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0,
                                               GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q4_0, GgmlType::Q4_1,
                                               GgmlType::IQ4_NL};
    if (auto t = parse_ggml_type(name))
        for (GgmlType a : allowed)
            if (a == *t) return a;
    std::vector<std::string> names;
    for (GgmlType a : allowed) names.push_back(quant_info(a).name);
    throw UserError(origin, key, "unknown KV-cache type '" + name + "' (allowed: " + join(names) + ")");
}

}  // namespace edgetwin
