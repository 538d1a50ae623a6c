// llama.cpp timing lines (all eras in formats.md §3, decimal commas), llama2.c, jtop CSV, PPK2,
// Joulescope and the generic CSV: example lines parse to their numbers; corruption is located.
#include <catch2/catch.hpp>

#include "analysis/calibration/fit.h"
#include "analysis/calibration/observations.h"
#include "sim/runner/simulate.h"
#include "calib_test_util.h"

using namespace edgetwin;
using namespace edgetwin::calib;
using edgetwin::test::col_of;
using edgetwin::test::corrupt;
using edgetwin::test::require_error_at;

namespace {
const std::string k2023 =
    "llama_print_timings:        load time =   907.71 ms\n"
    "llama_print_timings:      sample time =   301.80 ms /   512 runs   (    0.59 ms per token,  1696.48 tokens per second)\n"
    "llama_print_timings: prompt eval time =  6294.68 ms /   271 tokens (   23.23 ms per token,    43.05 tokens per second)\n"
    "llama_print_timings:        eval time = 115222.19 ms /   510 runs   (  225.93 ms per token,     4.43 tokens per second)\n"
    "llama_print_timings:       total time = 121963.55 ms\n";
const std::string k2024 =
    "llama_perf_sampler_print:    sampling time =     170.97 ms /   136 runs   (    1.26 ms per token,   795.48 tokens per second)\n"
    "llama_perf_context_print:        load time =    4450.58 ms\n"
    "llama_perf_context_print: prompt eval time =    4245.68 ms /     8 tokens (  530.71 ms per token,     1.88 tokens per second)\n"
    "llama_perf_context_print:        eval time =  124973.60 ms /   127 runs   (  984.04 ms per token,     1.02 tokens per second)\n"
    "llama_perf_context_print:       total time =  129561.47 ms /   135 tokens\n";
const std::string k2025 =
    "common_perf_print: unaccounted time =       3.18 ms /   0.1 %      (total - sampling - peval - eval) / (total)\n"
    "common_perf_print:    graphs reused =        508\n";
const std::string kServer =
    "slot print_timing: id  0 | task 12 | prompt eval time =     120.50 ms /    64 tokens (    1.88 ms per token,   531.12 tokens per second)\n"
    "slot print_timing: id  0 | task 12 |        eval time =    2000.00 ms /   100 tokens (   20.00 ms per token,    50.00 tokens per second)\n";
}  // namespace

TEST_CASE("llama.cpp timing lines of every era", "[calibration]") {
    auto t = parse_llama_timings(k2023, "a.log");
    REQUIRE(t.size() == 5);
    CHECK(t[0].what == "load");
    CHECK(t[0].ms == 907.71);
    CHECK(t[1].what == "sample");
    CHECK(*t[1].count == 512);
    CHECK(*t[1].tok_s == 1696.48);
    CHECK(t[2].what == "prompt eval");
    CHECK(*t[2].count == 271);
    CHECK(t[2].count_unit == "tokens");
    CHECK(t[3].ms == 115222.19);  // overflows its %8.2f field
    CHECK(*t[3].count == 510);
    CHECK(*t[3].tok_s == 4.43);
    CHECK(t[4].what == "total");
    t = parse_llama_timings(k2024, "b.log");
    REQUIRE(t.size() == 5);
    CHECK(t[0].what == "sampling");
    CHECK(t[2].ms == 4245.68);
    CHECK(*t[2].count == 8);
    CHECK(*t[3].count == 127);
    CHECK(*t[4].count == 135);
    t = parse_llama_timings(k2025, "c.log");
    REQUIRE(t.size() == 1);
    CHECK(t[0].what == "unaccounted");
    CHECK(t[0].ms == 3.18);
    CHECK(!t[0].count);  // "/ 0.1 %" is a share, not a count
    t = parse_llama_timings(kServer, "s.log");
    REQUIRE(t.size() == 2);
    CHECK(*t[1].tok_s == 50.0);
    // Decimal comma (2023 log under a comma locale).
    t = parse_llama_timings("llama_print_timings:        load time =   285,92 ms\n"
                            "llama_print_timings: prompt eval time =  6294,68 ms /   271 tokens (   23,23 ms per token,    43,05 tokens per second)\n",
                            "d.log");
    CHECK(t[0].ms == Approx(285.92));
    CHECK(t[1].ms == Approx(6294.68));
    CHECK(*t[1].tok_s == Approx(43.05));
}

TEST_CASE("llama.cpp timing logs become prefill and decode observations", "[calibration]") {
    TraceContext ctx;
    ctx.platform = "rpi5-8gb";
    ctx.model = "tinyllama-1.1b";
    ctx.quant = "Q4_0";
    const LoadedTrace lt = load_trace_text("some output\n" + k2024, "b.log", ctx);
    CHECK(lt.format == "llama-timings");
    REQUIRE(lt.observations.size() == 2);
    CHECK(lt.observations[0].metric == "prefill_tok_s");
    CHECK(lt.observations[0].value == Approx(8 / 4.24568));
    CHECK(lt.observations[0].n_prompt == 8);
    CHECK(lt.observations[1].metric == "decode_tok_s");
    CHECK(lt.observations[1].value == Approx(127 / 124.9736));
    CHECK(lt.observations[1].n_gen == 127);
}

TEST_CASE("llama.cpp timing lines reject a corrupted number at its column", "[calibration]") {
    const std::string bad = corrupt(k2023, "6294.68 ms", "6294.6x ms");
    const std::string line = "llama_print_timings: prompt eval time =  6294.6x ms /   271 tokens";
    require_error_at([&] { parse_llama_timings(bad, "a.log"); }, "a.log", 3, col_of(line, "6294.6x"));
    const std::string bad2 = corrupt(k2024, "170.97 ms", "170.97 s");
    require_error_at([&] { parse_llama_timings(bad2, "b.log"); }, "b.log", 1,
                     col_of("llama_perf_sampler_print:    sampling time =     170.97 s", "170.97 s") + 7);
}

TEST_CASE("llama2.c achieved tok/s", "[calibration]") {
    const auto r = parse_llama2c_log("Once upon a time, there was a cat.\nachieved tok/s: 110.436893\n", "l.log");
    REQUIRE(r.size() == 1);
    CHECK(r[0].tok_s == 110.436893);
    CHECK(r[0].line == 2);
    require_error_at([] { parse_llama2c_log("x\nachieved tok/s: 11o.4\n", "l.log"); }, "l.log", 2, 17);
}

TEST_CASE("jtop CSV by header name", "[calibration]") {
    const std::string csv =
        "time,uptime,CPU1,CPU2,RAM,GPU,Temp CPU,Power VDD_IN,Power TOT,jetson_clocks,nvp model\n"
        "2025-04-11 10:36:27.1,1234.5,12,OFF,0.31,45,44.5,5704,5704,ON,MAXN\n"
        "2025-04-11 10:36:28.1,1235.5,14,OFF,0.31,50,45.0,6100,6100,ON,MAXN\n";
    const auto rows = parse_jtop_csv(csv, "j.csv");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].numbers.at("Power TOT") == 5704);
    CHECK(rows[1].numbers.at("GPU") == 50);
    CHECK(rows[0].texts.at("CPU2") == "OFF");
    CHECK(rows[0].texts.at("nvp model") == "MAXN");
    CHECK(rows[0].texts.at("time") == "2025-04-11 10:36:27.1");
    const std::string bad = corrupt(csv, ",6100,6100,", ",6100,61O0,");
    require_error_at([&] { parse_jtop_csv(bad, "j.csv"); }, "j.csv", 3,
                     col_of("2025-04-11 10:36:28.1,1235.5,14,OFF,0.31,50,45.0,6100,61O0,ON,MAXN", "61O0"));
}

TEST_CASE("PPK2 CSV export", "[calibration]") {
    const std::string csv = "Timestamp(ms),Current(uA),D0-D7\n0.01,60000.000,11000000\n0.02,40000.000,11000000\n";
    const PowerTrace tr = parse_ppk2_csv(csv, "p.csv");
    REQUIRE(tr.samples.size() == 2);
    CHECK(*tr.samples[0].t_s == Approx(1e-5));
    CHECK(*tr.samples[0].current_A == Approx(0.06));
    CHECK(!tr.mean_power_W(std::nullopt));
    CHECK(*tr.mean_power_W(3.3) == Approx(0.05 * 3.3));
    const PowerTrace two = parse_ppk2_csv("Timestamp(ms),Current(uA)\n0.01,1.5\n", "p.csv");
    CHECK(*two.samples[0].current_A == Approx(1.5e-6));
    require_error_at([&] { parse_ppk2_csv(corrupt(csv, "40000.000", "4OOOO.000"), "p.csv"); }, "p.csv", 3, 6);
}

TEST_CASE("Joulescope CSV variants", "[calibration]") {
    PowerTrace tr = parse_joulescope_csv("#time,current,voltage,power,charge,energy\n0.5,0.1,5,0.5,0.05,0.25\n1.0,0.2,5,1.0,0.1,0.5\n", "s.csv");
    CHECK(tr.format == "joulescope-stats");
    CHECK(*tr.samples[1].t_s == 1.0);
    CHECK(*tr.mean_power_W(std::nullopt) == Approx(0.75));
    tr = parse_joulescope_csv("#current,voltage,power,charge,energy\n0.1,5,0.5,0,0\n", "s2.csv");
    CHECK(!tr.samples[0].t_s);
    tr = parse_joulescope_csv("#time,current,voltage,power,charge,energy\n20250101T120000.5Z,0.1,5,0.5,0,0\n", "s3.csv");
    CHECK(!tr.samples[0].t_s);  // UTC time stamps are kept as order only
    tr = parse_joulescope_csv("# time,JS220-000123.i,JS220-000123.v\n0.0,0.25,3.3\n0.001,0.35,3.3\n", "w.csv");
    CHECK(tr.format == "joulescope-waveform");
    CHECK(*tr.mean_power_W(std::nullopt) == Approx(0.3 * 3.3));
    tr = parse_joulescope_csv("0.012345,3.2999\n0.013,3.3\n", "c.csv");
    CHECK(tr.format == "joulescope-cli");
    CHECK(*tr.samples[0].current_A == 0.012345);
    CHECK(*tr.samples[1].voltage_V == 3.3);
    require_error_at([] { parse_joulescope_csv("0.012345,3.2999\n0.013,3.3,1\n", "c.csv"); }, "c.csv", 2, 11);
    require_error_at([] { parse_joulescope_csv("# time,JS220.i,JS220.v\n0.0,0.2.5,3.3\n", "w.csv"); }, "w.csv", 2, 5);
}

TEST_CASE("generic observation CSV", "[calibration]") {
    TraceContext ctx;
    ctx.platform = "rpi5-8gb";
    const std::string csv =
        "# measured by hand\nmetric,value,uncertainty,model,quant,n_prompt,n_gen,threads\n"
        "decode_tok_s,9.0,0.5,tinyllama-1.1b,Q8_0,0,128,4\nprefill_tok_s,\"35\",,tinyllama-1.1b,Q8_0,512,0,\n";
    const auto obs = parse_generic_csv(csv, "g.csv", ctx);
    REQUIRE(obs.size() == 2);
    CHECK(obs[0].metric == "decode_tok_s");
    CHECK(obs[0].value == 9.0);
    CHECK(obs[0].uncertainty == 0.5);
    CHECK(*obs[0].threads == 4);
    CHECK(obs[1].value == 35);
    CHECK(obs[1].n_prompt == 512);
    CHECK(!obs[1].threads);
    CHECK(obs[1].platform == "rpi5-8gb");
    require_error_at([&] { parse_generic_csv(corrupt(csv, "decode_tok_s,9.0", "decode_tok_z,9.0"), "g.csv", ctx); }, "g.csv", 3, 1);
    require_error_at([&] { parse_generic_csv(corrupt(csv, ",0.5,", ",0..5,"), "g.csv", ctx); }, "g.csv", 3, 18);
}

TEST_CASE("generic CSV power_mode column: the row's mode, else --power-mode, reaches the design point",
          "[calibration]") {
    TraceContext ctx;
    ctx.platform = "jetson-agx-orin-64gb";
    ctx.runtime = "llama.cpp-cuda";
    ctx.power_mode = "50W";
    const std::string csv =
        "metric,value,model,quant,n_prompt,n_gen,power_mode\n"
        "decode_tok_s,5.37,tinyllama-1.1b,Q4_0,0,16,30W\n"
        "decode_tok_s,6.84,tinyllama-1.1b,Q4_0,0,16,\n";
    const auto obs = load_trace_text(csv, "g.csv", ctx).observations;
    REQUIRE(obs.size() == 2);
    CHECK(*obs[0].power_mode == "30W");
    CHECK(*obs[1].power_mode == "50W");  // empty cell: the command line's mode
    // AGX Orin 30W caps the GPU at 612 MHz on 8 SMs, 50W at 816 MHz (nvpmodel_p3701_0000.conf).
    const DesignPoint p30 = observation_point(obs[0]);
    CHECK(build_platform(p30)->compute_unit_clock_hz(0) == Approx(612e6));
    CHECK(build_platform(observation_point(obs[1]))->compute_unit_clock_hz(0) == Approx(816e6));
    // A mode the board does not have is named with the row it came from.
    Observation bad = obs[0];
    bad.power_mode = "7W";
    CHECK_THROWS_WITH(build_platform(observation_point(bad)),
                      Catch::Contains("g.csv:2") && Catch::Contains("unknown power mode '7W'"));
}
