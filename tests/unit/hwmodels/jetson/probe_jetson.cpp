// TEMP probe (deleted before hand-over).
#include <catch2/catch.hpp>
#include <cstdio>
#include "tests/unit/hwmodels/jetson/jetson_support.h"
using namespace edgetwin;
TEST_CASE("probe", "[jetson-probe]") {
    struct Row { const char* id; test::JetsonRun run; bool trt; const char* metric; double measured; };
    std::vector<Row> rows{
        {"J1", {"jetson-nano-4gb", "llama.cpp-cuda-b1618", "tinyllama-1.1b", "Q4_K_M", 512, 0, std::nullopt, 5}, false, "pp", 20.99},
        {"J2", {"jetson-nano-4gb", "llama.cpp-cuda-b1618", "tinyllama-1.1b", "Q4_K_M", 0, 128, std::nullopt, 5}, false, "tg", 2.77},
        {"J3", {"jetson-nano-4gb", "llama.cpp-cuda-b1618", "tinyllama-1.1b", "Q4_K_M", 512, 0, std::nullopt, 24}, false, "pp", 54.18},
        {"J4", {"jetson-nano-4gb", "llama.cpp-cuda-b1618", "tinyllama-1.1b", "Q4_K_M", 0, 128, std::nullopt, 24}, false, "tg", 3.55},
        {"J6", {"jetson-nano-4gb", "llama.cpp-cpu", "tinyllama-1.1b", "Q4_K_M", 512, 0, }, false, "pp", 6.71},
        {"J7", {"jetson-nano-4gb", "llama.cpp-cpu", "tinyllama-1.1b", "Q4_K_M", 0, 128, }, false, "tg", 4.98},
        {"J22", {"jetson-agx-orin-64gb", "tensorrt-llm-int4-wo", "llama-3-8b", "q4f16_ft", 128, 128}, true, "ctx_ms", 91},
        {"J23", {"jetson-agx-orin-64gb", "tensorrt-llm-int4-wo", "llama-3-8b", "q4f16_ft", 128, 128}, true, "tg", 35.9},
        {"J24", {"jetson-agx-orin-64gb", "tensorrt-llm-int4-wo", "llama-3-8b", "q4f16_ft", 512, 512}, true, "ctx_ms", 260},
        {"J25", {"jetson-agx-orin-64gb", "tensorrt-llm-int4-wo", "llama-3-8b", "q4f16_ft", 512, 512}, true, "tg", 35.2},
        {"J26", {"jetson-agx-orin-64gb", "tensorrt-llm-int4-wo", "llama-3-8b", "q4f16_ft", 1024, 512}, true, "ctx_ms", 582},
        {"J27", {"jetson-agx-orin-64gb", "tensorrt-llm-int4-wo", "llama-3-8b", "q4f16_ft", 1024, 512}, true, "tg", 34.7},
        {"J88", {"jetson-orin-nano-8gb", "mlc-llm-q4f16_1", "llama-3.1-8b", "q4f16_1", 16, 128}, false, "tg", 14},
        {"J89", {"jetson-orin-nano-8gb-super", "mlc-llm-q4f16_1", "llama-3.1-8b", "q4f16_1", 16, 128}, false, "tg", 19.14},
        {"J90", {"jetson-orin-nano-8gb", "mlc-llm-q4f16_1", "llama-3.2-3b", "q4f16_1", 16, 128}, false, "tg", 27.7},
        {"J91", {"jetson-orin-nano-8gb-super", "mlc-llm-q4f16_1", "llama-3.2-3b", "q4f16_1", 16, 128}, false, "tg", 43.07},
        {"J92", {"jetson-orin-nano-8gb", "mlc-llm-q4f16_1", "qwen2.5-7b", "q4f16_1", 16, 128}, false, "tg", 14.2},
        {"J93", {"jetson-orin-nano-8gb-super", "mlc-llm-q4f16_1", "qwen2.5-7b", "q4f16_1", 16, 128}, false, "tg", 21.75},
    };
    for (auto& row : rows) {
        DesignPoint p = test::jetson_point(row.run);
        if (row.trt) test::trt_int4_weight_only(p);
        auto r = simulate(p);
        const std::string m = row.metric;
        double pred = m == "pp" ? r.summary.prefill_tok_s : m == "tg" ? r.summary.decode_tok_s : r.summary.ttft_s * 1e3;
        std::printf("%-4s %-6s measured %8.2f predicted %8.2f err %+6.1f%%  (decode %.2f prefill %.2f ttft %.1f ms)\n", row.id,
                    row.metric, row.measured, pred, 100 * (pred / row.measured - 1), r.summary.decode_tok_s,
                    r.summary.prefill_tok_s, r.summary.ttft_s * 1e3);
    }
}
