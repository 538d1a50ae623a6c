// llama-bench's value lists and ranges (tools/llama-bench/llama-bench.cpp parse_int_range) and the
// predicted tests written back in its formats.
#include <catch2/catch.hpp>

#include <sstream>

#include "analysis/bench/llama_bench_args.h"
#include "analysis/bench/llama_bench_writer.h"
#include "sim/core/json_io.h"
#include "sim/core/user_error.h"

using namespace edgetwin;

TEST_CASE("llama-bench integer lists: commas, first-last, +step and *factor ranges", "[bench]") {
    CHECK(parse_int_values("0,99", "-ngl") == std::vector<long long>{0, 99});
    CHECK(parse_int_values("1-4", "-t") == std::vector<long long>{1, 2, 3, 4});
    CHECK(parse_int_values("8-32+8", "-p") == std::vector<long long>{8, 16, 24, 32});
    CHECK(parse_int_values("1-16*2", "-t") == std::vector<long long>{1, 2, 4, 8, 16});
    CHECK(parse_int_values("0,10-30+10,99", "-ngl") == std::vector<long long>{0, 10, 20, 30, 99});
    CHECK(parse_int_values("-1", "-fa") == std::vector<long long>{-1});  // a sign, not a range
    CHECK_THROWS_AS(parse_int_values("4-1", "-t"), UserError);
    CHECK_THROWS_AS(parse_int_values("0-8*2", "-t"), UserError);  // 0 x 2 never reaches 8
    CHECK_THROWS_AS(parse_int_values("1,,2", "-t"), UserError);
    CHECK_THROWS_AS(parse_int_values("1-1000000000", "-p"), UserError);  // refused before it allocates
    CHECK(parse_word_values("f16,q8_0", "-ctk") == std::vector<std::string>{"f16", "q8_0"});
}

TEST_CASE("llama-bench's single-dash flags become long options, other arguments pass through", "[bench]") {
    const std::vector<std::string> in{"bench", "-m", "x.gguf", "-ngl", "0,99", "-pg", "512,128", "-fa", "1", "-ctk", "q8_0",
                                      "--platform", "rpi5-8gb"};
    const std::vector<std::string> want{"bench", "--model", "x.gguf", "--n-gpu-layers", "0,99", "--prompt-gen", "512,128",
                                        "--flash-attn", "1", "--cache-type-k", "q8_0", "--platform", "rpi5-8gb"};
    CHECK(rewrite_llama_bench_flags(in) == want);
}

TEST_CASE("a predicted test in llama-bench JSON: avg_ns is the whole test's time, samples repeat it", "[bench]") {
    PredictedBenchTest t;
    t.model_type = "llama 1B Q4_0";
    t.n_prompt = 512;
    t.avg_ts = 1024.0;  // 512 tokens at 1024 tok/s take 0.5 s
    t.repetitions = 3;
    t.backends = "CUDA";
    std::ostringstream os;
    write_bench(os, "json", {t}, BenchBuild{"abc", "2026-12-08T00:00:00Z"});
    const Json j = Json::parse(os.str());
    REQUIRE(j.size() == 1);
    CHECK(j[0]["avg_ns"] == 500000000);
    CHECK(j[0]["samples_ns"].size() == 3);
    CHECK(j[0]["n_depth"] == 0);
    CHECK(bench_test_name(t) == "pp512");
    t.n_gen = 128;
    CHECK(bench_test_name(t) == "pp512+tg128");
    std::ostringstream md;
    write_bench(md, "md", {t}, BenchBuild{"abc", "now"});
    CHECK(md.str().find("| pp512+tg128 |") != std::string::npos);
    CHECK(md.str().find("1024.00 \u00b1 0.00") != std::string::npos);
}
