// Trace files -> observations: picks the parser (explicit --format or sniffed from the text) and
// adds the context the trace does not carry. Power traces say nothing about what ran, so they need
// model, quant, n_prompt and n_gen from the context.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "analysis/calibration/observations.h"
#include "hwmodels/platform_registry.h"
#include "sim/core/input_file.h"
#include "sim/core/user_error.h"

namespace edgetwin::calib {
namespace {

Observation from_context(const TraceContext& ctx, const std::string& file, int line, const std::string& what) {
    Observation o;
    o.source = file + ":" + std::to_string(line);
    o.platform = ctx.platform;
    o.runtime = ctx.runtime;
    if (ctx.model.empty() || ctx.quant.empty() || !ctx.n_prompt || !ctx.n_gen)
        throw UserError(file, "", what + " does not say what ran: give --model, --quant, --n-prompt and --n-gen");
    o.model = ctx.model;
    o.quant = ctx.quant;
    o.n_prompt = *ctx.n_prompt;
    o.n_gen = *ctx.n_gen;
    o.threads = ctx.threads;
    o.gpu_layers = ctx.gpu_layers;
    return o;
}

// Mean and standard error of the mean of `v`.
std::pair<double, double> mean_sem(const std::vector<double>& v) {
    double m = 0;
    for (double x : v) m += x;
    m /= static_cast<double>(v.size());
    double ss = 0;
    for (double x : v) ss += (x - m) * (x - m);
    const double sd = v.size() > 1 ? std::sqrt(ss / static_cast<double>(v.size() - 1)) : 0.0;
    return {m, sd / std::sqrt(static_cast<double>(v.size()))};
}

Observation power_obs(const TraceContext& ctx, const std::string& file, int line, const std::string& what,
                      const std::vector<double>& watts) {
    Observation o = from_context(ctx, file, line, what);
    o.metric = "avg_power_W";
    std::tie(o.value, o.uncertainty) = mean_sem(watts);
    return o;
}

}  // namespace

const std::vector<std::string>& metric_names() {
    static const std::vector<std::string> m{"prefill_tok_s", "decode_tok_s", "combined_tok_s", "ttft_s",
                                            "prefill_s",     "avg_power_W",  "energy_per_token_J"};
    return m;
}

std::string metric_unit(const std::string& metric) {
    if (metric.size() > 6 && metric.compare(metric.size() - 6, 6, "_tok_s") == 0) return "tok/s";
    if (metric == "avg_power_W") return "W";
    if (metric == "energy_per_token_J") return "J";
    return "s";
}

const std::vector<std::string>& trace_format_names() {
    static const std::vector<std::string> f{"llama-bench", "llama-timings", "tegrastats", "jtop",
                                            "llama2c",     "ppk2",          "joulescope", "generic-csv"};
    return f;
}

std::string sniff_trace_format(const std::string& text, const std::string& file) {
    const std::vector<std::string> lines = split_lines(text);
    std::string first;
    for (const auto& l : lines)
        if (!trim(l).empty()) {
            first = trim(l);
            break;
        }
    if (first.empty()) fail_at(file, 1, 1, "empty trace file");
    if (first[0] == '#') {  // comment lines above a generic CSV header (a Joulescope header is itself '#...')
        for (const auto& l : lines) {
            const std::string t = trim(l);
            if (t.empty() || t[0] == '#') continue;
            if (starts_with(t, "metric,") || t.find(",metric,") != std::string::npos) return "generic-csv";
            break;
        }
    }
    const char c = first[0];
    if (c == '[' || c == '{' || c == '|' || first.find("build_commit") != std::string::npos ||
        starts_with(lower(first), "create table"))
        return "llama-bench";
    if (starts_with(first, "Timestamp(ms)") || starts_with(first, "Current(uA)")) return "ppk2";
    if (c == '#' && (first.find("current") != std::string::npos || first.find(".i") != std::string::npos))
        return "joulescope";
    if (starts_with(first, "metric,") || first.find(",metric,") != std::string::npos) return "generic-csv";
    if (first.find("RAM ") != std::string::npos && first.find("MB") != std::string::npos) return "tegrastats";
    if (starts_with(first, "time,") && (first.find("uptime") != std::string::npos || first.find("Power") != std::string::npos))
        return "jtop";
    if (text.find("achieved tok/s:") != std::string::npos) return "llama2c";
    if (text.find(" time =") != std::string::npos && text.find(" ms") != std::string::npos) return "llama-timings";
    double v = 0;
    const auto comma = first.find(',');
    if (comma != std::string::npos && try_parse_number(first.substr(0, comma), &v)) return "joulescope";
    fail_at(file, 1, 1,
            "cannot tell the trace format; pass --format (llama-bench, llama-timings, tegrastats, jtop, llama2c, "
            "ppk2, joulescope, generic-csv)");
}

namespace {

// Values no real board produces (1e308 tok/s, 1e-300 W) would be "fitted" by driving parameters to
// their bounds and printing 300-digit percentages: refuse them where they are read.
void check_plausible(const Observation& o) {
    const std::string unit = metric_unit(o.metric);
    double lo = 0, hi = 0;
    if (unit == "tok/s") lo = 1e-4, hi = 1e6;
    else if (unit == "s") lo = 1e-7, hi = 1e5;
    else if (unit == "W") lo = 1e-6, hi = 1e4;
    else if (unit == "J") lo = 1e-9, hi = 1e6;
    else return;
    if (!(o.value >= lo && o.value <= hi)) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "%s = %.4g %s is outside the plausible range %g..%g %s", o.metric.c_str(), o.value,
                      unit.c_str(), lo, hi, unit.c_str());
        throw UserError(o.source, "value", buf);
    }
    if (!(o.uncertainty >= 0 && o.uncertainty <= o.value * 10))
        throw UserError(o.source, "uncertainty", "must be between 0 and 10x the value");
}

// Board monitors (tegrastats, jtop) exist only on Jetson modules: their rails say nothing about
// another family's power.
void check_trace_fits_platform(const LoadedTrace& t, const std::string& file, const TraceContext& ctx) {
    if ((t.format != "tegrastats" && t.format != "jtop") || ctx.platform.empty()) return;
    const PresetFile preset = load_platform_preset(ctx.platform, "command line", "--platform");
    const std::string family = optional_string(preset.json, "family", "", preset.path, "");
    if (family != "jetson")
        throw UserError(file, "", "a " + t.format + " log comes from a Jetson board, but --platform " + brief(ctx.platform) +
                                      " is of the " + (family.empty() ? std::string("unknown") : family) +
                                      " family (calibrate a jetson-* preset with it)");
}

LoadedTrace parse_trace(const std::string& text, const std::string& file, const TraceContext& ctx);
}  // namespace

LoadedTrace load_trace_text(const std::string& text, const std::string& file, const TraceContext& ctx) {
    LoadedTrace t = parse_trace(text, file, ctx);
    check_trace_fits_platform(t, file, ctx);
    for (auto& o : t.observations) {
        if (!o.power_mode) o.power_mode = ctx.power_mode;
        check_plausible(o);
    }
    return t;
}

namespace {

LoadedTrace parse_trace(const std::string& text, const std::string& file, const TraceContext& ctx) {
    const std::string fmt = ctx.format == "auto" || ctx.format.empty() ? sniff_trace_format(text, file) : ctx.format;
    LoadedTrace out;
    if (fmt == "llama-bench") return bench_rows_to_observations(parse_llama_bench(text, file), file, ctx);
    out.format = fmt;
    if (fmt == "generic-csv") {
        out.observations = parse_generic_csv(text, file, ctx);
    } else if (fmt == "llama-timings") {
        TraceContext c = ctx;  // the log says how many tokens: they define the workload
        std::optional<TimingLine> prompt, eval;
        for (const auto& t : parse_llama_timings(text, file)) {
            if (t.what == "prompt eval") prompt = t;
            if (t.what == "eval" || t.what == "generation eval") eval = t;
            if (!(prompt && eval)) continue;
            // One run printed both lines: one workload, two observations.
            c.n_prompt = prompt->count.value_or(0);
            c.n_gen = eval->count.value_or(0);
            if (*c.n_prompt > 0 && prompt->ms > 0) {
                Observation o = from_context(c, file, prompt->line, "a llama.cpp timing log");
                o.metric = "prefill_tok_s";
                o.value = *c.n_prompt / (prompt->ms * 1e-3);
                out.observations.push_back(o);
            }
            if (*c.n_gen > 0 && eval->ms > 0) {
                Observation o = from_context(c, file, eval->line, "a llama.cpp timing log");
                o.metric = "decode_tok_s";
                o.value = *c.n_gen / (eval->ms * 1e-3);
                out.observations.push_back(o);
            }
            prompt.reset();
            eval.reset();
        }
        if (out.observations.empty()) fail_at(file, 1, 1, "no 'prompt eval time' + 'eval time' pair with token counts");
    } else if (fmt == "llama2c") {
        for (const auto& r : parse_llama2c_log(text, file)) {
            Observation o = from_context(ctx, file, r.line, "a llama2.c log");
            o.metric = "decode_tok_s";  // prompt positions run one at a time, like decode steps
            o.value = r.tok_s;
            out.observations.push_back(o);
        }
    } else if (fmt == "tegrastats") {
        std::vector<double> w;
        const auto samples = parse_tegrastats(text, file);
        for (const auto& s : samples)
            if (auto p = tegra_input_power_W(s)) w.push_back(*p);
        if (w.empty()) fail_at(file, 1, 1, "no input power rail (VDD_IN, POM_5V_IN or VIN_SYS_5V0) in the tegrastats log");
        out.observations.push_back(power_obs(ctx, file, samples.front().line, "a tegrastats log", w));
    } else if (fmt == "jtop") {
        std::vector<double> w;
        const auto rows = parse_jtop_csv(text, file);
        for (const auto& r : rows) {
            auto it = r.numbers.find("Power TOT");
            if (it != r.numbers.end()) w.push_back(it->second * 1e-3);
        }
        if (w.empty()) fail_at(file, 1, 1, "jtop CSV has no 'Power TOT' column");
        out.observations.push_back(power_obs(ctx, file, rows.front().line, "a jtop log", w));
    } else if (fmt == "ppk2" || fmt == "joulescope") {
        const PowerTrace tr = fmt == "ppk2" ? parse_ppk2_csv(text, file) : parse_joulescope_csv(text, file);
        std::vector<double> w;
        for (const auto& s : tr.samples) {
            const auto p = PowerTrace{tr.format, {s}}.mean_power_W(ctx.supply_V);
            if (!p) throw UserError(file, "", tr.format + " trace has current but no voltage: give --supply-voltage");
            w.push_back(*p);
        }
        out.observations.push_back(power_obs(ctx, file, tr.samples.front().line, "a power-meter trace", w));
    } else {
        throw UserError(file, "--format", "unknown trace format '" + fmt + "'");
    }
    return out;
}

}  // namespace

LoadedTrace load_trace_file(const std::string& path, const TraceContext& ctx) {
    return load_trace_text(strip_utf8_bom(read_input_file(path, "trace", kMaxTraceInputBytes)), path, ctx);
}

}  // namespace edgetwin::calib
