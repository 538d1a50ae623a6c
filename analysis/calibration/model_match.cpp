// Maps llama-bench's model description to a model card and a quant scheme. llama-bench prints the
// architecture, a rounded size label and the ftype display name; model_n_params (exact) and
// model_size (bytes) pin the card down, the footprint check catches a wrong quant or card.
#include <cmath>
#include <sstream>

#include "analysis/calibration/observations.h"
#include "models/lowering.h"
#include "models/model_card.h"
#include "models/quant_recipes.h"
#include "sim/core/user_error.h"

namespace edgetwin::calib {
namespace {

struct CardInfo {
    std::string name, family;
    ModelSpec spec;
};

const std::vector<CardInfo>& cards() {
    static const std::vector<CardInfo> all = [] {
        std::vector<CardInfo> v;
        for (const auto& n : model_card_names()) {
            ModelSpec m = load_model(n, "model cards", n);
            v.push_back({n, m.family, m});
        }
        return v;
    }();
    return all;
}

// "7B" -> 7e9, "135M" -> 1.35e8, "8x7B" -> nullopt (MoE labels are not a parameter count).
std::optional<double> size_label(const std::string& s) {
    if (s.size() < 2) return std::nullopt;
    const char u = s.back();
    double v = 0;
    if (!try_parse_number(s.substr(0, s.size() - 1), &v)) return std::nullopt;
    if (u == 'B') return v * 1e9;
    if (u == 'M') return v * 1e6;
    if (u == 'K') return v * 1e3;
    return std::nullopt;
}

std::string fmt(double v) {
    std::ostringstream os;
    os.precision(4);
    os << v;
    return os.str();
}

}  // namespace

std::string quant_from_ftype_name(const std::string& ftype_name) {
    std::string s = trim(ftype_name);
    if (starts_with(s, "mostly ")) s = s.substr(7);
    if (starts_with(s, "all ")) s = s.substr(4);
    const auto dash = s.find(" - ");
    if (dash == std::string::npos) return s;
    const std::string base = s.substr(0, dash), tail = s.substr(dash + 3);
    if (tail == "Small") return base + "_S";
    if (tail == "Medium") return base + "_M";
    if (tail == "Large") return base + "_L";
    return base;  // "4.25 bpw", "1.69 bpw ternary": the base name is the type
}

ModelMatch match_bench_model(const std::string& model_type, std::optional<double> n_params,
                             std::optional<double> size_B, const std::string& file, const Cell& where) {
    std::istringstream is(model_type);
    std::string arch, label;
    is >> arch >> label;
    std::string ftype;
    std::getline(is, ftype);
    ftype = trim(ftype);
    if (arch.empty() || ftype.empty())
        fail_at(file, where.line, where.col,
                "model_type '" + model_type + "' is not 'arch size ftype' (e.g. 'llama 1B Q4_K - Medium')");
    const std::string quant = quant_from_ftype_name(ftype);
    const std::string key = "line " + std::to_string(where.line) + " column " + std::to_string(where.col);
    const QuantScheme scheme = quant_scheme_from_name(quant, GgmlType::F16, file, key);

    double tol = 0.03;
    std::optional<double> n = n_params;
    if (!n) {
        n = size_label(label);
        tol = 0.5;  // labels are rounded ("1B" for 1.1 B)
    }
    if (!n) fail_at(file, where.line, where.col, "no model_n_params and no size label in '" + model_type + "'");
    std::vector<const CardInfo*> hits;
    for (const auto& c : cards()) {
        const double pc = static_cast<double>(c.spec.parameter_count());
        if (std::fabs(pc - *n) / *n > tol) continue;
        if (size_B) {
            const double fp = static_cast<double>(weight_footprint_bytes(c.spec, scheme));
            if (std::fabs(fp - *size_B) / *size_B > 0.25) continue;
        }
        hits.push_back(&c);
    }
    if (hits.size() > 1) {  // prefer the card of the same architecture
        std::vector<const CardInfo*> same;
        for (const auto* h : hits)
            if (h->family == arch) same.push_back(h);
        if (!same.empty()) hits = same;
    }
    if (hits.size() > 1 && tol < 0.5) {  // exact counts: keep the closest
        const CardInfo* best = hits.front();
        for (const auto* h : hits)
            if (std::fabs(h->spec.parameter_count() - *n) < std::fabs(best->spec.parameter_count() - *n)) best = h;
        hits = {best};
    }
    if (hits.size() != 1) {
        std::string near;
        for (const auto& c : cards())
            if (std::fabs(static_cast<double>(c.spec.parameter_count()) - *n) / *n < 0.3)
                near += (near.empty() ? "" : ", ") + c.name + " (" + fmt(c.spec.parameter_count() / 1e9) + " B)";
        fail_at(file, where.line, where.col,
                "model '" + model_type + "' (" + fmt(*n / 1e9) + " B parameters" +
                    (size_B ? ", " + fmt(*size_B / 1048576.0) + " MiB" : std::string()) + ") " +
                    (hits.empty() ? "matches no model card" : "matches several model cards") +
                    (near.empty() ? std::string(" (no card within 30 %)") : "; cards of similar size: " + near) +
                    "; add a card to data/models or pass --model");
    }
    return {hits.front()->name, scheme.name};
}

}  // namespace edgetwin::calib
