// Engine contract tests: hand-calculated memory-bound decode, analytic vs tlm agreement, contention.
#include <catch2/catch.hpp>

#include "sim/runner/simulate.h"
#include "tests/unit/test_support.h"

using namespace edgetwin;

namespace {

// Bytes one decode step at KV position `pos` moves to/from DRAM for tiny_model() in Q8_0 with an
// f16 KV cache, written out by hand (Q8_0: 34 bytes per 32 weights).
double tiny_q8_decode_dram_bytes(int pos) {
    const double q8 = 34.0 / 32.0;
    const double per_layer_weights = (4 * 256.0 * 256 + 3 * 256.0 * 768) * q8  // q,k,v,o + gate,up,down
                                     + 2 * 256 * 4.0;                           // two f32 norm vectors
    const double embedding_row = 256 * q8;                                      // one token row
    const double output = 256.0 * 1024 * q8 + 256 * 4.0;                       // lm head + output norm
    const double kv_row = 256 * 2.0;                                            // kv_dim f16 values
    const double L = pos + 1;                                                   // keys visible
    const double kv_read = 2 * L * kv_row;   // K for scores, V for values
    const double kv_write = 2 * kv_row;      // new K and V
    return 2 * per_layer_weights + embedding_row + output + 2 * (kv_read + kv_write);
}

constexpr int kOpsPerDecodeStep = 1 + 2 * 17 + 2;  // embedding, 17 per layer, output norm + output

}  // namespace

TEST_CASE("memory-bound decode step = bytes / bandwidth + declared overheads (both engines)", "[engine]") {
    const double bw = 1e9;  // 1 GB/s DRAM: memory dominates by orders of magnitude
    const Json preset = test::generic_preset(1, "1GB/s");
    const Json runtime = test::generic_runtime("1us", "10us");
    const int n_prompt = 16, n_gen = 4;
    for (const char* engine : {"analytic", "tlm"}) {
        DYNAMIC_SECTION(engine) {
            const RunResult r = simulate(test::make_point(preset, runtime, test::tiny_model(), GgmlType::Q8_0, n_prompt,
                                                          n_gen, engine));
            double decode_expected = 0;
            for (int step = 0; step < n_gen; ++step)
                decode_expected += tiny_q8_decode_dram_bytes(n_prompt + step) / bw + kOpsPerDecodeStep * 1e-6 + 10e-6;
            CHECK(r.summary.decode_s == Approx(decode_expected).epsilon(0.02));
            CHECK(r.summary.decode_tok_s == Approx(n_gen / decode_expected).epsilon(0.02));
            CHECK(r.summary.bottleneck == Bound::Memory);
        }
    }
}

TEST_CASE("analytic and tlm agree within 2% on a contention-free single core", "[engine]") {
    // Balanced compute and memory (compute is not negligible here) exercises the overlap model.
    const Json preset = test::generic_preset(1, "8GB/s", "100ns", 4.0);
    const Json runtime = test::generic_runtime("2us", "50us");
    const auto a = simulate(test::make_point(preset, runtime, test::tiny_model(), GgmlType::Q4_0, 32, 8, "analytic"));
    const auto t = simulate(test::make_point(preset, runtime, test::tiny_model(), GgmlType::Q4_0, 32, 8, "tlm"));
    CHECK(t.summary.ttft_s == Approx(a.summary.ttft_s).epsilon(0.02));
    CHECK(t.summary.decode_s == Approx(a.summary.decode_s).epsilon(0.02));
    CHECK(t.summary.energy_J == Approx(a.summary.energy_J).epsilon(0.02));
}

TEST_CASE("two cores sharing one memory: tlm queues bursts, private bandwidth would halve the time", "[engine]") {
    const Json runtime = test::generic_runtime("0s", "0s", 2);
    const Json shared = test::generic_preset(2, "1GB/s");
    const auto tlm = simulate(test::make_point(shared, runtime, test::tiny_model(), GgmlType::Q8_0, 0, 4, "tlm"));
    const auto ana = simulate(test::make_point(shared, runtime, test::tiny_model(), GgmlType::Q8_0, 0, 4, "analytic"));
    // Each core streams half the bytes; through one 1 GB/s channel the step still takes all bytes / 1 GB/s.
    double expected = 0;
    for (int step = 0; step < 4; ++step) expected += tiny_q8_decode_dram_bytes(step) / 1e9;
    CHECK(tlm.summary.decode_s == Approx(expected).epsilon(0.02));
    CHECK(ana.summary.decode_s == Approx(expected).epsilon(0.02));  // closed-form shared-bandwidth bound
    // What only tlm shows: bursts waiting behind the other core's bursts, about half the memory time.
    double queued = 0, queued_analytic = 0;
    for (const auto& op : tlm.ops) queued += op.queue_s;
    for (const auto& op : ana.ops) queued_analytic += op.queue_s;
    CHECK(queued > 0.4 * expected);
    CHECK(queued_analytic == 0.0);
    // With 2x the bandwidth (as if each core had a private channel) the same work takes half the time.
    const Json wide = test::generic_preset(2, "2GB/s");
    const auto tlm_wide = simulate(test::make_point(wide, runtime, test::tiny_model(), GgmlType::Q8_0, 0, 4, "tlm"));
    CHECK(tlm_wide.summary.decode_s == Approx(expected / 2).epsilon(0.02));
}
