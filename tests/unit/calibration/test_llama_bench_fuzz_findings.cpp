// Inputs the fuzzers found crashing, kept as regression tests.
#include <catch2/catch.hpp>

#include "analysis/calibration/trace_parsers.h"
#include "sim/core/user_error.h"

TEST_CASE("llama-bench JSONL with a number beyond double range is a user error (fuzz finding)", "[calibration]") {
    CHECK_THROWS_AS(edgetwin::calib::parse_llama_bench_jsonl("{\"5.5,h me+on,s\": [50e1000200002]}\n", "x.jsonl"),
                    edgetwin::UserError);
    CHECK_THROWS_AS(edgetwin::calib::parse_llama_bench_json("[{\"avg_ts\": 1e999}]", "x.json"), edgetwin::UserError);
}
