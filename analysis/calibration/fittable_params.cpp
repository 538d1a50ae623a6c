// Default IPlatformFamily::fittable_params: families declare their parameters once in schemas(), so
// the calibrator can find what to fit without per-family code. Each JSON object in the preset and
// runtime is matched to the schema that describes it: every scalar key of the object is declared in
// the schema and every required scalar declaration is present. Sub-objects and arrays are walked.
#include <set>

#include "hwmodels/platform_registry.h"
#include "sim/core/units.h"

namespace edgetwin {
namespace {

bool is_scalar(const Json& v) { return !v.is_object() && !v.is_array(); }

bool schema_matches(const ParamSchema& s, const Json& obj) {
    bool declares_scalar = false;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const ParamDecl* d = s.find(it.key());
        if (is_scalar(it.value())) {
            if (!d) return false;
            declares_scalar = true;
        } else if (d && d->kind != ParamKind::RealMap) {
            return false;  // declared as a scalar but holds a structure
        }
    }
    if (!declares_scalar) return false;
    for (const auto& d : s.decls())
        if (d.is_required && d.kind != ParamKind::RealMap && !obj.contains(d.name)) return false;
    return true;
}

double si_value(const ParamDecl& d, const Json& obj) {
    const Json& v = obj.contains(d.name) ? obj[d.name] : d.default_value;
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
        UnitParse p = parse_quantity(v.get<std::string>(), d.kind == ParamKind::Quantity ? d.dim : Dimension::Dimensionless);
        if (p.ok) return p.value_si;
    }
    return d.fit ? d.fit->lo : 0.0;  // unreadable values are reported by build(); start at the bound
}

void walk(const Json& node, const std::string& path, FittableParam::Target target,
          const std::vector<const ParamSchema*>& schemas, std::set<std::string>& seen,
          std::vector<FittableParam>& out) {
    if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            walk(node[i], path + "[" + std::to_string(i) + "]", target, schemas, seen, out);
        return;
    }
    if (!node.is_object()) return;
    for (const ParamSchema* s : schemas) {
        if (!schema_matches(*s, node)) continue;
        for (const auto& d : s->decls()) {
            if (!d.fit) continue;
            const std::string p = path.empty() ? d.name : path + "." + d.name;
            if (!seen.insert(p).second) continue;  // two schemas matching one object: first wins
            out.push_back({target, p, s->component(), d, si_value(d, node)});
        }
    }
    for (auto it = node.begin(); it != node.end(); ++it)
        if (!is_scalar(it.value()) && it.key() != "sources")
            walk(it.value(), path.empty() ? it.key() : path + "." + it.key(), target, schemas, seen, out);
}

}  // namespace

std::vector<FittableParam> IPlatformFamily::fittable_params(const PlatformRequest& request) const {
    const std::vector<const ParamSchema*> all = schemas();
    std::vector<FittableParam> out;
    std::set<std::string> seen_preset, seen_runtime;
    walk(request.preset, "", FittableParam::Target::Preset, all, seen_preset, out);
    if (!request.runtime.is_null()) walk(request.runtime, "", FittableParam::Target::Runtime, all, seen_runtime, out);
    return out;
}

}  // namespace edgetwin
