// Inputs the fuzzers found crashing, kept as regression tests.
#include <catch2/catch.hpp>

#include "analysis/calibration/trace_parsers.h"
#include "sim/core/user_error.h"

TEST_CASE("llama-bench JSONL with a number beyond double range is a user error (fuzz finding)", "[calibration]") {
    CHECK_THROWS_AS(edgetwin::calib::parse_llama_bench_jsonl("{\"5.5,h me+on,s\": [50e1000200002]}\n", "x.jsonl"),
                    edgetwin::UserError);
    CHECK_THROWS_AS(edgetwin::calib::parse_llama_bench_json("[{\"avg_ts\": 1e999}]", "x.json"), edgetwin::UserError);
}

TEST_CASE("llama.cpp timing line with a token count beyond 64 bits is a user error (fuzz finding)", "[calibration]") {
    const std::string line =
        "llama_print_timings:        eval time =    1000.00 ms / 99999999999999999999999 runs   (   10.00 ms per token,   100.00 tokens per second)\n";
    CHECK_THROWS_WITH(edgetwin::calib::parse_llama_timings(line, "x.log"), Catch::Contains("out of range"));
}
