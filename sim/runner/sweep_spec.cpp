#include "sim/runner/sweep_spec.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <sstream>

#include "sim/core/input_file.h"
#include "sim/core/params.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

struct Axis {
    std::string path;
    std::vector<Json> values;  // list axis
    bool is_range = false;     // {"min", "max"[, "log"]}
    double lo = 0, hi = 0;
    bool log = false;
    std::string unit_suffix;  // range given with a unit: values are written back as "<x><unit>"
};

const ParamSchema& sweep_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("scenario.sweep", "Design-space sweep (edgetwin sweep)")
            .add(choice("mode", {"grid", "zip", "random", "lhs"}, "How axes combine").def("grid"))
            .add(integer("samples", "Points drawn by random/lhs").def(0).range(0, kMaxSweepPoints))
            .add(integer("seed", "Seed of random/lhs sampling").def(1).range(0, 1LL << 62)));
    return s;
}
[[maybe_unused]] const ParamSchema& kSweepSchemaRegistered = sweep_schema();

std::string grid_size_text(long double points) {
    char buf[32];
    std::snprintf(buf, sizeof buf, points < 1e15L ? "%.0Lf" : "%.3Le", points);
    return buf;
}

// "80MHz" -> (80, "MHz"); "0.5" -> (0.5, "").
std::pair<double, std::string> split_number(const Json& v, const std::string& file, const std::string& key) {
    if (v.is_number()) return {v.get<double>(), ""};
    if (!v.is_string()) throw UserError(file, key, "expected a number or a unit-bearing value, got " + brief(v.dump()));
    const std::string t = v.get<std::string>();
    std::size_t used = 0;
    double x = 0;
    try {
        x = std::stod(t, &used);
    } catch (const std::exception&) {
        throw UserError(file, key, "'" + t + "' does not start with a number");
    }
    std::string unit = t.substr(used);
    if (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
    return {x, unit};
}

std::vector<Axis> read_axes(const Json& axes, const std::string& file) {
    if (!axes.is_object() || axes.empty())
        throw UserError(file, "sweep.axes", "expected an object of \"scenario.key\": [values] or {\"min\", \"max\"}");
    std::vector<Axis> out;
    for (auto it = axes.begin(); it != axes.end(); ++it) {
        const std::string key = "sweep.axes." + it.key();
        Axis a;
        a.path = it.key();
        if (it->is_array()) {
            if (it->empty()) throw UserError(file, key, "an axis needs at least one value");
            a.values = it->get<std::vector<Json>>();
        } else if (it->is_object()) {
            reject_unknown_keys(*it, {"min", "max", "log"}, file, key);
            auto [lo, u1] = split_number(require_field(*it, "min", file, key), file, key + ".min");
            auto [hi, u2] = split_number(require_field(*it, "max", file, key), file, key + ".max");
            if (u1 != u2) throw UserError(file, key, "min and max must use the same unit ('" + u1 + "' vs '" + u2 + "')");
            if (!(lo <= hi)) throw UserError(file, key, "min must not exceed max");
            a.is_range = true;
            a.lo = lo;
            a.hi = hi;
            a.unit_suffix = u1;
            if (it->contains("log") && !(*it)["log"].is_boolean())
                throw UserError(file, key + ".log", "expected true or false, got " + brief((*it)["log"].dump()));
            a.log = it->contains("log") && (*it)["log"].get<bool>();
            if (a.log && lo <= 0) throw UserError(file, key + ".log", "a log range needs min > 0");
        } else {
            throw UserError(file, key, "expected a list of values or {\"min\", \"max\"}");
        }
        out.push_back(std::move(a));
    }
    return out;
}

// Value of a range axis at u in [0, 1).
Json range_value(const Axis& a, double u) {
    const double x = a.log ? std::exp(std::log(a.lo) + u * (std::log(a.hi) - std::log(a.lo))) : a.lo + u * (a.hi - a.lo);
    if (a.unit_suffix.empty()) return x;
    std::ostringstream os;
    os.precision(10);
    os << x << a.unit_suffix;
    return os.str();
}

// --- constraints --------------------------------------------------------------------------------

const Json* find_path(const Json& scenario, const std::string& path) {
    for (const char* prefix : {"hardware.set.", "runtime.set."}) {
        const std::string p(prefix);
        if (path.rfind(p, 0) == 0) {
            const Json* section = find_path(scenario, p.substr(0, p.size() - 5));
            if (!section || !section->contains("set")) return nullptr;
            auto it = (*section)["set"].find(path.substr(p.size()));
            return it == (*section)["set"].end() ? nullptr : &*it;
        }
    }
    const Json* node = &scenario;
    std::stringstream ss(path);
    std::string part;
    while (std::getline(ss, part, '.')) {
        if (!node->is_object() || !node->contains(part)) return nullptr;
        node = &(*node)[part];
    }
    return node;
}

// A side of a constraint: a sum of terms, each a key path or a literal.
Json eval_side(const Json& scenario, const std::string& text, const std::string& file, const std::string& key) {
    std::vector<std::string> terms;
    std::stringstream ss(text);
    std::string t;
    while (std::getline(ss, t, '+')) {
        t.erase(0, t.find_first_not_of(' '));
        t.erase(t.find_last_not_of(' ') + 1);
        terms.push_back(t);
    }
    if (terms.size() == 1) {
        if (const Json* v = find_path(scenario, terms[0])) return *v;
        const bool quoted = terms[0].size() >= 2 && terms[0].front() == '\'' && terms[0].back() == '\'';
        if (quoted) return terms[0].substr(1, terms[0].size() - 2);
        try {
            std::size_t used = 0;
            const double x = std::stod(terms[0], &used);
            if (used == terms[0].size()) return x;
        } catch (const std::exception&) {
        }
        return terms[0];  // a unit-bearing literal such as 240MHz, compared numerically below
    }
    double sum = 0;
    for (const auto& term : terms) {
        const Json* v = find_path(scenario, term);
        sum += split_number(v ? *v : Json(term), file, key).first;
    }
    return sum;
}

bool compare(const Json& a, const Json& b, const std::string& op, const std::string& file, const std::string& key) {
    const bool numeric = a.is_number() || b.is_number() ||
                         (a.is_string() && b.is_string() && std::isdigit(static_cast<unsigned char>(a.get<std::string>()[0])) &&
                          std::isdigit(static_cast<unsigned char>(b.get<std::string>()[0])));
    if (!numeric) {
        if (op == "==") return a == b;
        if (op == "!=") return a != b;
        throw UserError(file, key, "operator " + op + " needs numbers on both sides");
    }
    auto [x, ux] = split_number(a, file, key);
    auto [y, uy] = split_number(b, file, key);
    // Same dimension, different prefixes ("80MHz" vs "0.2GHz") compare in SI.
    for (Dimension d : {Dimension::Frequency, Dimension::Bytes, Dimension::Bandwidth, Dimension::Time, Dimension::Power,
                        Dimension::Energy, Dimension::Temperature}) {
        if (ux.empty() || uy.empty()) break;
        UnitParse px = parse_quantity(a.get<std::string>(), d), py = parse_quantity(b.get<std::string>(), d);
        if (px.ok && py.ok) {
            x = px.value_si;
            y = py.value_si;
            break;
        }
    }
    if (op == "<") return x < y;
    if (op == "<=") return x <= y;
    if (op == ">") return x > y;
    if (op == ">=") return x >= y;
    if (op == "==") return x == y;
    return x != y;
}

struct Constraint {
    std::string text, lhs, op, rhs;
};

std::vector<Constraint> read_constraints(const Json& sweep, const std::string& file) {
    std::vector<Constraint> out;
    if (!sweep.contains("constraints")) return out;
    const Json& list = sweep["constraints"];
    if (!list.is_array()) throw UserError(file, "sweep.constraints", "expected a list of \"<lhs> <op> <rhs>\" strings");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string key = "sweep.constraints[" + std::to_string(i) + "]";
        if (!list[i].is_string()) throw UserError(file, key, "expected a string such as \"workload.n_gen <= 256\"");
        const std::string c = list[i].get<std::string>();
        bool found = false;
        for (const char* op : {"<=", ">=", "==", "!=", "<", ">"}) {
            const auto pos = c.find(op);
            if (pos == std::string::npos) continue;
            out.push_back({c, c.substr(0, pos), op, c.substr(pos + std::string(op).size())});
            found = true;
            break;
        }
        if (!found) throw UserError(file, key, "no comparison operator in '" + c + "' (allowed: < <= > >= == !=)");
    }
    return out;
}

}  // namespace

void set_scenario_key(Json& scenario, const std::string& path, const Json& value, const std::string& file,
                      const std::string& key) {
    for (const char* section : {"hardware", "runtime"}) {
        const std::string prefix = std::string(section) + ".set.";
        if (path.rfind(prefix, 0) == 0) {
            Json& sec = scenario[section];
            if (!sec.is_object() || (sec.contains("set") && !sec["set"].is_object()))
                throw UserError(file, key, std::string(section) + (sec.is_object() ? ".set" : "") + " is not an object in the scenario");
            sec["set"][path.substr(prefix.size())] = value;
            return;
        }
    }
    static const std::vector<std::string> sections{"workload", "hardware", "runtime", "run", "alerts", "outputs"};
    const auto dot = path.find('.');
    if (dot == std::string::npos || std::find(sections.begin(), sections.end(), path.substr(0, dot)) == sections.end())
        throw UserError(file, key, "axis key must start with a scenario section (workload, hardware, runtime, run, "
                                   "alerts, outputs), e.g. \"hardware.freq\"");
    Json* node = &scenario;
    std::stringstream ss(path);
    std::string part;
    std::vector<std::string> parts;
    while (std::getline(ss, part, '.')) parts.push_back(part);
    std::string walked;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        walked = join_key(walked, parts[i]);
        node = &(*node)[parts[i]];
        if (!node->is_null() && !node->is_object())
            throw UserError(file, key, "'" + brief(walked) + "' holds " + brief(node->dump()) + ", not an object with keys");
    }
    (*node)[parts.back()] = value;
}

ExpandedSweep expand_sweep(const Json& scenario, const std::string& file) {
    const Json& sweep = require_field(scenario, "sweep", file, "");
    ParamValues v = sweep_schema().read(sweep, file, "sweep", {"axes", "constraints"});
    const std::vector<Axis> axes = read_axes(require_field(sweep, "axes", file, "sweep"), file);
    const std::vector<Constraint> constraints = read_constraints(sweep, file);
    const std::string mode = v.str("mode");
    Json base = scenario;
    base.erase("sweep");

    // Each combination as one chosen value per axis.
    std::vector<std::vector<Json>> combos;
    if (mode == "grid" || mode == "zip") {
        for (const auto& a : axes)
            if (a.is_range) throw UserError(file, "sweep.axes." + a.path, "ranges need mode random or lhs; list values for " + mode);
        if (mode == "grid") {
            // The product is checked before anything is expanded: a grid of three 1,000-value axes
            // would otherwise fill memory before the first point runs.
            long double total = 1;
            for (const auto& a : axes) total *= static_cast<long double>(a.values.size());
            if (total > static_cast<long double>(kMaxSweepPoints))
                throw UserError(file, "sweep.axes", "the grid has " + grid_size_text(total) +
                                                        " points, more than the " + std::to_string(kMaxSweepPoints) +
                                                        " allowed in one sweep (split it, or use mode random/lhs with samples)");
            combos.emplace_back();
            for (const auto& a : axes) {
                std::vector<std::vector<Json>> next;
                for (const auto& partial : combos)
                    for (const auto& value : a.values) {
                        next.push_back(partial);
                        next.back().push_back(value);
                    }
                combos.swap(next);
            }
        } else {
            const std::size_t n = axes.front().values.size();
            for (const auto& a : axes)
                if (a.values.size() != n)
                    throw UserError(file, "sweep.axes." + a.path, "zip needs axes of equal length (" +
                                                                      std::to_string(a.values.size()) + " vs " + std::to_string(n) + ")");
            for (std::size_t i = 0; i < n; ++i) {
                combos.emplace_back();
                for (const auto& a : axes) combos.back().push_back(a.values[i]);
            }
        }
    } else {
        const long long n = v.integer("samples");
        if (n < 1) throw UserError(file, "sweep.samples", "random and lhs sweeps need samples >= 1");
        std::mt19937_64 rng(static_cast<std::uint64_t>(v.integer("seed")));
        std::uniform_real_distribution<double> u01(0.0, 1.0);
        // LHS: per axis a random permutation of n strata, one sample per stratum.
        std::vector<std::vector<long long>> strata(axes.size());
        if (mode == "lhs")
            for (auto& s : strata) {
                s.resize(n);
                std::iota(s.begin(), s.end(), 0);
                std::shuffle(s.begin(), s.end(), rng);
            }
        for (long long i = 0; i < n; ++i) {
            combos.emplace_back();
            for (std::size_t k = 0; k < axes.size(); ++k) {
                const double u = mode == "lhs" ? (static_cast<double>(strata[k][i]) + u01(rng)) / static_cast<double>(n) : u01(rng);
                const Axis& a = axes[k];
                if (a.is_range) {
                    combos.back().push_back(range_value(a, u));
                } else {
                    const auto idx = std::min(a.values.size() - 1, static_cast<std::size_t>(u * a.values.size()));
                    combos.back().push_back(a.values[idx]);
                }
            }
        }
    }

    ExpandedSweep out;
    out.generated = combos.size();
    for (const auto& combo : combos) {
        Json point = base;
        for (std::size_t k = 0; k < axes.size(); ++k)
            set_scenario_key(point, axes[k].path, combo[k], file, "sweep.axes." + axes[k].path);
        bool keep = true;
        for (std::size_t c = 0; c < constraints.size() && keep; ++c) {
            const std::string key = "sweep.constraints[" + std::to_string(c) + "]";
            const Constraint& k = constraints[c];
            if (!compare(eval_side(point, k.lhs, file, key), eval_side(point, k.rhs, file, key), k.op, file, key)) {
                ++out.dropped[k.text];
                keep = false;
            }
        }
        if (!keep) continue;
        for (std::size_t k = 0; k < axes.size(); ++k)
            out.first_point_with_value[axes[k].path].emplace(combo[k].dump(), out.points.size());
        out.points.push_back(std::move(point));
    }
    return out;
}

}  // namespace edgetwin
