// llama-bench outputs from shared/reference/formats.md §2.4 parse to the printed numbers; a
// corrupted copy of each is rejected at its line and column.
#include <catch2/catch.hpp>

#include "analysis/calibration/trace_parsers.h"
#include "calib_test_util.h"

using namespace edgetwin;
using namespace edgetwin::calib;
using edgetwin::test::col_of;
using edgetwin::test::corrupt;
using edgetwin::test::require_error_at;

namespace {

// README build 5163 JSON, one key per line as llama-bench writes it.
const std::string kJson = R"([
  {
    "build_commit": "8cf427ff",
    "build_number": 5163,
    "cpu_info": "AMD Ryzen 7 7800X3D 8-Core Processor",
    "gpu_info": "NVIDIA GeForce RTX 4080",
    "backends": "CUDA",
    "model_filename": "models/Qwen2.5-7B-Instruct-Q4_K_M.gguf",
    "model_type": "qwen2 7B Q4_K - Medium",
    "model_size": 4677120000,
    "model_n_params": 7615616512,
    "n_batch": 2048,
    "n_ubatch": 512,
    "n_threads": 8,
    "cpu_mask": "0x0",
    "cpu_strict": false,
    "poll": 50,
    "type_k": "f16",
    "type_v": "f16",
    "n_gpu_layers": 99,
    "split_mode": "layer",
    "main_gpu": 0,
    "no_kv_offload": false,
    "flash_attn": false,
    "tensor_split": "0.00",
    "use_mmap": true,
    "embeddings": false,
    "n_prompt": 512,
    "n_gen": 0,
    "n_depth": 0,
    "test_time": "2025-04-24T11:58:50Z",
    "avg_ns": 72135640,
    "stddev_ns": 1453752,
    "avg_ts": 7100.002165,
    "stddev_ts": 140.341520,
    "samples_ns": [ 74601900, 71632900, 71745200, 71952700, 70745500 ],
    "samples_ts": [ 6863.1, 7147.55, 7136.37, 7115.79, 7237.21 ]
  }
]
)";

const std::string kCsv2026Header =
    "build_commit,build_number,cpu_info,gpu_info,backends,model_filename,model_type,model_size,model_n_params,n_batch,"
    "n_ubatch,n_threads,cpu_mask,cpu_strict,poll,type_k,type_v,n_gpu_layers,n_cpu_moe,split_mode,main_gpu,no_kv_"
    "offload,flash_attn,devices,tensor_split,tensor_buft_overrides,use_mmap,use_direct_io,embeddings,no_op_offload,no_"
    "host,fit_target,fit_min_ctx,n_prompt,n_gen,n_depth,test_time,avg_ns,stddev_ns,avg_ts,stddev_ts";
const std::string kCsv2026Row =
    R"("d05fe1d7d","9010","Accelerate, Apple M4 Pro","Apple M4 Pro","BLAS,MTL","/Users/darvin/models/Qwen3.6-27B-Q4_K_S.gguf","qwen35 27B Q4_K - Small","15845165056","26895998464","2048","2048","8","0x0","0","50","q4_1","q4_1","99","0","layer","0","0","1","auto","0.00","none","1","0","0","0","0","0","0","4096","0","0","2026-05-20T18:44:36Z","42102228666","601071207","97.302719","1.375385")";

// Apr 2025 header (formats.md §2.2) with the README build 5163 CSV row.
const std::string kCsv2025Header =
    "build_commit,build_number,cpu_info,gpu_info,backends,model_filename,model_type,model_size,model_n_params,n_batch,"
    "n_ubatch,n_threads,cpu_mask,cpu_strict,poll,type_k,type_v,n_gpu_layers,split_mode,main_gpu,no_kv_offload,flash_"
    "attn,tensor_split,use_mmap,embeddings,n_prompt,n_gen,n_depth,test_time,avg_ns,stddev_ns,avg_ts,stddev_ts";
const std::string kCsv2025Row =
    R"("8cf427ff","5163","AMD Ryzen 7 7800X3D 8-Core Processor","NVIDIA GeForce RTX 4080","CUDA","models/Qwen2.5-7B-Instruct-Q4_K_M.gguf","qwen2 7B Q4_K - Medium","4677120000","7615616512","2048","512","8","0x0","0","50","f16","f16","99","layer","0","0","0","0.00","1","0","0","128","0","2025-04-24T11:57:10Z","1067431600","3834831","119.915244","0.430617")";

const std::string kMarkdown =
    "| model                          |       size |     params | backend    | ngl |            test |                  t/s |\n"
    "| ------------------------------ | ---------: | ---------: | ---------- | --: | --------------: | -------------------: |\n"
    "| qwen2 7B Q4_K - Medium         |   4.36 GiB |     7.62 B | CUDA       |  -1 |           pp512 |      7340.20 ± 23.45 |\n"
    "| qwen2 7B Q4_K - Medium         |   4.36 GiB |     7.62 B | CUDA       |  -1 |           tg128 |        120.60 ± 0.59 |\n"
    "| qwen2 7B Q4_K - Medium         |   4.36 GiB |     7.62 B | CUDA       |  -1 |    pp512 @ d512 |      6425.91 ± 18.88 |\n"
    "\n"
    "build: 8cf427ff (5163)\n";

}  // namespace

TEST_CASE("llama-bench JSON parses the README object", "[calibration]") {
    const auto rows = parse_llama_bench(kJson, "b.json");
    REQUIRE(rows.size() == 1);
    const BenchRow& r = rows[0];
    CHECK(r.line == 2);
    CHECK(r.get("model_type")->text == "qwen2 7B Q4_K - Medium");
    CHECK(r.get("model_n_params")->text == "7615616512");
    CHECK(r.get("n_prompt")->text == "512");
    CHECK(r.get("cpu_strict")->text == "0");
    CHECK(std::stod(r.get("avg_ts")->text) == Approx(7100.002165));
    CHECK(std::stod(r.get("stddev_ts")->text) == Approx(140.34152));
    REQUIRE(r.samples_ns.size() == 5);
    CHECK(r.samples_ns[4] == 70745500.0);
    CHECK(r.get("avg_ts")->line == 34);  // key positions are kept for error messages
}

TEST_CASE("llama-bench JSON rejects corruption at its position", "[calibration]") {
    // A missing comma: reported where the parser noticed, at the end of the next key (line 30).
    const std::string bad = corrupt(kJson, "\"n_gen\": 0,", "\"n_gen\": 0");
    require_error_at([&] { parse_llama_bench_json(bad, "b.json"); }, "b.json", 30, 13);
    const std::string bad_type = corrupt(kJson, "\"samples_ns\": [ 74601900", "\"samples_ns\": [ \"x\"");
    require_error_at([&] { parse_llama_bench_json(bad_type, "b.json"); }, "b.json", 36, 5);
}

TEST_CASE("llama-bench JSONL: one object per line", "[calibration]") {
    const std::string l1 = R"({"model_type": "llama 7B Q4_0", "n_prompt": 0, "n_gen": 128, "avg_ts": 25.5, "stddev_ts": 0.25, "samples_ns": [5000000000]})";
    const std::string l2 = R"({"model_type": "llama 7B Q4_0", "n_prompt": 512, "n_gen": 0, "avg_ts": 300.25, "stddev_ts": 1.5})";
    const auto rows = parse_llama_bench(l1 + "\n" + l2 + "\n", "b.jsonl");
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].line == 2);
    CHECK(rows[1].get("avg_ts")->text == "300.25");
    CHECK(rows[0].samples_ns == std::vector<double>{5e9});
    const std::string bad = corrupt(l2, "\"n_gen\": 0", "\"n_gen\": 0 0");
    require_error_at([&] { parse_llama_bench_jsonl(l1 + "\n" + bad + "\n", "b.jsonl"); }, "b.jsonl", 2,
                     col_of(bad, " 0,") + 1);
}

TEST_CASE("llama-bench CSV 2026 and 2025 schemas by header name", "[calibration]") {
    auto rows = parse_llama_bench(kCsv2026Header + "\n" + kCsv2026Row + "\n", "b.csv");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].get("cpu_info")->text == "Accelerate, Apple M4 Pro");
    CHECK(rows[0].get("model_type")->text == "qwen35 27B Q4_K - Small");
    CHECK(rows[0].get("n_prompt")->text == "4096");
    CHECK(rows[0].get("avg_ts")->text == "97.302719");
    CHECK(rows[0].get("stddev_ts")->text == "1.375385");
    rows = parse_llama_bench(kCsv2025Header + "\r\n" + kCsv2025Row + "\r\n", "b.csv");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].get("n_gen")->text == "128");
    CHECK(rows[0].get("avg_ts")->text == "119.915244");
    CHECK(rows[0].get("model_n_params")->text == "7615616512");
}

TEST_CASE("llama-bench CSV tolerates one value more than the header (2023 README)", "[calibration]") {
    // Header without `opencl`, row with it: measurement columns are aligned from the end.
    const std::string header = "build_commit,cuda,metal,model_type,n_prompt,n_gen,avg_ts,stddev_ts";
    const std::string row = R"("abc","1","0","0","llama 7B mostly Q4_0","512","0","2368.8","93.24")";
    const auto rows = parse_llama_bench_csv(header + "\n" + row + "\n", "old.csv");
    CHECK(rows[0].get("model_type")->text == "llama 7B mostly Q4_0");
    CHECK(rows[0].get("avg_ts")->text == "2368.8");
}

TEST_CASE("llama-bench CSV rejects an unterminated quote at its column", "[calibration]") {
    const std::string bad = corrupt(kCsv2026Row, R"("1.375385")", R"("1.375385)");
    require_error_at([&] { parse_llama_bench_csv(kCsv2026Header + "\n" + bad + "\n", "b.csv"); }, "b.csv", 2,
                     col_of(bad, R"("1.375385)"));
    const std::string bad2 = corrupt(kCsv2026Row, R"("97.302719")", R"("97.302719)");
    require_error_at([&] { parse_llama_bench_csv(kCsv2026Header + "\n" + bad2 + "\n", "b.csv"); }, "b.csv", 2,
                     col_of(bad2, R"(1.375385")"));  // the quote now closes early: text after it
}

TEST_CASE("llama-bench markdown, modern and 2023 spellings", "[calibration]") {
    auto rows = parse_llama_bench(kMarkdown, "b.md");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].get("test")->text == "pp512");
    CHECK(rows[1].get("t/s")->text == "120.60 ± 0.59");
    CHECK(rows[2].get("test")->text == "pp512 @ d512");
    CHECK(rows[0].get("size")->text == "4.36 GiB");
    CHECK(rows[0].line == 3);
    const std::string old =
        "| model | size | params | backend | ngl | test | t/s |\n|---|---|---|---|---|---|---|\n"
        "| llama 7B mostly Q4_0 | 3.56 GiB | 6.74 B | CUDA | 99 | pp 512 | 2368.80 ± 93.24 |\n";
    rows = parse_llama_bench(old, "old.md");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].get("test")->text == "pp 512");
    CHECK(rows[0].get("model")->text == "llama 7B mostly Q4_0");
    // A row that lost a cell: reported at its last cell.
    const std::string bad = corrupt(kMarkdown, "|  -1 |           tg128", "|           tg128");
    const std::string bad_line = "| qwen2 7B Q4_K - Medium         |   4.36 GiB |     7.62 B | CUDA       |           tg128 |        120.60 ± 0.59 |";
    require_error_at([&] { parse_llama_bench_markdown(bad, "b.md"); }, "b.md", 4, col_of(bad_line, "120.60"));
}

TEST_CASE("llama-bench SQL", "[calibration]") {
    const std::string sql =
        "CREATE TABLE IF NOT EXISTS test (\n  build_commit TEXT,\n  model_type TEXT,\n  n_prompt INTEGER,\n"
        "  n_gen INTEGER,\n  avg_ts REAL,\n  stddev_ts REAL\n);\n"
        "INSERT INTO test (build_commit, model_type, n_prompt, n_gen, avg_ts, stddev_ts) VALUES ('8cf427ff', 'qwen2 7B "
        "Q4_K - Medium', '0', '128', '119.915244', '0.430617');\n";
    const auto rows = parse_llama_bench(sql, "b.sql");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].get("model_type")->text == "qwen2 7B Q4_K - Medium");
    CHECK(rows[0].get("avg_ts")->text == "119.915244");
    CHECK(rows[0].line == 9);
    const std::string ins = sql.substr(sql.find("INSERT"));
    const std::string bad = corrupt(ins, "'0.430617')", "'0.430617'");
    require_error_at([&] { parse_llama_bench_sql(bad, "b.sql"); }, "b.sql", 1, col_of(bad, "';") + 1);  // at the ';' where ')' belongs
}
