// The generic observation CSV, for measurements no dedicated parser reads:
//
//   # comment lines start with '#'; blank lines are ignored
//   metric,value,uncertainty,model,quant,n_prompt,n_gen,threads,gpu_layers,power_mode
//   decode_tok_s,9.0,0.5,tinyllama-1.1b,Q8_0,0,128,4,,
//
// Columns by header name; `metric` and `value` are required, the others optional (empty cell =
// not given; missing model/quant/n_prompt/n_gen come from the command line). `metric` is one of
// metric_names(), `value`/`uncertainty` in that metric's unit (tok/s, s, W, J), uncertainty one
// standard deviation. Values may be quoted. Optional `id` names the row (unique in the file; used by
// `calibrate --train-ids`), `platform` and `runtime` override the command line's for that row, so
// one file can hold measurements of several boards (data/traces/jetson-measurements.csv); `power_mode`
// names the board's mode for that row (e.g. 30W), as --power-mode does for a run. The validation corpus
// (data/validation/README.md) adds provenance columns: `source` and `fitted` are kept on the
// observation, `board`, `setup` and `published` are documentation only.
#include "analysis/calibration/observations.h"

namespace edgetwin::calib {

std::vector<Observation> parse_generic_csv(const std::string& text, const std::string& file, const TraceContext& ctx) {
    require_text(text, file);
    static const std::vector<std::string> known{"metric", "value",   "uncertainty", "model",      "quant", "n_prompt",
                                                "n_gen",  "threads", "gpu_layers",  "id", "platform", "runtime",
                                                "power_mode", "source", "fitted", "board", "setup", "published"};
    const std::vector<std::string> lines = split_lines(text);
    std::vector<Cell> header;
    std::vector<Observation> out;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const int ln = static_cast<int>(n) + 1;
        const std::string t = trim(lines[n]);
        if (t.empty() || t[0] == '#') continue;
        std::vector<Cell> cells = split_delimited(lines[n], ln, ',', file);
        if (header.empty()) {
            for (const auto& c : cells) {
                bool ok = false;
                for (const auto& k : known) ok |= k == c.text;
                if (!ok) fail_at(file, ln, c.col, "unknown column '" + c.text + "' (allowed: metric, value, uncertainty, model, quant, n_prompt, n_gen, threads, gpu_layers, id, platform, runtime, power_mode, source, fitted, board, setup, published)");
            }
            header = std::move(cells);
            bool m = false, v = false;
            for (const auto& h : header) {
                m |= h.text == "metric";
                v |= h.text == "value";
            }
            if (!m || !v) fail_at(file, ln, 1, "header needs the 'metric' and 'value' columns");
            continue;
        }
        if (cells.size() != header.size())
            fail_at(file, ln, cells.back().col,
                    std::to_string(cells.size()) + " values but the header has " + std::to_string(header.size()));
        Observation o;
        o.source = file + ":" + std::to_string(ln);
        o.platform = ctx.platform;
        o.runtime = ctx.runtime;
        o.model = ctx.model;
        o.quant = ctx.quant;
        o.n_prompt = ctx.n_prompt.value_or(-1);
        o.n_gen = ctx.n_gen.value_or(-1);
        o.threads = ctx.threads;
        o.gpu_layers = ctx.gpu_layers;
        for (std::size_t k = 0; k < header.size(); ++k) {
            const Cell& c = cells[k];
            const std::string& h = header[k].text;
            if (c.text.empty()) continue;
            if (h == "metric") {
                bool ok = false;
                for (const auto& m : metric_names()) ok |= m == c.text;
                if (!ok) fail_at(file, ln, c.col, "unknown metric '" + c.text + "'");
                o.metric = c.text;
            } else if (h == "value") o.value = parse_number(c, file, "value");
            else if (h == "uncertainty") o.uncertainty = parse_number(c, file, "uncertainty");
            else if (h == "model") o.model = c.text;
            else if (h == "quant") o.quant = c.text;
            else if (h == "n_prompt") o.n_prompt = parse_integer(c, file, "n_prompt");
            else if (h == "n_gen") o.n_gen = parse_integer(c, file, "n_gen");
            else if (h == "threads") o.threads = parse_integer(c, file, "threads");
            else if (h == "gpu_layers") o.gpu_layers = parse_integer(c, file, "gpu_layers");
            else if (h == "platform") o.platform = c.text;
            else if (h == "runtime") o.runtime = c.text;
            else if (h == "power_mode") o.power_mode = c.text;
            else if (h == "source") o.reference = c.text;
            else if (h == "fitted") o.fitted = c.text;
            else if (h == "id") {
                for (const auto& prev : out)
                    if (prev.id == c.text) fail_at(file, ln, c.col, "id '" + c.text + "' is used twice (also " + prev.source + ")");
                o.id = c.text;
            }
        }
        if (o.metric.empty()) fail_at(file, ln, 1, "empty metric");
        if (!(o.value > 0)) fail_at(file, ln, 1, "value must be positive (fitting is in log space)");
        if (o.uncertainty < 0) fail_at(file, ln, 1, "uncertainty must not be negative");
        if (o.model.empty() || o.quant.empty() || o.n_prompt < 0 || o.n_gen < 0)
            fail_at(file, ln, 1, "model, quant, n_prompt and n_gen must be given in the row or on the command line");
        out.push_back(o);
    }
    if (out.empty()) fail_at(file, static_cast<int>(lines.size()) + 1, 1, "no observations");
    return out;
}

}  // namespace edgetwin::calib
