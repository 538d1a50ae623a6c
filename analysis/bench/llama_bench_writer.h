#pragma once
// Predicted llama-bench tests written in llama-bench's own output formats (md, csv, json, jsonl, sql;
// shared/reference/formats.md §2), so the tools that read llama-bench files read these, and
// `edgetwin calibrate` accepts them back.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace edgetwin {

struct PredictedBenchTest {
    // llama-bench's identifying fields.
    std::string cpu_info, gpu_info, backends, model_filename, model_type;
    double model_size_B = 0, model_n_params = 0;
    long long n_batch = 2048, n_ubatch = 512, n_threads = 0, n_gpu_layers = 0, n_prompt = 0, n_gen = 0;
    std::string type_k = "f16", type_v = "f16";
    bool flash_attn = false;
    int repetitions = 5;
    // The prediction: tokens per second of the whole test (pp: prompt, tg: generated, pg: both).
    double avg_ts = 0;
    std::optional<double> lo_ts, hi_ts;  // 80 % band, where the corpus or a calibration gives one
    // edgetwin's own columns (llama-bench readers keep unknown columns).
    std::string platform, runtime, power_mode;
};

struct BenchBuild {
    std::string commit;  // edgetwin's git commit
    std::string time;    // RFC 3339 UTC, one stamp for the whole table
};

// "pp512", "tg128", "pp512+tg128" as llama-bench names a test.
std::string bench_test_name(const PredictedBenchTest& t);

const std::vector<std::string>& bench_output_formats();  // md, csv, json, jsonl, sql
void write_bench(std::ostream& os, const std::string& format, const std::vector<PredictedBenchTest>& tests,
                 const BenchBuild& build);

}  // namespace edgetwin
