// llama-bench rows -> observations. Machine formats (json/jsonl/csv/sql) carry n_prompt, n_gen,
// n_depth, avg_ts, stddev_ts, model_type, model_size, model_n_params; markdown carries the display
// columns (model, size "4.36 GiB", params "7.62 B", test "pp512 @ d512", t/s "avg ± stdev").
#include <cmath>
#include <regex>

#include "analysis/calibration/observations.h"

namespace edgetwin::calib {
namespace {

const std::string kPlusMinus = "\xC2\xB1";  // UTF-8 '±'

bool gpu_backend(const BenchRow& r) {
    for (const char* k : {"backends", "backend"})
        if (const Cell* c = r.get(k))
            for (const char* g : {"CUDA", "Vulkan", "Metal", "MTL", "SYCL", "HIP", "ROCm", "OpenCL", "Kompute"})
                if (c->text.find(g) != std::string::npos) return true;
    for (const char* k : {"cuda", "vulkan", "metal", "opencl", "sycl", "kompute"})
        if (const Cell* c = r.get(k))
            if (c->text == "1" || c->text == "true") return true;
    return false;
}

// "4.36 GiB" -> bytes; "7.62 B" -> count.
double scaled(const Cell& c, const std::string& file, const std::string& what) {
    const std::string t = trim(c.text);
    const auto sp = t.rfind(' ');
    if (sp == std::string::npos) fail_at(file, c.line, c.col, what + ": expected 'value unit', got '" + t + "'");
    const double v = parse_number(Cell{t.substr(0, sp), c.line, c.col}, file, what);
    const std::string u = t.substr(sp + 1);
    static const std::map<std::string, double> f{{"KiB", 1024.0},   {"MiB", 1048576.0}, {"GiB", 1073741824.0},
                                                 {"TiB", 1099511627776.0}, {"K", 1e3}, {"M", 1e6}, {"B", 1e9}, {"T", 1e12}};
    auto it = f.find(u);
    if (it == f.end()) fail_at(file, c.line, c.col + static_cast<int>(sp) + 1, what + ": unknown unit '" + u + "'");
    return v * it->second;
}

// "llama 7B Q4_K - Medium" -> "Q4_K - Medium"
std::string ftype_part(const std::string& model_type) {
    const auto a = model_type.find(' ');
    const auto b = a == std::string::npos ? a : model_type.find(' ', a + 1);
    return b == std::string::npos ? std::string() : model_type.substr(b + 1);
}

}  // namespace

LoadedTrace bench_rows_to_observations(const std::vector<BenchRow>& rows, const std::string& file,
                                       const TraceContext& ctx) {
    static const std::regex test_re(R"((?:pp ?(\d+))?(\+)?(?:tg ?(\d+))?(?: @ d(\d+))?)");
    LoadedTrace out;
    out.format = "llama-bench";
    for (const BenchRow& r : rows) {
        auto cell = [&](const char* name) -> const Cell& {
            const Cell* c = r.get(name);
            if (!c) fail_at(file, r.line, 1, std::string("row lacks the '") + name + "' column");
            return *c;
        };
        Observation o;
        o.source = file + ":" + std::to_string(r.line);
        o.platform = ctx.platform;
        o.runtime = ctx.runtime;
        long long depth = 0;
        double avg = 0, sd = 0;
        std::optional<double> n_params, size_B;
        const Cell* model_cell = nullptr;
        if (r.get("test")) {  // markdown
            const Cell& t = cell("test");
            std::smatch m;
            if (!std::regex_match(t.text, m, test_re) || (!m[1].matched && !m[3].matched) ||
                (m[2].matched != (m[1].matched && m[3].matched)))
                fail_at(file, t.line, t.col, "test: expected pp512, tg128, pp512+tg128 (optionally ' @ d512'), got '" + t.text + "'");
            try {
                o.n_prompt = m[1].matched ? std::stoll(m[1].str()) : 0;
                o.n_gen = m[3].matched ? std::stoll(m[3].str()) : 0;
                depth = m[4].matched ? std::stoll(m[4].str()) : 0;
            } catch (const std::out_of_range&) {
                fail_at(file, t.line, t.col, "test: token count '" + t.text + "' is out of range");
            }
            const Cell& ts = cell("t/s");
            const auto pm = ts.text.find(kPlusMinus);
            avg = parse_number(Cell{ts.text.substr(0, pm), ts.line, ts.col}, file, "t/s");
            if (pm != std::string::npos)
                sd = parse_number(Cell{ts.text.substr(pm + kPlusMinus.size()), ts.line, ts.col + static_cast<int>(pm) + 2},
                                  file, "t/s stdev");
            model_cell = &cell("model");
            if (const Cell* c = r.get("params")) n_params = scaled(*c, file, "params");
            if (const Cell* c = r.get("size")) size_B = scaled(*c, file, "size");
            if (const Cell* c = r.get("threads")) o.threads = parse_integer(*c, file, "threads");
            if (const Cell* c = r.get("ngl")) o.gpu_layers = parse_integer(*c, file, "ngl");
        } else {
            o.n_prompt = parse_integer(cell("n_prompt"), file, "n_prompt");
            o.n_gen = parse_integer(cell("n_gen"), file, "n_gen");
            if (const Cell* c = r.get("n_depth")) depth = parse_integer(*c, file, "n_depth");
            avg = parse_number(cell("avg_ts"), file, "avg_ts");
            if (const Cell* c = r.get("stddev_ts")) sd = parse_number(*c, file, "stddev_ts");
            if (!r.samples_ns.empty()) {  // avg_ts is the mean of per-repetition rates (formats.md §2.1)
                double s = 0;
                for (double ns : r.samples_ns) s += 1e9 * static_cast<double>(o.n_prompt + o.n_gen) / ns;
                avg = s / static_cast<double>(r.samples_ns.size());
            }
            model_cell = &cell("model_type");
            if (const Cell* c = r.get("model_n_params")) n_params = parse_number(*c, file, "model_n_params");
            if (const Cell* c = r.get("model_size")) size_B = parse_number(*c, file, "model_size");
            if (const Cell* c = r.get("n_threads")) o.threads = parse_integer(*c, file, "n_threads");
            if (const Cell* c = r.get("n_gpu_layers")) o.gpu_layers = parse_integer(*c, file, "n_gpu_layers");
        }
        if (o.n_prompt < 0 || o.n_gen < 0 || o.n_prompt + o.n_gen == 0)
            fail_at(file, r.line, 1, "test has neither prompt nor generated tokens");
        if (!(avg > 0)) fail_at(file, r.line, 1, "tokens per second must be positive");
        if (depth > 0) {
            out.notes.push_back(o.source + ": skipped (n_depth " + std::to_string(depth) +
                                ": a pre-filled KV cache is not modelled by calibration yet)");
            continue;
        }
        if (!gpu_backend(r)) o.gpu_layers.reset();  // CPU builds still print ngl 99
        if (ctx.threads) o.threads = ctx.threads;
        if (ctx.gpu_layers) o.gpu_layers = ctx.gpu_layers;
        if (!ctx.model.empty()) {
            o.model = ctx.model;
            o.quant = ctx.quant.empty() ? quant_from_ftype_name(ftype_part(model_cell->text)) : ctx.quant;
        } else {
            const ModelMatch mm = match_bench_model(model_cell->text, n_params, size_B, file, *model_cell);
            o.model = mm.card;
            o.quant = ctx.quant.empty() ? mm.quant : ctx.quant;
        }
        o.metric = o.n_gen == 0 ? "prefill_tok_s" : o.n_prompt == 0 ? "decode_tok_s" : "combined_tok_s";
        o.value = avg;
        o.uncertainty = sd;
        out.observations.push_back(o);
    }
    return out;
}

}  // namespace edgetwin::calib
