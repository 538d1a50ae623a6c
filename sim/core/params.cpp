#include "sim/core/params.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "sim/core/input_file.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

ParamDecl make(std::string name, ParamKind kind, Dimension dim, std::string description) {
    ParamDecl d;
    d.name = std::move(name);
    d.kind = kind;
    d.dim = dim;
    d.description = std::move(description);
    return d;
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

std::string range_text(const ParamDecl& d) {
    std::ostringstream os;
    auto fmt = [&](double v) {
        return d.kind == ParamKind::Quantity ? format_quantity(v, d.dim) : [&] {
            std::ostringstream o;
            o << std::setprecision(15) << v;
            return o.str();
        }();
    };
    os << "[" << fmt(d.min) << ", " << fmt(d.max) << "]";
    return os.str();
}

double read_number(const ParamDecl& d, const Json& v, const std::string& file, const std::string& key) {
    double value = 0;
    if (d.kind == ParamKind::Quantity && d.dim != Dimension::Dimensionless) {
        if (!v.is_string())
            throw UserError(file, key, "expected a " + std::string(dimension_name(d.dim)) + " with a unit such as \"" +
                                           format_quantity(d.min > 0 && d.min < 1e299 ? d.min : 1.0, d.dim) +
                                           "\", got " + brief(v.dump()));
        UnitParse p = parse_quantity(v.get<std::string>(), d.dim);
        if (!p.ok) throw UserError(file, key, p.error);
        value = p.value_si;
    } else if (d.kind == ParamKind::Integer) {
        if (!v.is_number_integer()) throw UserError(file, key, "expected an integer, got " + brief(v.dump()));
        value = static_cast<double>(v.get<long long>());
    } else {
        if (v.is_number()) {
            value = v.get<double>();
        } else if (v.is_string()) {
            UnitParse p = parse_quantity(v.get<std::string>(), Dimension::Dimensionless);
            if (!p.ok) throw UserError(file, key, p.error);
            value = p.value_si;
        } else {
            throw UserError(file, key, "expected a number, got " + brief(v.dump()));
        }
    }
    if (!(value >= d.min && value <= d.max))
        throw UserError(file, key, "value " + brief(v.dump()) + " is out of range; allowed " + range_text(d));
    return value;
}

}  // namespace

ParamDecl quantity(std::string name, Dimension dim, std::string description) {
    return make(std::move(name), ParamKind::Quantity, dim, std::move(description));
}
ParamDecl integer(std::string name, std::string description) {
    return make(std::move(name), ParamKind::Integer, Dimension::Dimensionless, std::move(description));
}
ParamDecl real(std::string name, std::string description) {
    return make(std::move(name), ParamKind::Real, Dimension::Dimensionless, std::move(description));
}
ParamDecl boolean(std::string name, std::string description) {
    return make(std::move(name), ParamKind::Bool, Dimension::Dimensionless, std::move(description));
}
ParamDecl text(std::string name, std::string description) {
    return make(std::move(name), ParamKind::String, Dimension::Dimensionless, std::move(description));
}
ParamDecl choice(std::string name, std::vector<std::string> choices, std::string description) {
    ParamDecl d = make(std::move(name), ParamKind::Choice, Dimension::Dimensionless, std::move(description));
    d.choices = std::move(choices);
    return d;
}
ParamDecl real_map(std::string name, std::string description, std::vector<std::string> keys) {
    ParamDecl d = make(std::move(name), ParamKind::RealMap, Dimension::Dimensionless, std::move(description));
    d.choices = std::move(keys);
    return d;
}

std::string ParamDecl::type_text() const {
    switch (kind) {
        case ParamKind::Quantity: return std::string(dimension_name(dim)) + " [" + si_unit(dim) + "]";
        case ParamKind::Integer: return "integer";
        case ParamKind::Real: return "number";
        case ParamKind::Bool: return "bool";
        case ParamKind::String: return "string";
        case ParamKind::Choice: return "one of " + join(choices, "|");
        case ParamKind::RealMap: return choices.empty() ? "map name->number" : "map {" + join(choices, ",") + "}->number";
    }
    return "?";
}

double ParamValues::num(const std::string& name) const {
    auto it = numbers.find(name);
    if (it == numbers.end()) throw std::logic_error("parameter not read: " + name);
    return it->second;
}
long long ParamValues::integer(const std::string& name) const { return std::llround(num(name)); }
bool ParamValues::flag(const std::string& name) const { return num(name) != 0.0; }
const std::string& ParamValues::str(const std::string& name) const {
    auto it = strings.find(name);
    if (it == strings.end()) throw std::logic_error("parameter not read: " + name);
    return it->second;
}
const std::map<std::string, double>& ParamValues::map(const std::string& name) const {
    auto it = maps.find(name);
    if (it == maps.end()) throw std::logic_error("parameter not read: " + name);
    return it->second;
}
bool ParamValues::has(const std::string& name) const {
    return numbers.count(name) || strings.count(name) || maps.count(name);
}

ParamSchema::ParamSchema(std::string component, std::string description)
    : component_(std::move(component)), description_(std::move(description)) {}

ParamSchema& ParamSchema::add(const ParamDecl& decl) {
    if (find(decl.name)) throw std::logic_error(component_ + ": parameter declared twice: " + decl.name);
    decls_.push_back(decl);
    return *this;
}

const ParamDecl* ParamSchema::find(const std::string& name) const {
    for (const auto& d : decls_)
        if (d.name == name) return &d;
    return nullptr;
}

ParamValues ParamSchema::read(const Json& obj, const std::string& file, const std::string& path,
                              const std::vector<std::string>& extra_keys) const {
    if (!obj.is_object()) throw UserError(file, path, "expected an object (" + component_ + "), got " + brief(obj.dump()));
    std::vector<std::string> allowed = extra_keys;
    for (const auto& d : decls_) allowed.push_back(d.name);
    reject_unknown_keys(obj, allowed, file, path);

    ParamValues out;
    for (const auto& d : decls_) {
        const std::string key = join_key(path, d.name);
        const Json* v = nullptr;
        auto it = obj.find(d.name);
        if (it != obj.end()) {
            v = &*it;
        } else if (!d.default_value.is_null()) {
            v = &d.default_value;
        } else if (d.is_required) {
            throw UserError(file, key, "required " + d.type_text() + " is missing (" + d.description + ")");
        } else {
            continue;
        }
        switch (d.kind) {
            case ParamKind::Quantity:
            case ParamKind::Integer:
            case ParamKind::Real: out.numbers[d.name] = read_number(d, *v, file, key); break;
            case ParamKind::Bool:
                if (!v->is_boolean()) throw UserError(file, key, "expected true or false, got " + v->dump());
                out.numbers[d.name] = v->get<bool>() ? 1.0 : 0.0;
                break;
            case ParamKind::String:
                if (!v->is_string()) throw UserError(file, key, "expected a string, got " + v->dump());
                out.strings[d.name] = v->get<std::string>();
                break;
            case ParamKind::Choice: {
                if (!v->is_string() ||
                    std::find(d.choices.begin(), d.choices.end(), v->get<std::string>()) == d.choices.end())
                    throw UserError(file, key, brief(v->dump()) + " is not allowed (allowed: " + join(d.choices) + ")");
                out.strings[d.name] = v->get<std::string>();
                break;
            }
            case ParamKind::RealMap: {
                if (!v->is_object()) throw UserError(file, key, "expected an object of numbers, got " + brief(v->dump()));
                if (!d.choices.empty()) reject_unknown_keys(*v, d.choices, file, key);
                auto& m = out.maps[d.name];
                for (auto e = v->begin(); e != v->end(); ++e) m[e.key()] = read_number(d, e.value(), file, join_key(key, e.key()));
                break;
            }
        }
    }
    return out;
}

ParamRegistry& ParamRegistry::instance() {
    static ParamRegistry registry;
    return registry;
}

const ParamSchema& ParamRegistry::add(ParamSchema schema) {
    for (const auto& s : schemas_)
        if (s.component() == schema.component()) return s;
    schemas_.push_back(std::move(schema));
    return schemas_.back();
}

const ParamSchema* ParamRegistry::find(const std::string& component) const {
    for (const auto& s : schemas_)
        if (s.component() == component) return &s;
    return nullptr;
}

}  // namespace edgetwin
