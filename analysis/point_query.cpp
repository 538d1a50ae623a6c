#include "analysis/point_query.h"

#include <cmath>
#include <functional>
#include <map>

#include "sim/core/input_file.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

using Getter = std::function<double(const PointRow&)>;

const std::map<std::string, Getter>& getters() {
    static const std::map<std::string, Getter> g{
        {"n_prompt", [](const PointRow& r) { return r.n_prompt; }},
        {"n_gen", [](const PointRow& r) { return r.n_gen; }},
        {"batch", [](const PointRow& r) { return r.batch; }},
        {"ctx", [](const PointRow& r) { return r.ctx; }},
        {"threads", [](const PointRow& r) { return r.threads; }},
        {"clock_hz", [](const PointRow& r) { return r.clock_hz; }},
        {"cpu_clock_hz", [](const PointRow& r) { return r.cpu_clock_hz; }},
        {"gpu_clock_hz", [](const PointRow& r) { return r.gpu_clock_hz; }},
        {"ttft_s", [](const PointRow& r) { return r.ttft_s; }},
        {"prefill_tok_s", [](const PointRow& r) { return r.prefill_tok_s; }},
        {"decode_tok_s", [](const PointRow& r) { return r.decode_tok_s; }},
        {"latency_p50_s", [](const PointRow& r) { return r.latency_p50_s; }},
        {"latency_p95_s", [](const PointRow& r) { return r.latency_p95_s; }},
        {"latency_p99_s", [](const PointRow& r) { return r.latency_p99_s; }},
        {"total_s", [](const PointRow& r) { return r.total_s; }},
        {"energy_J", [](const PointRow& r) { return r.energy_J; }},
        {"energy_per_token_J", [](const PointRow& r) { return r.energy_per_token_J; }},
        {"avg_power_W", [](const PointRow& r) { return r.avg_power_W; }},
        {"peak_temperature_C", [](const PointRow& r) { return r.peak_temperature_C; }},
        {"peak_memory_B", [](const PointRow& r) { return r.peak_memory_B; }},
        {"sim_wall_s", [](const PointRow& r) { return r.sim_wall_s; }},
    };
    return g;
}

std::string names() {
    std::string s;
    for (const auto& [k, v] : getters()) s += (s.empty() ? "" : ", ") + k;
    return s;
}

}  // namespace

std::vector<std::string> numeric_point_columns() {
    std::vector<std::string> out;
    for (const auto& [k, v] : getters()) out.push_back(k);
    return out;
}

double point_value(const PointRow& row, const std::string& column) {
    auto it = getters().find(column);
    if (it == getters().end())
        throw UserError("command line", column, "unknown /points column (numeric columns: " + names() + ")");
    return it->second(row);
}

bool point_matches(const PointRow& row, const std::string& filter) {
    for (const char* op : {"<=", ">=", "==", "!=", "<", ">"}) {
        const auto pos = filter.find(op);
        if (pos == std::string::npos) continue;
        const std::string col = filter.substr(0, pos), rhs = filter.substr(pos + std::string(op).size());
        const std::string o = op;
        if (col == "status" || col == "fits") {
            const std::string want = col == "fits" ? (rhs == "true" ? "ok" : "error") : rhs;
            if (o == "==") return row.status == want;
            if (o == "!=") return row.status != want;
            throw UserError("command line", filter, "status/fits compare with == or != only");
        }
        if (row.status != "ok") return false;
        double v = 0;
        std::size_t used = 0;
        try {
            v = std::stod(rhs, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        // NaN compares false with everything: a filter with it would silently keep or drop every row.
        if (used == 0 || used != rhs.size() || !std::isfinite(v))
            throw UserError("command line", "--filter", "'" + brief(filter) + "': '" + brief(rhs) + "' is not a finite number");
        const double x = point_value(row, col);
        if (o == "<") return x < v;
        if (o == "<=") return x <= v;
        if (o == ">") return x > v;
        if (o == ">=") return x >= v;
        if (o == "==") return x == v;
        return x != v;
    }
    throw UserError("command line", filter, "no comparison operator (allowed: < <= > >= == !=)");
}

std::vector<Objective> parse_objectives(const std::string& spec) {
    std::vector<Objective> out;
    std::size_t start = 0;
    while (start <= spec.size()) {
        const auto comma = spec.find(',', start);
        const std::string item = spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const auto colon = item.find(':');
        const std::string dir = colon == std::string::npos ? "" : item.substr(colon + 1);
        if (dir != "max" && dir != "min")
            throw UserError("command line", "--pareto", "'" + item + "' is not column:max or column:min");
        out.push_back({item.substr(0, colon), dir == "max"});
        point_value(PointRow{}, out.back().column);  // validates the name
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (out.size() < 2) throw UserError("command line", "--pareto", "needs at least two objectives");
    return out;
}

std::vector<std::size_t> pareto_front(const std::vector<PointRow>& rows, const std::vector<Objective>& objectives) {
    // Oriented so that larger is better for every objective.
    std::vector<std::vector<double>> v(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (const auto& o : objectives) v[i].push_back((o.maximize ? 1 : -1) * point_value(rows[i], o.column));
    std::vector<std::size_t> front;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        bool dominated = false;
        for (std::size_t j = 0; j < rows.size() && !dominated; ++j) {
            if (j == i) continue;
            bool all_ge = true, one_gt = false;
            for (std::size_t k = 0; k < objectives.size(); ++k) {
                all_ge &= v[j][k] >= v[i][k];
                one_gt |= v[j][k] > v[i][k];
            }
            dominated = all_ge && one_gt;
        }
        if (!dominated) front.push_back(i);
    }
    return front;
}

}  // namespace edgetwin
