// Leave-one-board-out / leave-one-model-out refits (analysis/validation/transfer.h): the held-out
// board's rows never enter the fit, and a runtime parameter that really is shared is recovered from the
// other boards and carries over.
#include <catch2/catch.hpp>

#include "analysis/calibration/fit.h"
#include "analysis/validation/transfer.h"
#include "tests/unit/calibration/calib_test_util.h"

using namespace edgetwin;
using namespace edgetwin::validation;

namespace {

// A scored corpus row on `platform` whose measured value is the prediction with the runtime's
// compute_efficiency at `truth` (llama.cpp-cpu-arm on both Raspberry Pis), predicted at the preset's 0.7.
ScoredRow row(const std::string& id, const std::string& platform, const std::string& model, long long np, long long ng,
              bool test, double truth) {
    calib::Observation o = test::rpi5_observation(id, model, "Q4_0", np, ng);
    o.id = id;
    o.platform = platform;
    o.runtime = "llama.cpp-cpu-arm";
    const DesignPoint p = calib::observation_point(o);
    FittableParam eff;
    for (const auto& f : PlatformRegistry::instance().find("generic")->fittable_params(p.platform))
        if (f.path == "compute_efficiency") eff = f;
    o.value = calib::predict(calib::with_values(p, {eff}, {truth}), o.metric);
    o.uncertainty = 0.01 * o.value;
    ScoredRow r;
    r.row.obs = o;
    r.row.test = test;
    r.row.family = "cpu";
    r.metric_class = "prefill";
    r.predicted = calib::predict(p, o.metric);
    return r;
}

}  // namespace

TEST_CASE("leave one board out: fit on the other board's train rows, predict the held-out test rows", "[validation]") {
    Scorecard sc;
    // Prefill rows (compute-bound) made with compute_efficiency 0.5 on both boards.
    sc.rows.push_back(row("a", "rpi5-8gb", "tinyllama-1.1b", 128, 0, false, 0.5));
    sc.rows.push_back(row("b", "rpi5-8gb", "qwen2-0.5b", 128, 0, false, 0.5));
    sc.rows.push_back(row("c", "rpi4-4gb", "qwen2-0.5b", 64, 0, true, 0.5));
    sc.rows.push_back(row("d", "rpi4-4gb", "tinyllama-1.1b", 64, 0, false, 0.5));  // a train row of the held-out board
    const auto lobo = leave_one_out_transfer(sc, HoldOut::Board);
    REQUIRE(lobo.size() == 1);  // only rpi4-4gb has test rows
    const TransferRow& t = lobo[0];
    CHECK(t.held_out == "rpi4-4gb");
    CHECK(t.n_fit == 2);  // a and b: the Pi 4's own train row d stays out of the fit
    CHECK(t.n_test == 1);
    CHECK(t.mape_before > 0.1);          // the preset's 0.7 against a truth of 0.5
    CHECK(t.mape_after < 0.02);          // the shared parameter carries over to the other board
    REQUIRE_FALSE(t.fitted.empty());
}
