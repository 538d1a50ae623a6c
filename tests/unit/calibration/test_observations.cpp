// llama-bench rows become observations with a model card and quant; unmatched models are rejected
// with the candidates; markdown display columns convert; power traces need the workload.
#include <catch2/catch.hpp>

#include "analysis/calibration/observations.h"
#include "calib_test_util.h"

using namespace edgetwin;
using namespace edgetwin::calib;
using edgetwin::test::require_error_at;

namespace {
TraceContext rpi5() {
    TraceContext c;
    c.platform = "rpi5-8gb";
    return c;
}
}  // namespace

TEST_CASE("ftype display names map to quant schemes", "[calibration]") {
    CHECK(quant_from_ftype_name("Q4_K - Medium") == "Q4_K_M");
    CHECK(quant_from_ftype_name("Q4_K - Small") == "Q4_K_S");
    CHECK(quant_from_ftype_name("Q3_K - Large") == "Q3_K_L");
    CHECK(quant_from_ftype_name("mostly Q4_0") == "Q4_0");
    CHECK(quant_from_ftype_name("IQ4_XS - 4.25 bpw") == "IQ4_XS");
    CHECK(quant_from_ftype_name("Q8_0") == "Q8_0");
}

TEST_CASE("llama-bench JSONL rows map to TinyLlama by parameter count", "[calibration]") {
    // TinyLlama-1.1B Q4_K_M as llama-bench reports it (J1/J6 of measurements.md: 636.18 MiB).
    const std::string jsonl =
        R"({"model_type": "llama 1B Q4_K - Medium", "model_size": 667078656, "model_n_params": 1100048384, "backends": "CPU", "n_threads": 4, "n_gpu_layers": 99, "n_prompt": 512, "n_gen": 0, "n_depth": 0, "avg_ts": 6.71, "stddev_ts": 0.0})"
        "\n"
        R"({"model_type": "llama 1B Q4_K - Medium", "model_size": 667078656, "model_n_params": 1100048384, "backends": "CPU", "n_threads": 4, "n_gpu_layers": 99, "n_prompt": 0, "n_gen": 128, "n_depth": 0, "avg_ts": 4.98, "stddev_ts": 0.01})"
        "\n"
        R"({"model_type": "llama 1B Q4_K - Medium", "model_size": 667078656, "model_n_params": 1100048384, "backends": "CPU", "n_threads": 4, "n_prompt": 512, "n_gen": 0, "n_depth": 512, "avg_ts": 6.0, "stddev_ts": 0.0})"
        "\n";
    const LoadedTrace lt = load_trace_text(jsonl, "nano.jsonl", rpi5());
    CHECK(lt.format == "llama-bench");
    REQUIRE(lt.observations.size() == 2);
    REQUIRE(lt.notes.size() == 1);  // the n_depth row
    const Observation& pp = lt.observations[0];
    CHECK(pp.model == "tinyllama-1.1b");
    CHECK(pp.quant == "Q4_K_M");
    CHECK(pp.metric == "prefill_tok_s");
    CHECK(pp.value == 6.71);
    CHECK(pp.n_prompt == 512);
    CHECK(*pp.threads == 4);
    CHECK(!pp.gpu_layers);  // CPU backend: ngl is meaningless
    CHECK(lt.observations[1].metric == "decode_tok_s");
    CHECK(lt.observations[1].uncertainty == 0.01);
    CHECK(pp.source == "nano.jsonl:1");
}

TEST_CASE("llama-bench models without a card are rejected with candidates", "[calibration]") {
    const std::string row =
        R"({"model_type": "qwen35 27B Q4_K - Small", "model_size": 15845165056, "model_n_params": 26895998464, "n_prompt": 0, "n_gen": 128, "avg_ts": 9.7})";
    try {
        load_trace_text(row + "\n", "m.jsonl", rpi5());
        FAIL("expected a rejection");
    } catch (const UserError& e) {
        CHECK(e.key_path() == "line 1 column 2");
        CHECK(std::string(e.what()).find("matches no model card") != std::string::npos);
        CHECK(std::string(e.what()).find("--model") != std::string::npos);
    }
    // A size inconsistent with the quant (F16-sized file named Q4_0) is not silently accepted.
    const std::string wrong =
        R"({"model_type": "llama 1B Q4_0", "model_size": 2200000000, "model_n_params": 1100048384, "n_prompt": 0, "n_gen": 128, "avg_ts": 9.7})";
    require_error_at([&] { load_trace_text(wrong + "\n", "w.jsonl", rpi5()); }, "w.jsonl", 1, 2);
}

TEST_CASE("llama-bench markdown rows convert display columns", "[calibration]") {
    const std::string md =
        "| model | size | params | backend | threads | test | t/s |\n| --- | ---: | ---: | --- | ---: | ---: | ---: |\n"
        "| llama 1B Q8_0 | 1.09 GiB | 1.10 B | CPU | 4 | pp 512 | 35.00 ± 1.20 |\n"
        "| llama 1B Q8_0 | 1.09 GiB | 1.10 B | CPU | 4 | tg128 | 9.00 ± 0.10 |\n";
    const LoadedTrace lt = load_trace_text(md, "s13.md", rpi5());
    REQUIRE(lt.observations.size() == 2);
    CHECK(lt.observations[0].model == "tinyllama-1.1b");
    CHECK(lt.observations[0].quant == "Q8_0");
    CHECK(lt.observations[0].n_prompt == 512);
    CHECK(lt.observations[0].value == 35.0);
    CHECK(lt.observations[0].uncertainty == 1.2);
    CHECK(lt.observations[1].n_gen == 128);
    CHECK(*lt.observations[1].threads == 4);
    const std::string bad = edgetwin::test::corrupt(md, "tg128", "tgx128");
    require_error_at([&] { load_trace_text(bad, "s13.md", rpi5()); }, "s13.md", 4,
                     edgetwin::test::col_of("| llama 1B Q8_0 | 1.09 GiB | 1.10 B | CPU | 4 | tgx128 |", "tgx128"));
}

TEST_CASE("power traces need the workload and become avg_power_W", "[calibration]") {
    const std::string teg =
        "RAM 2461/7620MB (lfb 3x2MB) CPU [19%@729,off] VDD_IN 5000mW/5000mW\n"
        "RAM 2461/7620MB (lfb 3x2MB) CPU [19%@729,off] VDD_IN 7000mW/6000mW\n";
    TraceContext c = rpi5();
    CHECK_THROWS_WITH(load_trace_text(teg, "t.log", c), Catch::Contains("--model, --quant, --n-prompt and --n-gen"));
    c.model = "tinyllama-1.1b";
    c.quant = "Q4_0";
    c.n_prompt = 0;
    c.n_gen = 128;
    // A board monitor of a Jetson says nothing about a Raspberry Pi's power.
    CHECK_THROWS_WITH(load_trace_text(teg, "t.log", c), Catch::Contains("comes from a Jetson board, but --platform rpi5-8gb"));
    c.platform = "jetson-orin-nano-8gb";
    const LoadedTrace lt = load_trace_text(teg, "t.log", c);
    CHECK(lt.format == "tegrastats");
    REQUIRE(lt.observations.size() == 1);
    CHECK(lt.observations[0].metric == "avg_power_W");
    CHECK(lt.observations[0].value == Approx(6.0));
    CHECK(lt.observations[0].uncertainty == Approx(1.0));  // sd sqrt(2) / sqrt(2)
    CHECK_THROWS_WITH(load_trace_text("Timestamp(ms),Current(uA)\n0.01,1000\n", "p.csv", c),
                      Catch::Contains("--supply-voltage"));
    c.supply_V = 3.0;
    CHECK(load_trace_text("Timestamp(ms),Current(uA)\n0.01,1000\n", "p.csv", c).observations[0].value == Approx(3e-3));
    CHECK(sniff_trace_format("achieved tok/s: 5\n", "x") == "llama2c");
    CHECK(sniff_trace_format("#time,current,voltage,power,charge,energy\n", "x") == "joulescope");
    CHECK(sniff_trace_format("time,uptime,Power TOT\n", "x") == "jtop");
    require_error_at([] { sniff_trace_format("hello\n", "x"); }, "x", 1, 1);
}
