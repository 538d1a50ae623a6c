#pragma once
// Calibration overlay: a JSON file holding fitted values as preset/runtime overrides, with their
// uncertainty and the calibration's error, applied to a scenario with `edgetwin run --calibration`.
//
// {
//   "kind": "edgetwin-calibration", "schema_version": 1,
//   "platform": "rpi5-8gb", "runtime": "llama.cpp-cpu-arm", "family": "generic",
//   "hardware_set": {"memories[0].efficiency": 0.61},      // as scenario hardware.set
//   "runtime_set": {"op_overhead": "3.1us"},               // as scenario runtime.set
//   "parameters": [{"path", "target", "unit", "before", "value", "ci95": [lo, hi], "sigma_log", "at_bound"}],
//   "error": {"n_observations", "mape_before", "mape_after", "loo_mape"},  // fractions; loo null if not run
//   "not_pinned": ["power.static"]
// }
#include <optional>
#include <ostream>
#include <string>

#include "analysis/calibration/fit.h"
#include "sim/engine/run_result.h"

namespace edgetwin {

Json calibration_overlay_json(const calib::CalibrationResult& r);
void write_calibration_overlay(const std::string& path, const calib::CalibrationResult& r);

// Merges the overlay's overrides into `in` (values the scenario sets itself win) after checking
// that the overlay was made for the scenario's platform and runtime. Returns the relative error
// band of predictions (LOO MAPE, or the fit's MAPE when LOO was not run).
double apply_calibration(ScenarioInputs& in, const std::string& file);

// {"decode_tok_s": [lo, hi], "prefill_tok_s": [...], "ttft_s": [...]}: each metric times (1 -/+ band).
Json error_band_json(const Summary& s, double relative_error);

// "22.4 tok/s ± 1.9": a value with its band.
std::string with_error_band(double value, double relative_error, const std::string& unit);

// Human table: one row per observation (measured, before, after, LOO, errors) and the parameters.
void print_calibration_table(std::ostream& os, const calib::CalibrationResult& r);

}  // namespace edgetwin
