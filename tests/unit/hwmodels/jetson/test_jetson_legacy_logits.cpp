// llama.cpp before PR #6122 (March 2024; PR #2700 had proposed the skip in Aug 2023) ran the output layer on
// every prompt token: b1618's llm_build_llama multiplies model.output by all n_tokens rows of the last hidden
// state. Current llama.cpp keeps only the rows whose logits are requested (the last one in llama-bench).
#include <catch2/catch.hpp>

#include "tests/unit/hwmodels/jetson/jetson_support.h"

using namespace edgetwin;

namespace {
double prefill_output_macs(const std::string& runtime) {
    test::JetsonRun run{"jetson-nano-4gb", runtime, "tinyllama-1.1b", "Q4_K_M", 64, 0};
    const RunResult r = simulate(test::jetson_point(run));
    for (const auto& op : r.ops)
        if (op.name == "output" && op.phase == Phase::Prefill) return op.macs;
    FAIL("no prefill output op");
    return 0;
}
}  // namespace

TEST_CASE("b1618 computes the output layer for all prompt tokens, current llama.cpp for the last one", "[jetson]") {
    // TinyLlama: d_model 2048, vocab 32000.
    CHECK(prefill_output_macs("llama.cpp-cuda-b1618") == Approx(64.0 * 2048 * 32000));
    CHECK(prefill_output_macs("llama.cpp-cuda") == Approx(1.0 * 2048 * 32000));
}
