#pragma once
// Fits the declared fittable parameters of one platform + runtime to observations.
//  - parameters move in log space inside their declared fit bounds (a logistic map keeps the
//    Levenberg-Marquardt iterate inside them);
//  - residuals are log(predicted/measured) over the observation's relative uncertainty (with a
//    floor), plus a prior pulling each parameter toward its preset (datasheet) value;
//  - only parameters some observation depends on are free; fewer observations than free parameters,
//    or a Jacobian of lower rank, is refused with the counts;
//  - confidence intervals from the Jacobian at the optimum; leave-one-out cross-validated error.
#include <string>
#include <vector>

#include "analysis/calibration/observations.h"
#include "hwmodels/platform_registry.h"
#include "sim/scenario/scenario.h"

namespace edgetwin::calib {

struct FitOptions {
    std::vector<std::string> only;  // parameter paths to fit (empty: every influential one)
    double prior_sigma = 1.0;       // prior width in natural-log units (1.0 = a factor e)
    double rel_floor = 0.02;        // smallest relative uncertainty given to an observation
    bool leave_one_out = true;
    int max_evaluations = 400;
    // Instead of refusing when the observations pin down fewer combinations than there are
    // influential parameters, fit only as many as they pin down: the most sensitive first (largest
    // Jacobian column), skipping any that adds no independent direction. The rest stay at their
    // preset values and are listed in not_pinned. Ignored when `only` names the parameters.
    bool auto_select = false;
    // Observations of several platforms with one runtime: only the runtime's parameters are fitted (the
    // presets keep theirs), so a runtime calibration can be fitted on some boards and tried on another.
    bool across_platforms = false;
};

struct FittedParam {
    FittableParam param;
    double before = 0, after = 0;  // SI
    double ci_lo = 0, ci_hi = 0;   // 95 % interval, SI, clipped to the bounds
    double sigma_log = 0;          // standard deviation of log(value)
    bool at_bound = false;
};

struct ObservationFit {
    Observation obs;
    double before = 0, after = 0;  // predictions with preset and with fitted values
    double loo = 0;                // prediction when this observation was left out (NaN if not run)
};

struct CalibrationResult {
    std::string platform, runtime, family;
    std::vector<FittedParam> params;        // fitted
    std::vector<FittableParam> not_pinned;    // fittable but no observation depends on them: kept
    std::vector<FittableParam> not_selected;  // influential, but auto_select found no independent direction left
    std::vector<ObservationFit> rows;
    double mape_before = 0, mape_after = 0, loo_mape = 0;  // mean |pred/meas - 1|, fraction
    std::string loo_note;                                  // why LOO was not run, if not
    int evaluations = 0;                                   // LM residual evaluations (full fit)
};

// The design point an observation describes (analytic engine; ctx = n_prompt + n_gen).
DesignPoint observation_point(const Observation& o);
// The metric of a simulated point (RunSummary field named by o.metric).
double predict(const DesignPoint& point, const std::string& metric);
// `point` with fitted values written into its preset / runtime JSON.
DesignPoint with_values(const DesignPoint& point, const std::vector<FittableParam>& params,
                        const std::vector<double>& si_values);
// The JSON text/number a value is written as in a preset ("3.1us" for quantities).
Json param_json_value(const ParamDecl& d, double si);

// Throws UserError on a refusal (counts in the message) or on mixed platforms/runtimes.
CalibrationResult calibrate(const std::vector<Observation>& obs, const FitOptions& opt);

}  // namespace edgetwin::calib
