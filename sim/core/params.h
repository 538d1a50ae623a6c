#pragma once
// Declared parameters: every component declares each parameter once (name, type, unit, default or
// required, range, one-line description, and for fittable ones the bounds calibration may move it
// within). Reading a JSON object through a schema validates it; `edgetwin list params` prints it.
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/json_io.h"
#include "sim/core/units.h"

namespace edgetwin {

enum class ParamKind { Quantity, Integer, Real, Bool, String, Choice, RealMap };

struct FitBounds {
    double lo = 0.0;  // SI, inclusive; calibration fits in log space within [lo, hi]
    double hi = 0.0;
};

struct ParamDecl {
    std::string name;
    ParamKind kind = ParamKind::Real;
    Dimension dim = Dimension::Dimensionless;
    std::string description;
    bool is_required = false;
    Json default_value;  // JSON as a user would write it ("240MHz"); null = none
    double min = -1e300, max = 1e300;  // SI, inclusive
    std::vector<std::string> choices;  // Choice values, or allowed RealMap keys (empty = any key)
    std::optional<FitBounds> fit;
    std::string source;  // citation for the default value

    ParamDecl& required() {
        is_required = true;
        return *this;
    }
    ParamDecl& def(Json v) {
        default_value = std::move(v);
        return *this;
    }
    ParamDecl& range(double lo, double hi) {
        min = lo;
        max = hi;
        return *this;
    }
    ParamDecl& fittable(double lo, double hi) {
        fit = FitBounds{lo, hi};
        return *this;
    }
    ParamDecl& cite(std::string s) {
        source = std::move(s);
        return *this;
    }
    std::string type_text() const;  // "frequency [Hz]", "integer", "one of a|b"
};

ParamDecl quantity(std::string name, Dimension dim, std::string description);
ParamDecl integer(std::string name, std::string description);
ParamDecl real(std::string name, std::string description);
ParamDecl boolean(std::string name, std::string description);
ParamDecl text(std::string name, std::string description);
ParamDecl choice(std::string name, std::vector<std::string> choices, std::string description);
ParamDecl real_map(std::string name, std::string description, std::vector<std::string> keys = {});

// Values read through a schema, numbers in SI units.
class ParamValues {
public:
    double num(const std::string& name) const;
    long long integer(const std::string& name) const;
    bool flag(const std::string& name) const;
    const std::string& str(const std::string& name) const;
    const std::map<std::string, double>& map(const std::string& name) const;
    bool has(const std::string& name) const;

    std::map<std::string, double> numbers;
    std::map<std::string, std::string> strings;
    std::map<std::string, std::map<std::string, double>> maps;
};

class ParamSchema {
public:
    ParamSchema(std::string component, std::string description);
    ParamSchema& add(const ParamDecl& decl);

    // Validates `obj` (unknown keys, missing required, wrong type/unit, out of range) and fills
    // defaults. `extra_keys` are keys handled by the caller (sub-objects) and not errors here.
    ParamValues read(const Json& obj, const std::string& file, const std::string& path,
                     const std::vector<std::string>& extra_keys = {}) const;

    const std::string& component() const { return component_; }
    const std::string& description() const { return description_; }
    const std::vector<ParamDecl>& decls() const { return decls_; }
    const ParamDecl* find(const std::string& name) const;

private:
    std::string component_, description_;
    std::vector<ParamDecl> decls_;
};

// Every schema that components register, for `edgetwin list params` and the calibrator.
class ParamRegistry {
public:
    static ParamRegistry& instance();
    // Registers once per component name; returns the stored schema.
    const ParamSchema& add(ParamSchema schema);
    const std::deque<ParamSchema>& all() const { return schemas_; }
    const ParamSchema* find(const std::string& component) const;

private:
    std::deque<ParamSchema> schemas_;  // deque: add() hands out stable references
};

}  // namespace edgetwin
