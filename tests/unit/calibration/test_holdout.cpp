// Held-out calibration: a synthetic case with a known answer (observations made by the model with the
// DRAM efficiency changed: fitting half of them recovers it, so the other half is predicted exactly),
// and the real Jetson rows of measurements.md (data/traces/jetson-measurements.csv) split so every
// family of rows is in both halves; that run must complete and report the held-out error.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "analysis/calibration/holdout.h"
#include "tests/unit/calibration/calib_test_util.h"

using namespace edgetwin;
using namespace edgetwin::calib;

namespace {

Observation rpi_obs(const std::string& id, const std::string& model, const std::string& quant, long long np, long long ng) {
    Observation o = test::rpi5_observation("synthetic:" + id, model, quant, np, ng);
    o.id = id;
    return o;
}

}  // namespace

TEST_CASE("held-out: observations made with a changed DRAM efficiency are predicted exactly after fitting half",
          "[calibration][holdout]") {
    std::vector<Observation> obs{rpi_obs("A", "tinyllama-1.1b", "Q4_0", 0, 16), rpi_obs("B", "qwen2-0.5b", "Q8_0", 0, 16),
                                 rpi_obs("C", "tinyllama-1.1b", "Q8_0", 0, 16), rpi_obs("D", "qwen2-0.5b", "Q4_0", 0, 16),
                                 rpi_obs("E", "stories110M", "Q8_0", 0, 16)};
    const DesignPoint p0 = observation_point(obs[0]);
    const auto all = PlatformRegistry::instance().find("generic")->fittable_params(p0.platform);
    const FittableParam* found = nullptr;
    for (const auto& p : all)
        if (p.path == "memories[0].efficiency") found = &p;
    REQUIRE(found != nullptr);
    const FittableParam eff = *found;
    const double truth = eff.value * 0.8;  // 20 % less achieved bandwidth than the preset says
    for (auto& o : obs) {
        o.value = predict(with_values(observation_point(o), {eff}, {truth}), o.metric);
        o.uncertainty = 0.01 * o.value;
    }
    FitOptions opt;
    opt.only = {"memories[0].efficiency"};
    opt.prior_sigma = 10;  // a weak prior: the data alone decide
    const HoldoutResult r = holdout_calibrate(obs, {"A", "B"}, opt);
    REQUIRE(r.groups.size() == 1);
    REQUIRE(r.groups[0].params.size() == 1);
    CHECK(r.groups[0].params[0].after == Approx(truth).epsilon(1e-3));
    CHECK(r.n_held == 3);
    CHECK(r.mape_before > 0.05);  // memory-bound decode: ~1/0.8 - 1 = 25 % too fast before
    CHECK(r.mape_after < 1e-3);
    CHECK_THROWS_WITH(holdout_calibrate(obs, {"A", "Z"}, opt), Catch::Contains("no observation has id 'Z'"));
}

TEST_CASE("held-out: the Jetson rows of measurements.md, fitted on half, predict the other half",
          "[calibration][holdout][jetson]") {
    TraceContext ctx;
    const LoadedTrace t = load_trace_file(std::string(EDGETWIN_SOURCE_DIR) + "/data/traces/jetson-measurements.csv", ctx);
    REQUIRE(t.format == "generic-csv");
    REQUIRE(t.observations.size() == 18);  // J1-J4, J6-J7, J22-J27, J88-J93
    // The split of the closing note: each family (Nano GPU, Nano CPU, AGX TRT, Orin Nano MLC) in both halves.
    const std::vector<std::string> train{"J2", "J3", "J7", "J22", "J25", "J26", "J88", "J91", "J92"};
    FitOptions opt;
    opt.max_evaluations = 60;
    const HoldoutResult r = holdout_calibrate(t.observations, train, opt);
    std::ostringstream table;
    print_holdout_table(table, r);
    std::printf("%s", table.str().c_str());
    CHECK(r.n_held == 9);
    CHECK(r.groups.size() == 5);  // Orin Nano and Orin Nano Super are separate presets
    for (const auto& g : r.groups) {
        INFO(g.platform << " + " << g.runtime);
        CHECK(g.n_train >= 1);
        CHECK(g.n_held >= 1);
    }
    CHECK(std::isfinite(r.mape_before));
    CHECK(std::isfinite(r.mape_after));
    CHECK(table.str().find("held-out MAPE before") != std::string::npos);
}

TEST_CASE("held-out: one -ngl 10 decode row gives back the Nano's uncached load time of one DRAM round trip",
          "[calibration][holdout][jetson]") {
    // kreier/jetson benchmark.md (data/traces/jetson-nano-b1618-ngl-sweep.csv): tg128 at -ngl 10 is 2.93 tok/s.
    // The CUDA build's CPU layers stall on uncached pinned buffers; fitting memory.cpu_uncached_load_time to
    // that one row must land near the preset's first-principles 160 ns (one LPDDR4 round trip per load, not
    // fitted), and the prompt rows, which fit nothing here, stay within the 25 % prefill tolerance.
    TraceContext ctx;
    const LoadedTrace t =
        load_trace_file(std::string(EDGETWIN_SOURCE_DIR) + "/data/traces/jetson-nano-b1618-ngl-sweep.csv", ctx);
    REQUIRE(t.observations.size() == 8);
    FitOptions opt;
    opt.only = {"memory.cpu_uncached_load_time"};
    const HoldoutResult r = holdout_calibrate(t.observations, {"tg-ngl10"}, opt);
    REQUIRE(r.groups.size() == 1);
    REQUIRE(r.groups[0].params.size() == 1);
    CHECK(r.groups[0].params[0].after == Approx(160e-9).epsilon(0.25));
    for (const auto& row : r.rows)
        if (row.obs.id == "pp-ngl5" || row.obs.id == "pp-ngl10") CHECK(row.after == Approx(row.obs.value).epsilon(0.25));
    // The id column is as wide as the longest id ("pp-ngl10", 8 characters), so the table stays aligned.
    std::ostringstream table;
    print_holdout_table(table, r);
    CHECK(table.str().find("\n  id       half ") != std::string::npos);
    CHECK(table.str().find("\n  pp-ngl5  held ") != std::string::npos);
}
