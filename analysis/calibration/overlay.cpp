#include "analysis/calibration/overlay.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "sim/core/output_guard.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

Json num_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(); }

std::string si_text(const FittableParam& p, double v) {
    const Json j = calib::param_json_value(p.decl, v);
    if (j.is_string()) return j.get<std::string>();
    char b[32];
    std::snprintf(b, sizeof b, "%.4g", v);
    return b;
}

}  // namespace

Json calibration_overlay_json(const calib::CalibrationResult& r) {
    Json j;
    j["kind"] = "edgetwin-calibration";
    j["schema_version"] = 1;
    j["platform"] = r.platform;
    j["runtime"] = r.runtime;
    j["family"] = r.family;
    j["hardware_set"] = Json::object();
    j["runtime_set"] = Json::object();
    j["parameters"] = Json::array();
    for (const auto& p : r.params) {
        const bool preset = p.param.target == FittableParam::Target::Preset;
        j[preset ? "hardware_set" : "runtime_set"][p.param.path] = calib::param_json_value(p.param.decl, p.after);
        j["parameters"].push_back({{"path", p.param.path},
                                   {"target", preset ? "preset" : "runtime"},
                                   {"unit", p.param.decl.kind == ParamKind::Quantity ? si_unit(p.param.decl.dim) : ""},
                                   {"before", p.before},
                                   {"value", p.after},
                                   {"ci95", {p.ci_lo, p.ci_hi}},
                                   {"sigma_log", p.sigma_log},
                                   {"at_bound", p.at_bound}});
    }
    j["not_pinned"] = Json::array();
    for (const auto& p : r.not_pinned) j["not_pinned"].push_back(p.path);
    j["not_selected"] = Json::array();
    for (const auto& p : r.not_selected) j["not_selected"].push_back(p.path);
    j["error"] = {{"n_observations", r.rows.size()},
                  {"mape_before", r.mape_before},
                  {"mape_after", r.mape_after},
                  {"loo_mape", num_or_null(r.loo_mape)}};
    if (!r.loo_note.empty()) j["error"]["loo_note"] = r.loo_note;
    // Band printed with calibrated predictions: the cross-validated error when LOO ran; otherwise
    // the fit residual combined with the observations' own relative uncertainty (an exact fit of
    // as many parameters as observations says nothing about new settings).
    double band = r.loo_mape;
    std::string how = "leave-one-out MAPE";
    if (!std::isfinite(band)) {
        double u = 0;
        for (const auto& row : r.rows) u += std::max(0.02, row.obs.uncertainty / row.obs.value);
        u /= static_cast<double>(std::max<std::size_t>(1, r.rows.size()));
        band = std::sqrt(r.mape_after * r.mape_after + u * u);
        how = "fit MAPE and measurement uncertainty (no leave-one-out)";
    }
    j["error"]["band"] = band;
    j["error"]["band_source"] = how;
    return j;
}

void write_calibration_overlay(const std::string& path, const calib::CalibrationResult& r) {
    write_text_file_atomically(path, "calibration overlay", calibration_overlay_json(r).dump(2) + "\n");
}

double apply_calibration(ScenarioInputs& in, const std::string& file) {
    const Json j = load_json_file(file);
    if (!j.is_object() || !j.contains("kind") || j["kind"] != "edgetwin-calibration")
        throw UserError(file, "kind", "not an edgetwin calibration overlay (expected kind \"edgetwin-calibration\")");
    if (!j.contains("schema_version") || !j["schema_version"].is_number_integer() || j["schema_version"] != 1)
        throw UserError(file, "schema_version", "unsupported version (expected the integer 1)");
    const std::string platform = require_string(j, "platform", file, "");
    const std::string runtime = require_string(j, "runtime", file, "");
    if (in.platform.value != platform)
        throw UserError(file, "platform", "calibration was made for platform '" + platform + "', the run uses '" +
                                              in.platform.value + "'");
    if (!in.runtime.value.empty() && in.runtime.value != runtime)
        throw UserError(file, "runtime", "calibration was made for runtime '" + runtime + "', the run uses '" +
                                             in.runtime.value + "'");
    if (in.runtime.value.empty()) in.runtime = {runtime, file, "runtime"};
    for (const char* key : {"hardware_set", "runtime_set"}) {
        const Json& set = require_field(j, key, file, "");
        if (!set.is_object()) throw UserError(file, key, "expected an object of path -> value");
        Json& target = std::string(key) == "hardware_set" ? in.hardware_set : in.runtime_set;
        const std::string scenario_key = std::string(key) == "hardware_set" ? "hardware.set" : "runtime.set";
        for (auto it = set.begin(); it != set.end(); ++it) {
            if (target.contains(it.key())) continue;  // the user's own override wins
            target[it.key()] = it.value();
            in.set_origins[join_key(scenario_key, it.key())] = {file, join_key(key, it.key())};
        }
    }
    const Json& err = require_field(j, "error", file, "");
    if (!err.contains("band") || !err["band"].is_number() || err["band"].get<double>() < 0)
        throw UserError(file, "error.band", "expected a non-negative number (relative error of predictions)");
    return err["band"].get<double>();
}

Json error_band_json(const Summary& s, double relative_error) {
    auto band = [&](double v) { return Json::array({v * (1 - relative_error), v * (1 + relative_error)}); };
    return Json{{"decode_tok_s", band(s.decode_tok_s)}, {"prefill_tok_s", band(s.prefill_tok_s)}, {"ttft_s", band(s.ttft_s)},
                {"relative", relative_error}};
}

std::string with_error_band(double value, double relative_error, const std::string& unit) {
    char b[96];
    std::snprintf(b, sizeof b, "%.4g %s \xC2\xB1 %.2g", value, unit.c_str(), std::fabs(value * relative_error));
    return b;
}

void print_calibration_table(std::ostream& os, const calib::CalibrationResult& r) {
    char b[512];
    os << "calibration of " << r.platform << " + " << r.runtime << " (" << r.rows.size() << " observations, "
       << r.params.size() << " fitted parameters)\n";
    std::snprintf(b, sizeof b, "  %-28s %-15s %11s %11s %11s %11s %8s %8s %8s\n", "source", "metric", "measured",
                  "before", "after", "loo", "err_bef", "err_aft", "err_loo");
    os << b;
    for (const auto& row : r.rows) {
        std::string src = row.obs.source;
        if (src.size() > 28) src = "..." + src.substr(src.size() - 25);
        char loo[48] = "-", loo_err[48] = "-";
        if (std::isfinite(row.loo)) {
            std::snprintf(loo, sizeof loo, "%.4g", row.loo);
            std::snprintf(loo_err, sizeof loo_err, "%+.1f%%", 100 * (row.loo / row.obs.value - 1));
        }
        std::snprintf(b, sizeof b, "  %-28s %-15s %11.4g %11.4g %11.4g %11s %+7.1f%% %+7.1f%% %8s\n", src.c_str(),
                      row.obs.metric.c_str(), row.obs.value, row.before, row.after, loo,
                      100 * (row.before / row.obs.value - 1), 100 * (row.after / row.obs.value - 1), loo_err);
        os << b;
    }
    std::snprintf(b, sizeof b, "  MAPE before %.1f%%, after %.1f%%, leave-one-out %.1f%%\n", 100 * r.mape_before,
                  100 * r.mape_after, 100 * r.loo_mape);
    os << b;
    if (!r.loo_note.empty()) os << "  (" << r.loo_note << ")\n";
    for (const auto& p : r.params) {
        os << "  " << p.param.path << ": " << si_text(p.param, p.before) << " -> " << si_text(p.param, p.after)
           << "  95% CI [" << si_text(p.param, p.ci_lo) << ", " << si_text(p.param, p.ci_hi) << "]"
           << (p.at_bound ? "  (at its fit bound)" : "") << "\n";
    }
    for (const auto& p : r.not_selected)
        os << "  " << p.path << ": kept at the preset (these observations pin down no further independent combination)\n";
    for (const auto& p : r.not_pinned) os << "  " << p.path << ": kept (no observation depends on it)\n";
}

}  // namespace edgetwin
