#pragma once
// /calibration in an HDF5 file (created if absent, the group replaced if present):
//   /calibration            attrs overlay (JSON text), platform, runtime, family
//     observations          source, metric, unit, model, quant, n_prompt, n_gen, measured,
//                           uncertainty, predicted_before, predicted_after, predicted_loo,
//                           residual_before, residual_after (log(pred/meas))
//     parameters            path, target, unit, before, after, ci95_lo, ci95_hi, sigma_log, at_bound
#include <string>

#include "analysis/calibration/fit.h"

namespace edgetwin {

void write_calibration_h5(const std::string& path, const calib::CalibrationResult& r);

}  // namespace edgetwin
