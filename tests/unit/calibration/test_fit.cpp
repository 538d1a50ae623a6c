// Fitting: the declared fittable parameters are found generically; synthetic observations made
// with known parameter values on the rpi5-8gb preset are fitted back from the preset's values;
// leave-one-out and refusals behave; the overlay reproduces the fitted predictions through `run`'s
// path (apply_calibration + resolve_design_point) and /calibration is written to HDF5.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

#include "analysis/calibration/calibration_h5.h"
#include "analysis/calibration/fit.h"
#include "analysis/calibration/overlay.h"
#include "analysis/h5_table.h"
#include "sim/core/user_error.h"
#include "tests/unit/calibration/calib_test_util.h"

using namespace edgetwin;
using namespace edgetwin::calib;

namespace {

Observation obs(const std::string& model, const std::string& quant, long long np, long long ng) {
    return test::rpi5_observation(model + "/" + quant + "/pp" + std::to_string(np) + "tg" + std::to_string(ng), model,
                                  quant, np, ng);
}

const FittableParam& find_param(const std::vector<FittableParam>& all, const std::string& path) {
    for (const auto& p : all)
        if (p.path == path) return p;
    FAIL("no fittable parameter " << path);
    throw;
}

// Fills each observation's value with the simulator's prediction under `truth` (path -> SI value).
void synthesize(std::vector<Observation>& v, const std::map<std::string, double>& truth) {
    const DesignPoint p0 = observation_point(v[0]);
    const auto all = PlatformRegistry::instance().find("generic")->fittable_params(p0.platform);
    std::vector<FittableParam> ps;
    std::vector<double> vals;
    for (const auto& [path, val] : truth) {
        ps.push_back(find_param(all, path));
        vals.push_back(val);
    }
    for (auto& o : v) {
        o.value = predict(with_values(observation_point(o), ps, vals), o.metric);
        o.uncertainty = 0.01 * o.value;
    }
}

std::vector<Observation> workload_set() {
    return {obs("tinyllama-1.1b", "Q4_0", 0, 32),  obs("tinyllama-1.1b", "Q8_0", 0, 32), obs("qwen2-0.5b", "Q4_0", 0, 32),
            obs("tinyllama-1.1b", "Q4_0", 128, 0), obs("qwen2-0.5b", "Q8_0", 64, 0),     obs("stories110M", "Q8_0", 0, 32)};
}

}  // namespace

TEST_CASE("fittable parameters are found from the generic family's schemas", "[calibration]") {
    const DesignPoint p = observation_point(obs("tinyllama-1.1b", "Q4_0", 0, 8));
    const auto all = PlatformRegistry::instance().find("generic")->fittable_params(p.platform);
    std::map<std::string, double> got;
    for (const auto& f : all) got[f.path] = f.value;
    const std::map<std::string, double> want{{"memories[0].efficiency", 0.55}, {"power.static", 2.5},
                                             {"op_overhead", 4e-6},           {"token_overhead", 5e-4},
                                             {"compute_efficiency", 0.7}};
    REQUIRE(got.size() == want.size());
    for (const auto& [k, v] : want) CHECK(got.at(k) == Approx(v));
    CHECK(find_param(all, "op_overhead").target == FittableParam::Target::Runtime);
    CHECK(find_param(all, "power.static").component == "generic.power");
    CHECK(find_param(all, "memories[0].efficiency").decl.fit->lo == 0.2);
}

TEST_CASE("synthetic round trip: known parameters are fitted back from the preset values", "[calibration]") {
    std::vector<Observation> v = workload_set();
    const std::map<std::string, double> truth{{"memories[0].efficiency", 0.42},
                                              {"compute_efficiency", 0.5},
                                              {"token_overhead", 1.5e-3}};
    synthesize(v, truth);
    FitOptions opt;
    opt.only = {"memories[0].efficiency", "compute_efficiency", "token_overhead"};
    opt.prior_sigma = 5;  // a weak prior: recovery is up to the data here
    const CalibrationResult r = calibrate(v, opt);
    REQUIRE(r.params.size() == 3);
    for (const auto& p : r.params) {
        INFO(p.param.path << " fitted " << p.after << " true " << truth.at(p.param.path));
        CHECK(p.after == Approx(truth.at(p.param.path)).epsilon(0.03));
        CHECK(p.ci_lo <= p.after);
        CHECK(p.ci_hi >= p.after);
        CHECK(p.ci_lo < truth.at(p.param.path) * 1.03);
        CHECK(p.ci_hi > truth.at(p.param.path) * 0.97);
    }
    CHECK(r.mape_before > 0.1);  // the preset really was off
    CHECK(r.mape_after < 0.01);
    CHECK(r.loo_mape < 0.03);
    CHECK(std::isfinite(r.rows[0].loo));

    // Overlay: applying it to a scenario reproduces the fitted prediction of an observation.
    const std::string path = "calib_overlay_test.json";
    write_calibration_overlay(path, r);
    ScenarioInputs in = default_scenario_inputs();
    in.platform.value = "rpi5-8gb";
    in.model.value = v[0].model;
    in.quant.value = v[0].quant;
    in.n_prompt.value = v[0].n_prompt;
    in.n_gen.value = v[0].n_gen;
    const double band = apply_calibration(in, path);
    CHECK(band == Approx(r.loo_mape));
    CHECK(predict(resolve_design_point(in), "decode_tok_s") == Approx(r.rows[0].after).epsilon(1e-6));
    ScenarioInputs other = default_scenario_inputs();
    other.platform.value = "some-other-board";
    CHECK_THROWS_AS(apply_calibration(other, path), UserError);

    // /calibration in HDF5: one row per observation and per parameter.
    const std::string h5path = "calib_test.h5";
    std::remove(h5path.c_str());
    write_calibration_h5(h5path, r);
    write_calibration_h5(h5path, r);  // replacing the group works
    h5::Handle f(H5Fopen(h5path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
    h5::Handle d(H5Dopen2(f.get(), "calibration/observations", H5P_DEFAULT), H5Dclose, "open obs");
    CHECK(h5::table_rows(d.get()) == v.size());
    h5::Handle pd(H5Dopen2(f.get(), "calibration/parameters", H5P_DEFAULT), H5Dclose, "open params");
    CHECK(h5::table_rows(pd.get()) == 3);
    h5::Handle g(H5Gopen2(f.get(), "calibration", H5P_DEFAULT), H5Gclose, "open grp");
    CHECK(Json::parse(h5::read_string_attr(g.get(), "overlay"))["platform"] == "rpi5-8gb");
    std::remove(path.c_str());
    std::remove(h5path.c_str());
}

TEST_CASE("the prior pulls weakly constrained parameters toward the preset", "[calibration]") {
    std::vector<Observation> v = workload_set();
    synthesize(v, {{"memories[0].efficiency", 0.42}, {"token_overhead", 1.5e-3}});
    FitOptions opt;
    opt.only = {"memories[0].efficiency", "token_overhead"};
    opt.leave_one_out = false;
    opt.prior_sigma = 5;
    const double weak = calibrate(v, opt).params[1].after;
    opt.prior_sigma = 0.05;  // the preset's 0.5 ms is trusted to ~5 %
    const CalibrationResult tight = calibrate(v, opt);
    CHECK(tight.params[1].param.path == "token_overhead");
    CHECK(std::fabs(std::log(tight.params[1].after / 5e-4)) < std::fabs(std::log(weak / 5e-4)));
    CHECK(tight.params[1].after < 0.8e-3);
    CHECK(weak == Approx(1.5e-3).epsilon(0.05));
}

TEST_CASE("parameters no observation depends on are kept, not fitted", "[calibration]") {
    std::vector<Observation> v = workload_set();
    synthesize(v, {{"memories[0].efficiency", 0.42}, {"compute_efficiency", 0.5}, {"token_overhead", 1.5e-3}});
    FitOptions opt;
    opt.leave_one_out = false;
    const CalibrationResult r = calibrate(v, opt);
    bool static_kept = false;
    for (const auto& p : r.not_pinned) static_kept |= p.path == "power.static";
    CHECK(static_kept);  // throughput does not depend on board power
    for (const auto& p : r.params) CHECK(p.param.path != "power.static");
    CHECK(r.loo_note == "leave-one-out disabled");
    CHECK(r.mape_after < 0.02);
    opt.only = {"power.static"};
    CHECK_THROWS_WITH(calibrate(v, opt), Catch::Contains("no observation depends on 'power.static'"));
}

TEST_CASE("refusal when observations cannot pin the free parameters", "[calibration]") {
    std::vector<Observation> one{obs("tinyllama-1.1b", "Q4_0", 0, 32)};
    synthesize(one, {{"memories[0].efficiency", 0.42}});
    FitOptions opt;
    opt.only = {"memories[0].efficiency", "token_overhead", "op_overhead"};
    CHECK_THROWS_WITH(calibrate(one, opt), Catch::Contains("3 free parameters but 1 observations"));
    // Two observations of the same workload: as many rows as parameters, but rank 1.
    std::vector<Observation> same{one[0], one[0]};
    opt.only = {"memories[0].efficiency", "token_overhead"};
    CHECK_THROWS_WITH(calibrate(same, opt), Catch::Contains("pin down only 1 independent combination"));
    // One parameter, one observation: fitted, but leave-one-out cannot run.
    opt.only = {"memories[0].efficiency"};
    const CalibrationResult r = calibrate(one, opt);
    CHECK(r.params[0].after == Approx(0.42).epsilon(0.02));
    CHECK(std::isnan(r.loo_mape));
    CHECK(r.loo_note.find("at least 2 observations") != std::string::npos);
    // Without LOO the overlay's band falls back to the measurement uncertainty (2 % floor here).
    CHECK(calibration_overlay_json(r)["error"]["band"].get<double>() == Approx(0.02).epsilon(0.05));
}

TEST_CASE("leave-one-out exposes an observation the others contradict", "[calibration]") {
    std::vector<Observation> v{obs("tinyllama-1.1b", "Q4_0", 0, 32), obs("tinyllama-1.1b", "Q8_0", 0, 32),
                               obs("qwen2-0.5b", "Q4_0", 0, 32)};
    synthesize(v, {{"memories[0].efficiency", 0.42}});
    FitOptions opt;
    opt.only = {"memories[0].efficiency"};
    const CalibrationResult clean = calibrate(v, opt);
    CHECK(clean.loo_mape < 0.01);
    v[2].value *= 1.3;  // an outlier
    const CalibrationResult dirty = calibrate(v, opt);
    CHECK(dirty.loo_mape > 0.1);
    CHECK(dirty.loo_mape > dirty.mape_after);
    CHECK(std::fabs(dirty.rows[2].loo / dirty.rows[2].obs.value - 1) > 0.2);
}

TEST_CASE("without --fit: the parameters the rows pin down are fitted, the rest kept and listed", "[calibration]") {
    // One decode row and one prefill row made with memory efficiency 0.42 and compute efficiency 0.5: two
    // rows pin two combinations, so auto selection fits two parameters instead of refusing the rest.
    std::vector<Observation> two{obs("tinyllama-1.1b", "Q4_0", 0, 32), obs("tinyllama-1.1b", "Q4_0", 128, 0)};
    synthesize(two, {{"memories[0].efficiency", 0.42}, {"compute_efficiency", 0.5}});
    FitOptions opt;
    opt.leave_one_out = false;
    CHECK_THROWS_WITH(calibrate(two, opt), Catch::Contains("pin down only 2 independent combinations"));
    opt.auto_select = true;
    const CalibrationResult r = calibrate(two, opt);
    REQUIRE(r.params.size() == 2);
    CHECK_FALSE(r.not_selected.empty());  // e.g. op_overhead: influential, but no direction left
    for (const auto& row : r.rows) CHECK(row.after == Approx(row.obs.value).epsilon(0.01));
}

TEST_CASE("across boards only the runtime's own parameters are fitted", "[calibration]") {
    std::vector<Observation> v{obs("tinyllama-1.1b", "Q4_0", 128, 0), obs("qwen2-0.5b", "Q8_0", 64, 0)};
    synthesize(v, {{"compute_efficiency", 0.5}});
    Observation pi4 = v[1];
    pi4.platform = "rpi4-4gb";
    v.push_back(pi4);  // same runtime, another board (its value as the Pi 5's: only the shape matters here)
    FitOptions opt;
    opt.leave_one_out = false;
    opt.auto_select = true;
    CHECK_THROWS_WITH(calibrate(v, opt), Catch::Contains("mix platforms"));
    opt.across_platforms = true;
    const CalibrationResult r = calibrate(v, opt);
    CHECK(r.platform == "several platforms");
    for (const auto& p : r.params) CHECK(p.param.target == FittableParam::Target::Runtime);
}
