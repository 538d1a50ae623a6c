#include "models/quant_recipes.h"

#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

// Uniform schemes: every weight matrix in one GGML type (llama.cpp `quantize --pure` semantics).
const std::vector<GgmlType>& uniform_types() {
    static const std::vector<GgmlType> v{GgmlType::F32,  GgmlType::F16,  GgmlType::BF16, GgmlType::Q8_0,
                                         GgmlType::Q6_K, GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q5_K,
                                         GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q4_K, GgmlType::Q3_K,
                                         GgmlType::Q2_K, GgmlType::IQ4_NL, GgmlType::IQ4_XS, GgmlType::TQ1_0,
                                         GgmlType::TQ2_0};
    return v;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

}  // namespace

std::vector<std::string> quant_scheme_names() {
    std::vector<std::string> names;
    for (GgmlType t : uniform_types()) names.push_back(ggml_type_name(t));
    return names;
}

QuantScheme quant_scheme_from_name(const std::string& name, GgmlType kv_type, const std::string& origin,
                                   const std::string& key) {
    if (auto t = parse_ggml_type(name)) {
        for (GgmlType u : uniform_types())
            if (u == *t) return uniform_scheme(u, kv_type);
    }
    throw UserError(origin, key, "unknown quantization '" + name + "' (known: " + join(quant_scheme_names()) + ")");
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
