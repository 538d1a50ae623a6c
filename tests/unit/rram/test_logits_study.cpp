// Logits study: a stories260K-shaped transformer with every linear layer on the crossbar.
#include <catch2/catch.hpp>

#include "rram/logits_study.h"

using namespace edgetwin::rram;

TEST_CASE("logits study: an ideal crossbar agrees 100 % with fp64, agreement falls with read noise", "[rram][logits]") {
    LogitsStudySpec spec;
    spec.tokens = 8;
    spec.trials = 3;
    spec.knob = StudyKnob::ReadSigma;

    // Ideal device: continuous conductances, exact readout, 16-b inputs -> logits within ~1e-4.
    LogitsStudySpec ideal = spec;
    ideal.base.quantise = false;
    ideal.device.adc_bits = 0;
    ideal.device.input_bits = 16;
    ideal.strengths = {0.0};
    const LogitsStudyPoint p0 = logits_study(ideal).front();
    CHECK(p0.top1_agreement == 1.0);
    CHECK(p0.logit_rel_rmse < 1e-3);
    CHECK(p0.positions == 24);

    // 8-b weights on 2-bit cells, ideal ADC, growing read noise (std dev / G per read). Observed
    // (8 tokens x 3 trials): agreement 0.875 / 0.83 / 0.375 / 0.125 / 0 at read_sigma 0 / 0.03 /
    // 0.1 / 0.3 / 1, logit relative RMSE 0.034 / 0.081 / 0.24 / 0.67 / 1.48.
    spec.device.adc_bits = 0;
    spec.strengths = {0.0, 0.03, 0.1, 0.3, 1.0};
    const std::vector<LogitsStudyPoint> pts = logits_study(spec);
    for (const auto& p : pts)
        WARN("read_sigma " << p.strength << ": top-1 agreement " << p.top1_agreement << " +- " << p.top1_stderr
                           << ", logit rel. RMSE " << p.logit_rel_rmse);
    CHECK(pts.front().top1_agreement >= 0.75);  // 8-b quantisation alone flips few argmaxes
    for (std::size_t i = 1; i < pts.size(); ++i) {
        INFO("read_sigma " << pts[i].strength << ": " << pts[i].top1_agreement << " +- " << pts[i].top1_stderr << " vs "
                           << pts[i - 1].top1_agreement << " +- " << pts[i - 1].top1_stderr);
        CHECK(pts[i].logit_rel_rmse > pts[i - 1].logit_rel_rmse);
        // Monotone within Monte-Carlo error (two standard errors of the difference).
        CHECK(pts[i].top1_agreement <= pts[i - 1].top1_agreement + 2 * (pts[i].top1_stderr + pts[i - 1].top1_stderr) + 1e-12);
    }
    CHECK(pts.back().top1_agreement < pts.front().top1_agreement - 0.2);
    // Same seeds, same numbers (device draws are seeded per trial, not per strength).
    LogitsStudySpec again = spec;
    again.strengths = {pts[2].strength};
    CHECK(logits_study(again).front().top1_agreement == pts[2].top1_agreement);
    CHECK(logits_study(again).front().logit_rel_rmse == pts[2].logit_rel_rmse);
}
