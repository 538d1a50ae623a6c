#include "analysis/calibration/holdout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "sim/core/user_error.h"

namespace edgetwin::calib {
namespace {

std::string value_text(const FittableParam& p, double si) {
    const Json v = param_json_value(p.decl, si);
    if (v.is_string()) return v.get<std::string>();
    char b[32];
    std::snprintf(b, sizeof b, "%.4g", si);
    return b;
}

double mape_of(const std::vector<HoldoutRow>& rows, bool after) {
    double s = 0;
    int n = 0;
    for (const auto& r : rows) {
        if (r.train) continue;
        s += std::fabs((after ? r.after : r.before) / r.obs.value - 1.0);
        ++n;
    }
    return n > 0 ? s / n : 0.0;
}

}  // namespace

HoldoutResult holdout_calibrate(const std::vector<Observation>& obs, const std::vector<std::string>& train_ids,
                                FitOptions opt) {
    if (obs.empty()) throw UserError("calibration", "", "no observations");
    std::set<std::string> train(train_ids.begin(), train_ids.end());
    for (const auto& id : train) {
        bool found = false;
        for (const auto& o : obs) found |= o.id == id;
        if (!found) throw UserError("command line", "--train-ids", "no observation has id '" + id + "'");
    }
    opt.auto_select = true;
    opt.leave_one_out = false;

    HoldoutResult res;
    for (const auto& o : obs) {
        if (o.platform.empty())
            throw UserError(o.source, "platform", "observation names no platform (give --platform or a 'platform' column)");
        HoldoutRow row;
        row.obs = o;
        row.train = !o.id.empty() && train.count(o.id) > 0;
        row.before = predict(observation_point(o), o.metric);
        row.after = row.before;
        res.rows.push_back(row);
    }
    // One fit per (platform, runtime), in order of first appearance.
    std::vector<std::pair<std::string, std::string>> keys;
    for (const auto& o : obs) {
        const auto k = std::make_pair(o.platform, o.runtime);
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
    for (const auto& [platform, runtime] : keys) {
        HoldoutGroup g;
        g.platform = platform;
        g.runtime = runtime.empty() ? "(preset default)" : runtime;
        std::vector<Observation> fit_obs;
        std::vector<std::size_t> members;
        for (std::size_t i = 0; i < res.rows.size(); ++i) {
            const Observation& o = res.rows[i].obs;
            if (o.platform != platform || o.runtime != runtime) continue;
            members.push_back(i);
            if (res.rows[i].train) fit_obs.push_back(o);
        }
        g.n_train = static_cast<int>(fit_obs.size());
        g.n_held = static_cast<int>(members.size()) - g.n_train;
        if (fit_obs.empty()) {
            g.note = "no training rows: preset values kept";
        } else {
            try {
                const CalibrationResult c = calibrate(fit_obs, opt);
                g.params = c.params;
                std::vector<FittableParam> ps;
                std::vector<double> values;
                for (const auto& p : c.params) {
                    ps.push_back(p.param);
                    values.push_back(p.after);
                }
                for (std::size_t i : members) {
                    HoldoutRow& row = res.rows[i];
                    row.after = predict(with_values(observation_point(row.obs), ps, values), row.obs.metric);
                }
                for (const auto& p : c.not_selected) g.note += (g.note.empty() ? "left at preset: " : ", ") + p.path;
            } catch (const UserError& e) {
                g.note = std::string("fit refused, preset values kept: ") + e.detail();
            }
        }
        res.groups.push_back(g);
    }
    for (const auto& r : res.rows) res.n_held += !r.train;
    res.mape_before = mape_of(res.rows, false);
    res.mape_after = mape_of(res.rows, true);
    return res;
}

void print_holdout_table(std::ostream& os, const HoldoutResult& r) {
    char b[512];
    os << "held-out calibration: " << r.rows.size() - static_cast<std::size_t>(r.n_held) << " training rows, " << r.n_held
       << " held-out rows, " << r.groups.size() << " platform+runtime groups fitted separately\n";
    for (const auto& g : r.groups) {
        os << "  " << g.platform << " + " << g.runtime << ": " << g.n_train << " train / " << g.n_held << " held out\n";
        for (const auto& p : g.params)
            os << "    " << p.param.path << ": " << value_text(p.param, p.before) << " -> "
               << value_text(p.param, p.after) << "  95% CI [" << value_text(p.param, p.ci_lo) << ", "
               << value_text(p.param, p.ci_hi) << "]" << (p.at_bound ? "  (at its fit bound)" : "") << "\n";
        if (!g.note.empty()) os << "    (" << g.note << ")\n";
    }
    auto id_of = [](const HoldoutRow& row) { return row.obs.id.empty() ? row.obs.source : row.obs.id; };
    int id_width = 6;  // the column fits the longest id (ids are free text in the generic CSV)
    for (const auto& row : r.rows) id_width = std::max(id_width, static_cast<int>(std::min<std::size_t>(id_of(row).size(), 40)));
    std::snprintf(b, sizeof b, "  %-*s %-5s %-26s %-14s %10s %10s %10s %8s %8s\n", id_width, "id", "half", "platform",
                  "metric", "measured", "before", "after", "err_bef", "err_aft");
    os << b;
    for (const auto& row : r.rows) {
        const std::string id = id_of(row);
        std::snprintf(b, sizeof b, "  %-*s %-5s %-26s %-14s %10.4g %10.4g %10.4g %+7.1f%% %+7.1f%%\n", id_width, id.c_str(),
                      row.train ? "train" : "held", row.obs.platform.c_str(), row.obs.metric.c_str(), row.obs.value,
                      row.before, row.after, 100 * (row.before / row.obs.value - 1),
                      100 * (row.after / row.obs.value - 1));
        os << b;
    }
    std::snprintf(b, sizeof b, "  held-out MAPE before %.1f%%, after %.1f%% (%d rows)\n", 100 * r.mape_before,
                  100 * r.mape_after, r.n_held);
    os << b;
}

}  // namespace edgetwin::calib
