#pragma once
// Held-out validation of a calibration: observations named in the training set are fitted, one fit per
// (platform, runtime) group as the fitter requires, and every other observation is predicted with the
// preset values (before) and with its group's fitted values (after). The error that matters is the
// held-out one: MAPE over observations no fit has seen.
#include <ostream>
#include <string>
#include <vector>

#include "analysis/calibration/fit.h"

namespace edgetwin::calib {

struct HoldoutGroup {
    std::string platform, runtime;
    int n_train = 0, n_held = 0;
    std::vector<FittedParam> params;  // empty when nothing was fitted (see note)
    std::string note;                 // why no fit, or parameters left at their preset values
};

struct HoldoutRow {
    Observation obs;
    bool train = false;
    double before = 0, after = 0;  // predictions with preset values and with the group's fit
};

struct HoldoutResult {
    std::vector<HoldoutGroup> groups;
    std::vector<HoldoutRow> rows;  // in the observations' order
    int n_held = 0;
    double mape_before = 0, mape_after = 0;  // over held-out rows, fractions
};

// `train_ids`: ids (Observation::id) of the training half; each must name an observation. Fits use
// `opt` with auto_select (at most as many parameters as a group's training rows pin down) and no
// leave-one-out. A group without training rows, or whose fit is refused, keeps its preset values and
// says why in its note.
HoldoutResult holdout_calibrate(const std::vector<Observation>& obs, const std::vector<std::string>& train_ids,
                                FitOptions opt);

// One line per group (fitted parameters) and per observation: id, metric, measured, predicted
// before/after, errors; then the held-out MAPE before and after.
void print_holdout_table(std::ostream& os, const HoldoutResult& r);

}  // namespace edgetwin::calib
