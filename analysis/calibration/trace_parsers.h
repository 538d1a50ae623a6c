#pragma once
// Parsers of the trace formats users already have (shared/reference/formats.md). Each takes the
// file's text and its name (for errors) and returns what the file says, in SI-free native units
// as printed (tok/s, ms, mW, A, V); observations.h turns them into calibration observations.
// Malformed input throws UserError(file, "line L column C", detail). One parser per .cpp file.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/calibration/trace_text.h"

namespace edgetwin::calib {

// ---- llama-bench (-o json|jsonl|csv|md|sql): one row per test, columns by name ----------------
struct BenchRow {
    int line = 0;                       // where the row starts
    std::map<std::string, Cell> cells;  // column name -> text (numbers as printed)
    std::vector<double> samples_ns;     // JSON/JSONL only
    const Cell* get(const std::string& name) const {
        auto it = cells.find(name);
        return it == cells.end() ? nullptr : &it->second;
    }
};
std::vector<BenchRow> parse_llama_bench_json(const std::string& text, const std::string& file);
std::vector<BenchRow> parse_llama_bench_jsonl(const std::string& text, const std::string& file);
std::vector<BenchRow> parse_llama_bench_csv(const std::string& text, const std::string& file);
// Markdown rows keep the display columns (model, size, params, backend, test, t/s, ...).
std::vector<BenchRow> parse_llama_bench_markdown(const std::string& text, const std::string& file);
std::vector<BenchRow> parse_llama_bench_sql(const std::string& text, const std::string& file);
// Sniffs the format from the first non-blank character ('[' json, '{' jsonl, '|' md, CREATE sql).
std::vector<BenchRow> parse_llama_bench(const std::string& text, const std::string& file);

// ---- llama.cpp timing lines (llama_print_timings / llama_perf_* / common_perf_print / server) ---
struct TimingLine {
    int line = 0;
    std::string what;           // load, sample, sampling, samplers, prompt eval, eval, generation eval, total, unaccounted
    double ms = 0;
    std::optional<long long> count;  // tokens or runs after " / "
    std::string count_unit;          // "tokens" | "runs" | ""
    std::optional<double> tok_s;     // printed "tokens per second", when present
};
std::vector<TimingLine> parse_llama_timings(const std::string& text, const std::string& file);

// ---- tegrastats (every JetPack variant) --------------------------------------------------------
struct TegraRail {
    double cur_mW = 0, avg_mW = 0;
};
struct TegraSample {
    int line = 0;
    std::string timestamp;  // "MM-DD-YYYY HH:MM:SS" on JP5+, else empty
    std::optional<double> ram_used_MB, ram_total_MB;
    std::vector<std::optional<std::pair<double, double>>> cpu;  // (load %, MHz or NaN); nullopt = off
    std::optional<double> emc_pct, emc_MHz;
    std::optional<double> gpu_pct;
    std::vector<double> gpu_MHz;                // one per GPC
    std::map<std::string, double> temps_C;      // lower-cased sensor name; -256C (absent) dropped
    std::map<std::string, TegraRail> rails;     // rail name as printed
    std::map<std::string, std::string> engines; // APE, VIC_FREQ, NVENC, ... -> "off" or MHz text
};
std::vector<TegraSample> parse_tegrastats(const std::string& text, const std::string& file);
// Total input power of a sample in W: VDD_IN, POM_5V_IN or VIN_SYS_5V0; nullopt if none.
std::optional<double> tegra_input_power_W(const TegraSample& s);

// ---- jtop CSV (jtop_logger.py: header = jetson.stats keys) -------------------------------------
struct JtopRow {
    int line = 0;
    std::map<std::string, double> numbers;      // numeric columns ("Power TOT" in mW, "Temp CPU" in C)
    std::map<std::string, std::string> texts;   // the rest ("time", "OFF", "nvp model")
};
std::vector<JtopRow> parse_jtop_csv(const std::string& text, const std::string& file);

// ---- llama2.c "achieved tok/s: %f" (stderr of run / runq) --------------------------------------
struct Llama2cRate {
    int line = 0;
    double tok_s = 0;
};
std::vector<Llama2cRate> parse_llama2c_log(const std::string& text, const std::string& file);

// ---- power meters -----------------------------------------------------------------------------
struct PowerSample {
    int line = 0;
    std::optional<double> t_s;
    std::optional<double> current_A, voltage_V, power_W;
};
struct PowerTrace {
    std::string format;  // "ppk2", "joulescope-stats", "joulescope-waveform", "joulescope-cli"
    std::vector<PowerSample> samples;
    std::optional<double> mean_power_W(std::optional<double> supply_V) const;
};
PowerTrace parse_ppk2_csv(const std::string& text, const std::string& file);
PowerTrace parse_joulescope_csv(const std::string& text, const std::string& file);

}  // namespace edgetwin::calib
