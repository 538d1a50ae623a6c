#include "analysis/calibration/fit.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <Eigen/SVD>
#include <unsupported/Eigen/LevenbergMarquardt>  // not with NonLinearOptimization (build-notes pitfall 13)

#include "sim/core/user_error.h"
#include "sim/runner/simulate.h"

namespace edgetwin::calib {
namespace {

// Log-space box of one parameter. A zero lower bound has no logarithm: the box starts at hi*1e-4,
// far below anything a fit should reach (op_overhead: 0..1ms -> 100ns..1ms).
struct Box {
    double a, b;  // log bounds
};

Box box_of(const FittableParam& p) {
    const double hi = p.decl.fit->hi;
    const double lo = p.decl.fit->lo > 0 ? p.decl.fit->lo : hi * 1e-4;
    return {std::log(lo), std::log(hi)};
}

double clamp_inside(double u, const Box& b) {
    const double eps = (b.b - b.a) * 1e-6;
    return std::min(std::max(u, b.a + eps), b.b - eps);
}

// u = a + (b-a)·sigmoid(z): LM works on unbounded z, the model sees values inside the box.
double u_of_z(double z, const Box& b) { return b.a + (b.b - b.a) / (1.0 + std::exp(-z)); }
double z_of_u(double u, const Box& b) {
    const double f = (clamp_inside(u, b) - b.a) / (b.b - b.a);
    return std::log(f / (1.0 - f));
}

struct Problem {
    std::vector<DesignPoint> points;
    std::vector<Observation> obs;
    std::vector<FittableParam> params;
    std::vector<Box> boxes;
    std::vector<double> u0;  // prior centres (log of preset values)
    double prior_sigma = 1, rel_floor = 0.02;
    std::vector<bool> use;  // observations in the fit (LOO drops one)

    std::vector<double> si(const Eigen::VectorXd& u) const {
        std::vector<double> v(u.size());
        for (int j = 0; j < u.size(); ++j) v[j] = std::exp(u[j]);
        return v;
    }
    double predict_one(std::size_t i, const Eigen::VectorXd& u) const {
        return predict(with_values(points[i], params, si(u)), obs[i].metric);
    }
    double sigma(std::size_t i) const {
        return std::max(rel_floor, obs[i].value > 0 ? obs[i].uncertainty / obs[i].value : 0.0);
    }
    // Residuals in u (log) space: data rows of used observations, then one prior row per parameter.
    Eigen::VectorXd residuals(const Eigen::VectorXd& u) const {
        std::vector<double> r;
        for (std::size_t i = 0; i < obs.size(); ++i)
            if (use[i]) r.push_back(std::log(predict_one(i, u) / obs[i].value) / sigma(i));
        for (std::size_t j = 0; j < params.size(); ++j) r.push_back((u[j] - u0[j]) / prior_sigma);
        return Eigen::Map<Eigen::VectorXd>(r.data(), static_cast<Eigen::Index>(r.size()));
    }
    int n_used() const {
        int n = 0;
        for (bool b : use) n += b;
        return n;
    }
    // Central-difference Jacobian of residuals() in u; one-sided at a box edge, so a preset value at
    // its declared range limit is never stepped outside it.
    Eigen::MatrixXd jacobian_u(const Eigen::VectorXd& u) const {
        const Eigen::Index p = u.size();
        Eigen::MatrixXd J(n_used() + p, p);
        for (Eigen::Index j = 0; j < p; ++j) {
            const double h = 1e-3;
            const Box& b = boxes[static_cast<std::size_t>(j)];
            Eigen::VectorXd up = u, dn = u;
            const double eps = (b.b - b.a) * 1e-6;  // as clamp_inside: exp(log(hi)) may round above hi
            up[j] = std::min(u[j] + h, b.b - eps);
            dn[j] = std::max(u[j] - h, b.a + eps);
            J.col(j) = (residuals(up) - residuals(dn)) / (up[j] - dn[j]);
        }
        return J;
    }
};

struct LmFunctor : Eigen::DenseFunctor<double> {
    const Problem* pb;
    mutable int evaluations = 0;
    LmFunctor(const Problem* p, int n_in, int n_out) : DenseFunctor<double>(n_in, n_out), pb(p) {}
    Eigen::VectorXd u_of(const Eigen::VectorXd& z) const {
        Eigen::VectorXd u(z.size());
        for (int j = 0; j < z.size(); ++j) u[j] = u_of_z(z[j], pb->boxes[j]);
        return u;
    }
    int operator()(const InputType& z, ValueType& f) const {
        ++evaluations;
        f = pb->residuals(u_of(z));
        return 0;
    }
    int df(const InputType& z, JacobianType& J) const {
        ValueType f0;
        (*this)(z, f0);
        J.resize(f0.size(), z.size());
        for (int j = 0; j < z.size(); ++j) {
            InputType zp = z;
            const double h = 1e-4 * std::max(1.0, std::fabs(z[j]));
            zp[j] += h;
            ValueType f1;
            (*this)(zp, f1);
            J.col(j) = (f1 - f0) / h;
        }
        return 0;
    }
};

Eigen::VectorXd solve(const Problem& pb, const Eigen::VectorXd& u_start, int max_fev, int* evaluations) {
    Eigen::VectorXd z(u_start.size());
    for (int j = 0; j < z.size(); ++j) z[j] = z_of_u(u_start[j], pb.boxes[j]);
    LmFunctor f(&pb, static_cast<int>(z.size()), pb.n_used() + static_cast<int>(z.size()));
    Eigen::LevenbergMarquardt<LmFunctor> lm(f);
    lm.setMaxfev(max_fev);
    lm.minimize(z);
    if (evaluations) *evaluations = f.evaluations;
    return f.u_of(z);
}

double mape(const std::vector<double>& pred, const std::vector<Observation>& obs) {
    double s = 0;
    for (std::size_t i = 0; i < obs.size(); ++i) s += std::fabs(pred[i] / obs[i].value - 1.0);
    return obs.empty() ? 0.0 : s / static_cast<double>(obs.size());
}

std::string count_text(std::size_t n, const char* what) { return std::to_string(n) + " " + what; }

std::size_t rank_of(const Eigen::MatrixXd& J) {
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(J);
    svd.setThreshold(1e-6);
    return static_cast<std::size_t>(svd.rank());
}

// FitOptions::auto_select: keeps in `fit` (and `kept`, the columns of J0) the most sensitive
// parameters that raise the rank of the data Jacobian, at most one per observation.
void select_pinned(const Eigen::MatrixXd& J0, const Problem& all, Problem& fit, std::vector<Eigen::Index>& kept,
                   std::vector<FittableParam>& not_pinned) {
    std::vector<std::size_t> order(kept.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return J0.col(kept[a]).norm() > J0.col(kept[b]).norm();
    });
    std::vector<Eigen::Index> chosen;
    for (std::size_t k : order) {
        if (chosen.size() >= static_cast<std::size_t>(J0.rows())) break;
        Eigen::MatrixXd trial(J0.rows(), static_cast<Eigen::Index>(chosen.size() + 1));
        for (std::size_t c = 0; c < chosen.size(); ++c) trial.col(static_cast<Eigen::Index>(c)) = J0.col(chosen[c]);
        trial.col(static_cast<Eigen::Index>(chosen.size())) = J0.col(kept[k]);
        if (rank_of(trial) == chosen.size() + 1) chosen.push_back(kept[k]);
    }
    std::sort(chosen.begin(), chosen.end());
    fit.params.clear();
    fit.boxes.clear();
    fit.u0.clear();
    for (Eigen::Index j : kept) {
        const auto ju = static_cast<std::size_t>(j);
        if (std::find(chosen.begin(), chosen.end(), j) == chosen.end()) {
            not_pinned.push_back(all.params[ju]);
            continue;
        }
        fit.params.push_back(all.params[ju]);
        fit.boxes.push_back(all.boxes[ju]);
        fit.u0.push_back(all.u0[ju]);
    }
    kept = chosen;
}

}  // namespace

DesignPoint observation_point(const Observation& o) {
    ScenarioInputs in = default_scenario_inputs();
    in.file = o.source;
    const std::string cl = o.source;
    in.model = {o.model, cl, "model"};
    in.quant = {o.quant, cl, "quant"};
    in.platform = {o.platform, cl, "platform"};
    in.runtime = {o.runtime, cl, "runtime"};
    in.n_prompt = {o.n_prompt, cl, "n_prompt"};
    in.n_gen = {o.n_gen, cl, "n_gen"};
    if (o.threads) in.threads = Sourced<long long>{*o.threads, cl, "threads"};
    if (o.gpu_layers) in.gpu_layers = Sourced<long long>{*o.gpu_layers, cl, "gpu_layers"};
    if (o.power_mode) in.power_mode = Sourced<std::string>{*o.power_mode, cl, "power_mode"};
    DesignPoint p = resolve_design_point(in);
    // A setting the board refuses (power mode, threads, -ngl) is reported against the row that gave it.
    build_validated_platform(p, in);
    return p;
}

double predict(const DesignPoint& point, const std::string& metric) {
    const Summary s = simulate(point).summary;
    double v = 0;
    if (metric == "prefill_tok_s") v = s.prefill_tok_s;
    else if (metric == "decode_tok_s") v = s.decode_tok_s;
    else if (metric == "combined_tok_s") v = (s.prefill_s + s.decode_s) > 0 ? (point.workload.n_prompt + point.workload.n_gen) / (s.prefill_s + s.decode_s) : 0;
    else if (metric == "ttft_s") v = s.ttft_s;
    else if (metric == "prefill_s") v = s.prefill_s;
    else if (metric == "avg_power_W") v = s.avg_power_W;
    else if (metric == "energy_per_token_J") v = s.energy_per_token_J;
    else throw UserError(point.origin, "metric", "unknown metric '" + metric + "'");
    if (!(v > 0) || !std::isfinite(v))
        throw UserError(point.origin, "metric", metric + " is not positive for this workload (n_prompt " +
                                                    std::to_string(point.workload.n_prompt) + ", n_gen " +
                                                    std::to_string(point.workload.n_gen) + ")");
    return v;
}

Json param_json_value(const ParamDecl& d, double si) {
    if (d.kind == ParamKind::Quantity && d.dim != Dimension::Dimensionless) return format_quantity(si, d.dim, 10);
    return si;
}

DesignPoint with_values(const DesignPoint& point, const std::vector<FittableParam>& params,
                        const std::vector<double>& si_values) {
    DesignPoint p = point;
    Json preset_set = Json::object(), runtime_set = Json::object();
    for (std::size_t j = 0; j < params.size(); ++j)
        (params[j].target == FittableParam::Target::Preset ? preset_set : runtime_set)[params[j].path] =
            param_json_value(params[j].decl, si_values[j]);
    apply_overrides(p.platform.preset, preset_set, "calibration", "parameters");
    apply_overrides(p.platform.runtime, runtime_set, "calibration", "parameters");
    return p;
}

CalibrationResult calibrate(const std::vector<Observation>& obs, const FitOptions& opt) {
    if (obs.empty()) throw UserError("calibration", "", "no observations to fit");
    bool several_platforms = false;
    for (const auto& o : obs) {
        if (o.runtime != obs[0].runtime || (o.platform != obs[0].platform && !opt.across_platforms))
            throw UserError(o.source, "", "observations mix platforms or runtimes ('" + o.platform + "'/'" + o.runtime +
                                              "' vs '" + obs[0].platform + "'/'" + obs[0].runtime +
                                              "'); calibrate one platform + runtime at a time");
        several_platforms |= o.platform != obs[0].platform;
    }
    Problem pb;
    pb.obs = obs;
    pb.prior_sigma = opt.prior_sigma;
    pb.rel_floor = opt.rel_floor;
    for (const auto& o : obs) pb.points.push_back(observation_point(o));
    CalibrationResult res;
    res.platform = several_platforms ? "several platforms" : obs[0].platform;
    res.runtime = pb.points[0].runtime_ref;
    res.family = optional_string(pb.points[0].platform.preset, "family", "", pb.points[0].platform.file, "");
    const IPlatformFamily* fam = PlatformRegistry::instance().find(res.family);
    if (!fam) throw UserError(pb.points[0].platform.file, "family", "unknown platform family '" + res.family + "'");
    std::vector<FittableParam> all = fam->fittable_params(pb.points[0].platform);
    // Across boards only the runtime's own parameters are shared; each preset keeps its values.
    if (several_platforms) {
        for (std::size_t i = 0; i < obs.size(); ++i)
            if (optional_string(pb.points[i].platform.preset, "family", "", pb.points[i].platform.file, "") != res.family)
                throw UserError(obs[i].source, "platform", "observations of one runtime span platform families");
        all.erase(std::remove_if(all.begin(), all.end(),
                                 [](const FittableParam& p) { return p.target != FittableParam::Target::Runtime; }),
                  all.end());
    }
    for (const auto& name : opt.only) {
        bool found = false;
        for (const auto& p : all) found |= p.path == name;
        if (!found) {
            std::string list;
            for (const auto& p : all) list += (list.empty() ? "" : ", ") + p.path;
            throw UserError("command line", "--fit", "'" + name + "' is not a fittable parameter of this platform/runtime (fittable: " + list + ")");
        }
    }
    std::vector<FittableParam> cand;
    for (const auto& p : all)
        if (opt.only.empty() || std::find(opt.only.begin(), opt.only.end(), p.path) != opt.only.end()) cand.push_back(p);
    if (cand.empty()) throw UserError(res.platform, "", "the platform and runtime declare no fittable parameters");

    // Which candidates does any observation depend on? (data Jacobian at the preset values)
    pb.use.assign(obs.size(), true);
    pb.params = cand;
    for (const auto& p : cand) {
        pb.boxes.push_back(box_of(p));
        pb.u0.push_back(clamp_inside(std::log(std::max(p.value, 1e-300)), pb.boxes.back()));
    }
    Eigen::VectorXd u0 = Eigen::Map<Eigen::VectorXd>(pb.u0.data(), static_cast<Eigen::Index>(pb.u0.size()));
    const Eigen::MatrixXd J0 = pb.jacobian_u(u0).topRows(static_cast<Eigen::Index>(obs.size()));
    Problem fit = pb;
    fit.params.clear();
    fit.boxes.clear();
    fit.u0.clear();
    std::vector<Eigen::Index> kept;
    for (Eigen::Index j = 0; j < J0.cols(); ++j) {
        if (J0.col(j).cwiseAbs().maxCoeff() > 1e-6) {
            kept.push_back(j);
            fit.params.push_back(pb.params[j]);
            fit.boxes.push_back(pb.boxes[j]);
            fit.u0.push_back(pb.u0[j]);
        } else if (!opt.only.empty()) {
            throw UserError("command line", "--fit", "no observation depends on '" + pb.params[j].path +
                                                         "'; it cannot be fitted from these traces");
        } else {
            res.not_pinned.push_back(pb.params[j]);
        }
    }
    if (opt.auto_select && opt.only.empty()) select_pinned(J0, pb, fit, kept, res.not_selected);
    const std::size_t p = fit.params.size(), m = obs.size();
    if (p == 0) throw UserError(res.platform, "", "no fittable parameter influences the observed metrics");
    Eigen::MatrixXd Jk(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(p));
    for (std::size_t k = 0; k < p; ++k) Jk.col(static_cast<Eigen::Index>(k)) = J0.col(kept[k]);
    const auto rank = rank_of(Jk);
    if (m < p || rank < p) {
        std::ostringstream os;
        os << "refusing to fit: " << count_text(p, "free parameters") << " but " << count_text(m, "observations")
           << " pin down only " << rank << " independent combination" << (rank == 1 ? "" : "s")
           << " of them; add observations with other metrics or workloads, or choose fewer with --fit (free:";
        for (const auto& q : fit.params) os << " " << q.path;
        os << ")";
        throw UserError("calibration", "", os.str());
    }

    Eigen::VectorXd u_start = Eigen::Map<Eigen::VectorXd>(fit.u0.data(), static_cast<Eigen::Index>(p));
    const Eigen::VectorXd u = solve(fit, u_start, opt.max_evaluations, &res.evaluations);

    // Covariance of u from the Jacobian at the optimum, scaled by the reduced chi-square when the
    // data scatter more than their stated uncertainty.
    const Eigen::MatrixXd J = fit.jacobian_u(u);
    const Eigen::VectorXd r = fit.residuals(u);
    const double ssr = r.head(static_cast<Eigen::Index>(m)).squaredNorm();
    const double s2 = m > p ? std::max(1.0, ssr / static_cast<double>(m - p)) : 1.0;
    const Eigen::MatrixXd cov = (J.transpose() * J).ldlt().solve(Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(p))) * s2;
    for (std::size_t j = 0; j < p; ++j) {
        FittedParam fp;
        fp.param = fit.params[j];
        fp.before = fit.params[j].value;
        fp.after = std::exp(u[static_cast<Eigen::Index>(j)]);
        fp.sigma_log = std::sqrt(std::max(0.0, cov(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(j))));
        const Box& b = fit.boxes[j];
        fp.ci_lo = std::exp(std::max(b.a, u[static_cast<Eigen::Index>(j)] - 1.96 * fp.sigma_log));
        fp.ci_hi = std::exp(std::min(b.b, u[static_cast<Eigen::Index>(j)] + 1.96 * fp.sigma_log));
        fp.at_bound = (u[static_cast<Eigen::Index>(j)] - b.a) < 1e-3 * (b.b - b.a) || (b.b - u[static_cast<Eigen::Index>(j)]) < 1e-3 * (b.b - b.a);
        res.params.push_back(fp);
    }

    std::vector<double> before(m), after(m), loo(m, std::numeric_limits<double>::quiet_NaN());
    std::vector<double> si_before;
    for (const auto& q : fit.params) si_before.push_back(q.value);
    for (std::size_t i = 0; i < m; ++i) {
        before[i] = predict(pb.points[i], obs[i].metric);
        after[i] = fit.predict_one(i, u);
    }
    if (opt.leave_one_out && m - 1 >= p && m >= 2) {
        for (std::size_t i = 0; i < m; ++i) {
            Problem f = fit;
            f.use.assign(m, true);
            f.use[i] = false;
            const Eigen::VectorXd ui = solve(f, u, opt.max_evaluations, nullptr);
            loo[i] = f.predict_one(i, ui);
        }
        res.loo_mape = mape(loo, obs);
    } else {
        res.loo_mape = std::numeric_limits<double>::quiet_NaN();
        res.loo_note = opt.leave_one_out ? "leave-one-out needs at least " + std::to_string(p + 1) + " observations for " +
                                               count_text(p, "free parameters") + " (have " + std::to_string(m) + ")"
                                         : "leave-one-out disabled";
    }
    res.mape_before = mape(before, obs);
    res.mape_after = mape(after, obs);
    for (std::size_t i = 0; i < m; ++i) res.rows.push_back({obs[i], before[i], after[i], loo[i]});
    return res;
}

}  // namespace edgetwin::calib
