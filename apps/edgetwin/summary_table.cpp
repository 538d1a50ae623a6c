#include "apps/edgetwin/summary_table.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "sim/core/units.h"

namespace edgetwin::cli {
namespace {

void row(std::ostream& os, const std::string& k, const std::string& v) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "  %-26s %s\n", k.c_str(), v.c_str());
    os << buf;
}

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

}  // namespace

void print_summary_table(std::ostream& os, const RunResult& r) {
    const Summary& s = r.summary;
    // The runtime's CPU threads at their clock, then the GPU at its own (an accelerator-only chip has neither).
    std::string units;
    if (r.threads > 0)
        units += ", " + std::to_string(r.threads) + (r.threads == 1 ? " thread" : " threads") + " @ " +
                 format_quantity(r.cpu_clock_hz, Dimension::Frequency);
    if (r.gpu_clock_hz > 0) units += ", GPU @ " + format_quantity(r.gpu_clock_hz, Dimension::Frequency);
    if (units.empty()) units = ", @ " + format_quantity(r.clock_hz, Dimension::Frequency);
    os << "edgetwin prediction: " << r.model << " " << r.quant << " on " << r.platform << " (" << r.runtime << ", "
       << r.fidelity << units << ")\n";
    row(os, "prompt / generated", std::to_string(r.n_prompt) + " / " + std::to_string(r.n_gen) + " tokens, batch " +
                                      std::to_string(r.batch) + ", ctx " + std::to_string(r.ctx));
    row(os, "time to first token", format_quantity(s.ttft_s, Dimension::Time));
    row(os, "prefill", fmt("%.2f tok/s", s.prefill_tok_s));
    row(os, "decode", fmt("%.2f tok/s", s.decode_tok_s));
    row(os, "decode latency p50/p95/p99", format_quantity(s.latency_p50_s, Dimension::Time) + " / " +
                                              format_quantity(s.latency_p95_s, Dimension::Time) + " / " +
                                              format_quantity(s.latency_p99_s, Dimension::Time));
    row(os, "energy per token", format_quantity(s.energy_per_token_J, Dimension::Energy));
    row(os, "average power", format_quantity(s.avg_power_W, Dimension::Power));
    row(os, "peak temperature", fmt("%.1f C", s.peak_temperature_C));
    row(os, "bottleneck (decode)", bound_name(s.bottleneck));
    for (const auto& m : r.memory)
        row(os, "memory " + m.level, format_quantity(m.used_B, Dimension::Bytes) + " of " +
                                         format_quantity(m.capacity_B, Dimension::Bytes) + " (weights " +
                                         format_quantity(m.weights_B, Dimension::Bytes) + ", KV " +
                                         format_quantity(m.kv_B, Dimension::Bytes) + ")");
    std::string shares;
    for (int c = 0; c < kOpClassCount; ++c) {
        if (s.op_class_share[c] < 0.0005) continue;
        shares += (shares.empty() ? "" : ", ") + std::string(op_class_name(static_cast<OpClass>(c))) +
                  fmt(" %.1f%%", 100.0 * s.op_class_share[c]);
    }
    row(os, "time by op class", shares);

    // The decode ops that take the most time, with their bound class.
    std::vector<const OpRecord*> decode;
    for (const auto& op : r.ops)
        if (op.phase == Phase::Decode) decode.push_back(&op);
    std::sort(decode.begin(), decode.end(), [](auto* a, auto* b) { return a->time_s > b->time_s; });
    if (!decode.empty()) {
        os << "  top decode ops (time per token, bound):\n";
        for (std::size_t i = 0; i < std::min<std::size_t>(5, decode.size()); ++i) {
            const OpRecord& op = *decode[i];
            char buf[200];
            std::snprintf(buf, sizeof buf, "    %-22s %12s  %s\n", op.name.c_str(),
                          format_quantity(op.time_s / op.calls, Dimension::Time).c_str(), bound_name(op.bound));
            os << buf;
        }
    }
    for (const auto& a : r.alerts)
        row(os, "ALERT " + a.kind, a.message + " at t=" + format_quantity(a.t_s, Dimension::Time));
}

}  // namespace edgetwin::cli
