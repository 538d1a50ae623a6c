#include "analysis/validation/transfer.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "analysis/calibration/fit.h"
#include "sim/core/user_error.h"

namespace edgetwin::validation {
namespace {

std::string key_of(const ScoredRow& r, HoldOut what) {
    return what == HoldOut::Board ? r.row.obs.platform : r.row.obs.model;
}

}  // namespace

std::vector<TransferRow> leave_one_out_transfer(const Scorecard& sc, HoldOut what) {
    std::set<std::string> runtimes;
    for (const auto& r : sc.rows) runtimes.insert(r.row.obs.runtime);
    std::vector<TransferRow> out;
    for (const auto& runtime : runtimes) {
        std::set<std::string> held_keys, all_keys;
        for (const auto& r : sc.rows) {
            if (r.row.obs.runtime != runtime || !r.predicted_ok()) continue;
            all_keys.insert(key_of(r, what));
            if (r.row.test) held_keys.insert(key_of(r, what));
        }
        if (all_keys.size() < 2) continue;  // nothing else to learn from
        for (const auto& key : held_keys) {
            TransferRow t;
            t.runtime = runtime;
            t.held_out = key;
            std::vector<calib::Observation> fit_obs;
            std::vector<const ScoredRow*> test;
            for (const auto& r : sc.rows) {
                if (r.row.obs.runtime != runtime || !r.predicted_ok()) continue;
                if (key_of(r, what) == key) {
                    if (r.row.test) test.push_back(&r);
                } else if (!r.row.test) {
                    fit_obs.push_back(r.row.obs);
                }
            }
            t.n_fit = static_cast<int>(fit_obs.size());
            t.n_test = static_cast<int>(test.size());
            std::vector<FittableParam> params;
            std::vector<double> values;
            if (fit_obs.size() < 2) {
                t.note = "fewer than 2 train rows elsewhere: presets kept";
            } else {
                calib::FitOptions opt;
                opt.auto_select = true;
                opt.leave_one_out = false;
                opt.across_platforms = true;
                opt.max_evaluations = 60;
                try {
                    const calib::CalibrationResult c = calib::calibrate(fit_obs, opt);
                    for (const auto& p : c.params) {
                        params.push_back(p.param);
                        values.push_back(p.after);
                        char b[160];
                        std::snprintf(b, sizeof b, "%s: %.4g -> %.4g", p.param.path.c_str(), p.before, p.after);
                        t.fitted.push_back(b);
                    }
                } catch (const UserError& e) {
                    t.note = "fit refused, presets kept: " + e.detail();
                }
            }
            for (const ScoredRow* r : test) {
                double after = r->predicted;
                if (!params.empty())
                    after = calib::predict(calib::with_values(calib::observation_point(r->row.obs), params, values),
                                           r->row.obs.metric);
                t.mape_before += std::fabs(r->error()) / t.n_test;
                t.mape_after += std::fabs(after / r->row.obs.value - 1.0) / t.n_test;
            }
            out.push_back(t);
        }
    }
    return out;
}

}  // namespace edgetwin::validation
