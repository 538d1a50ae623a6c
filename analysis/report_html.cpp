#include "analysis/report_html.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "analysis/validation/bands.h"
#include "sim/core/output_guard.h"
#include "sim/core/units.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

std::string esc(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string num(double v, int prec = 4) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    return buf;
}

// A polyline chart of y(x) scaled into a w x h box, with min/max labels.
std::string line_chart(const std::vector<double>& x, const std::vector<double>& y, const std::string& label) {
    if (x.size() < 2) return "";
    const double w = 640, h = 160, pad = 30;
    const auto [xmin, xmax] = std::minmax_element(x.begin(), x.end());
    const auto [ymin, ymax] = std::minmax_element(y.begin(), y.end());
    const double xs = (*xmax - *xmin) > 0 ? (*xmax - *xmin) : 1, ys = (*ymax - *ymin) > 0 ? (*ymax - *ymin) : 1;
    std::ostringstream os;
    os << "<svg width='" << w + 2 * pad << "' height='" << h + 2 * pad << "'><polyline fill='none' stroke='#1f77b4' points='";
    for (std::size_t i = 0; i < x.size(); ++i)
        os << pad + (x[i] - *xmin) / xs * w << "," << pad + h - (y[i] - *ymin) / ys * h << " ";
    os << "'/><text x='" << pad << "' y='15'>" << esc(label) << " (min " << num(*ymin) << ", max " << num(*ymax)
       << ")</text></svg>";
    return os.str();
}

}  // namespace

std::string render_report_html(const RunResult& r) {
    const Summary& s = r.summary;
    std::ostringstream h;
    h << "<!doctype html><html><head><meta charset='utf-8'><title>edgetwin report</title><style>"
         "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
         "padding:3px 8px;text-align:right}th{background:#eee}td:first-child{text-align:left}</style></head><body>";
    h << "<h1>" << esc(r.model) << " " << esc(r.quant) << " on " << esc(r.platform) << "</h1>";
    h << "<p>runtime " << esc(r.runtime) << ", engine " << esc(r.fidelity) << ", " << r.threads << " threads @ "
      << format_quantity(r.clock_hz, Dimension::Frequency) << "; prompt " << r.n_prompt << ", generated " << r.n_gen
      << ", batch " << r.batch << ", ctx " << r.ctx << "; config " << esc(r.config_hash) << "</p>";
    h << "<h2>Summary</h2><table>";
    auto row = [&](const std::string& k, const std::string& v) { h << "<tr><td>" << esc(k) << "</td><td>" << esc(v) << "</td></tr>"; };
    row("time to first token", format_quantity(s.ttft_s, Dimension::Time));
    // The validation corpus's 80 % band for this runtime (analysis/validation/bands.h), where it has one.
    const auto with_band = [&](double rate, const char* metric_class) {
        const validation::Band b = validation::shipped_band_for(r.config.value("platform", Json()),
                                                                r.config.value("runtime", Json()), metric_class);
        if (b.n == 0 || !(rate > 0)) return num(rate);
        return num(rate) + " (80 % band " + num(rate * b.lo) + "-" + num(rate * b.hi) + ", " + b.scope + ")";
    };
    row("prefill tokens/s", with_band(s.prefill_tok_s, "prefill"));
    row("decode tokens/s", with_band(s.decode_tok_s, "decode"));
    row("decode latency p50 / p95 / p99", format_quantity(s.latency_p50_s, Dimension::Time) + " / " +
                                              format_quantity(s.latency_p95_s, Dimension::Time) + " / " +
                                              format_quantity(s.latency_p99_s, Dimension::Time));
    row("energy per token", format_quantity(s.energy_per_token_J, Dimension::Energy));
    row("average power", format_quantity(s.avg_power_W, Dimension::Power));
    row("peak temperature", num(s.peak_temperature_C) + " C");
    row("decode bottleneck", bound_name(s.bottleneck));
    h << "</table><h2>Time by op class</h2><table><tr><th>class</th><th>share</th></tr>";
    for (int c = 0; c < kOpClassCount; ++c)
        h << "<tr><td>" << op_class_name(static_cast<OpClass>(c)) << "</td><td>" << num(100 * s.op_class_share[c], 3)
          << " %</td></tr>";
    h << "</table><h2>Memory</h2><table><tr><th>level</th><th>capacity</th><th>used</th><th>weights</th><th>KV</th>"
         "<th>activations</th><th>read</th><th>written</th></tr>";
    for (const auto& m : r.memory)
        h << "<tr><td>" << esc(m.level) << "</td><td>" << format_quantity(m.capacity_B, Dimension::Bytes) << "</td><td>"
          << format_quantity(m.used_B, Dimension::Bytes) << "</td><td>" << format_quantity(m.weights_B, Dimension::Bytes)
          << "</td><td>" << format_quantity(m.kv_B, Dimension::Bytes) << "</td><td>"
          << format_quantity(m.activations_B, Dimension::Bytes) << "</td><td>"
          << format_quantity(m.read_B, Dimension::Bytes) << "</td><td>" << format_quantity(m.write_B, Dimension::Bytes)
          << "</td></tr>";
    h << "</table><h2>Ops (per call)</h2><table><tr><th>phase</th><th>op</th><th>time</th><th>compute</th>"
         "<th>memory</th><th>overhead</th><th>bound</th></tr>";
    std::vector<const OpRecord*> ops;
    for (const auto& op : r.ops) ops.push_back(&op);
    std::sort(ops.begin(), ops.end(), [](auto* a, auto* b) { return a->time_s > b->time_s; });
    for (std::size_t i = 0; i < std::min<std::size_t>(40, ops.size()); ++i) {
        const OpRecord& op = *ops[i];
        const double n = op.calls;
        h << "<tr><td>" << phase_name(op.phase) << "</td><td>" << esc(op.name) << "</td><td>"
          << format_quantity(op.time_s / n, Dimension::Time) << "</td><td>"
          << format_quantity(op.compute_s / n, Dimension::Time) << "</td><td>"
          << format_quantity(op.memory_s / n, Dimension::Time) << "</td><td>"
          << format_quantity(op.overhead_s / n, Dimension::Time) << "</td><td>" << bound_name(op.bound) << "</td></tr>";
    }
    h << "</table><h2>Timeline</h2>";
    std::vector<double> t, lat, temp;
    for (const auto& smp : r.timeline) {
        if (smp.phase != Phase::Decode) continue;
        t.push_back(smp.t_s);
        lat.push_back(smp.latency_s * 1e3);
        temp.push_back(smp.temperature_C);
    }
    h << line_chart(t, lat, "decode latency per token [ms] vs time") << "<br>"
      << line_chart(t, temp, "temperature [C] vs time");
    if (!r.alerts.empty()) {
        h << "<h2>Alerts</h2><ul>";
        for (const auto& a : r.alerts)
            h << "<li>" << esc(a.kind) << ": " << esc(a.message) << " at " << format_quantity(a.t_s, Dimension::Time) << "</li>";
        h << "</ul>";
    }
    h << "<h2>Resolved configuration</h2><pre>" << esc(r.config.dump(2)) << "</pre></body></html>\n";
    return h.str();
}

void write_report_html(const std::string& path, const RunResult& r) {
    write_text_file_atomically(path, "report", render_report_html(r));
}

}  // namespace edgetwin
