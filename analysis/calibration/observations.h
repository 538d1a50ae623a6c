#pragma once
// Calibration observations: one measured number with what produced it,
// (platform, runtime, model, quant, settings, metric, value, uncertainty), read from any trace
// format in trace_parsers.h. Trace files rarely name the board, so platform/runtime come from the
// context (the calibrate command line); workload fields the trace lacks come from it too.
#include <optional>
#include <string>
#include <vector>

#include "analysis/calibration/trace_parsers.h"

namespace edgetwin::calib {

// Metrics the simulator predicts (RunSummary fields), with their units.
//   prefill_tok_s [tok/s], decode_tok_s [tok/s], combined_tok_s [tok/s] ((n_prompt+n_gen)/total),
//   ttft_s [s], prefill_s [s], avg_power_W [W], energy_per_token_J [J]
const std::vector<std::string>& metric_names();
std::string metric_unit(const std::string& metric);

struct Observation {
    std::string source;  // "file:line"
    std::string id;      // the row's own name where the trace gives one (generic CSV `id`), else empty
    std::string platform, runtime, model, quant;
    long long n_prompt = 0, n_gen = 0;
    std::optional<long long> threads, gpu_layers;
    std::optional<std::string> power_mode;  // the board's power mode during the run (preset default if unset)
    std::string metric;
    double value = 0;
    double uncertainty = 0;  // one standard deviation, same unit as value; 0 = unknown
    std::string reference;   // where the value was published (generic CSV `source`), if the trace says
    std::string fitted;      // what was fitted to this row or changed with it in view; empty = nothing
};

struct TraceContext {
    std::string platform, runtime;  // required for fitting; runtime may be empty (preset default)
    std::string model, quant;       // used when the trace does not name them (and override llama-bench's)
    std::optional<long long> n_prompt, n_gen, threads, gpu_layers;
    std::optional<std::string> power_mode;  // applies to every row that does not name its own
    std::optional<double> supply_V;  // PPK2: the voltage it sourced
    std::string format = "auto";     // or one of trace_format_names()
};

const std::vector<std::string>& trace_format_names();
// Format name for a file's text ("llama-bench", "llama-timings", "tegrastats", "jtop", "llama2c",
// "ppk2", "joulescope", "generic-csv"); UserError if nothing fits.
std::string sniff_trace_format(const std::string& text, const std::string& file);

struct LoadedTrace {
    std::string format;
    std::vector<Observation> observations;
    std::vector<std::string> notes;  // rows skipped and why
};
LoadedTrace load_trace_text(const std::string& text, const std::string& file, const TraceContext& ctx);
LoadedTrace load_trace_file(const std::string& path, const TraceContext& ctx);

// llama-bench rows -> observations (model mapped to a card, quant from the ftype name).
LoadedTrace bench_rows_to_observations(const std::vector<BenchRow>& rows, const std::string& file,
                                       const TraceContext& ctx);

// The documented generic CSV (see generic_csv.cpp): metric,value[,uncertainty,model,quant,...,id,platform,runtime].
std::vector<Observation> parse_generic_csv(const std::string& text, const std::string& file, const TraceContext& ctx);

// llama-bench model description -> (card, quant). `model_type` is "arch size ftype-name"
// ("qwen2 7B Q4_K - Medium", "llama 7B mostly Q4_0"); n_params and size_B (either may be absent)
// select the card: the card's parameter count must be within 3 % of n_params (or of the display
// size label) and, with size_B, the card's footprint in that quant within 25 %. Throws UserError at
// `where` naming the candidates when nothing or more than one card fits.
struct ModelMatch {
    std::string card, quant;
};
ModelMatch match_bench_model(const std::string& model_type, std::optional<double> n_params,
                             std::optional<double> size_B, const std::string& file, const Cell& where);
// "Q4_K - Medium" -> "Q4_K_M", "mostly Q4_0" -> "Q4_0", "IQ4_XS - 4.25 bpw" -> "IQ4_XS".
std::string quant_from_ftype_name(const std::string& ftype_name);

}  // namespace edgetwin::calib
