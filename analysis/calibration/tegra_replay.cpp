#include "analysis/calibration/tegra_replay.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/core/units.h"
#include "sim/core/user_error.h"

namespace edgetwin::calib {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Clocks a little above a preset's maximum are rounding (tegrastats prints whole MHz).
constexpr double kClockSlack = 1.01;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

// "MM-DD-YYYY HH:MM:SS" (the parser checked the shape) -> seconds since the epoch.
double stamp_seconds(const std::string& s) {
    auto n = [&](std::size_t pos, std::size_t len) { return std::stoll(s.substr(pos, len)); };
    const long long days = days_from_civil(n(6, 4), static_cast<unsigned>(n(0, 2)), static_cast<unsigned>(n(3, 2)));
    return static_cast<double>(days * 86400 + n(11, 2) * 3600 + n(14, 2) * 60 + n(17, 2));
}

double preset_quantity(const Json& cfg, const char* section, const char* key, Dimension d) {
    const UnitParse p = parse_quantity(cfg.at(section).at(key).get<std::string>(), d);
    if (!p.ok) throw std::logic_error(std::string("resolved preset ") + section + "." + key + ": " + p.error);
    return p.value_si;
}

std::string mhz(double v) { return format_quantity(v * 1e6, Dimension::Frequency); }

}  // namespace

TegraReplaySchedule::TegraReplaySchedule(const std::vector<TegraSample>& samples, const std::string& file,
                                         double interval_s, const IPlatform& platform) {
    if (platform.family() != "jetson")
        throw UserError("command line", "--trace",
                        "tegrastats replay needs a Jetson platform; '" + platform.name() + "' is of family '" +
                            platform.family() + "'");
    if (samples.empty()) throw UserError(file, "", "empty tegrastats trace");
    const Json cfg = platform.resolved_config();
    const std::string board = platform.name();
    const double capacity_B = preset_quantity(cfg, "memory", "capacity", Dimension::Bytes);
    const double gpu_max_MHz = preset_quantity(cfg, "gpu", "clock_max", Dimension::Frequency) * 1e-6;
    double cpu_max_MHz = preset_quantity(cfg, "cpu", "clock_max", Dimension::Frequency) * 1e-6;
    const double emc_max_MHz = preset_quantity(cfg, "memory", "emc_clock_max", Dimension::Frequency) * 1e-6;
    int cores = cfg.at("cpu").at("cores").get<int>();
    // A second cluster (TX2's Denver2 pair) is in tegrastats' CPU list too. One recorded CPU clock scales
    // every thread: the clusters share their nvpmodel clock cap on the boards that have two.
    if (cfg.contains("cpu2")) {
        cores += cfg.at("cpu2").at("cores").get<int>();
        cpu_max_MHz = std::max(cpu_max_MHz, preset_quantity(cfg, "cpu2", "clock_max", Dimension::Frequency) * 1e-6);
    }
    const double bus_B = cfg.at("memory").at("bus_width_bits").get<double>() / 8.0;

    // What the platform was built with: the plans are timed at these clocks, the trace rescales them.
    int threads = 0;
    bool has_gpu = false;
    for (int u = 0; u < platform.compute_unit_count(); ++u) {
        const bool gpu = platform.compute_unit_name(u).rfind("gpu", 0) == 0;
        unit_is_gpu_.push_back(gpu);
        if (gpu) {
            has_gpu = true;
            gpu_cfg_MHz_ = platform.compute_unit_clock_hz(u) * 1e-6;
        } else {
            ++threads;
            cpu_cfg_MHz_ = platform.compute_unit_clock_hz(u) * 1e-6;
        }
    }
    n_memories_ = platform.memories().size();
    emc_cfg_MHz_ = platform.memories()[0].peak_bandwidth_Bps / (bus_B * 2.0) * 1e-6;

    auto bad = [&](int line, const std::string& detail) { throw UserError(file, "line " + std::to_string(line), detail); };
    for (const TegraSample& s : samples) {
        // Board identity: RAM total (MiB, less the kernel's carve-outs) and the CPU core count.
        if (s.ram_total_MB) {
            const double total_B = *s.ram_total_MB * 1048576.0;
            if (total_B > capacity_B * kClockSlack || total_B < capacity_B * 0.5)
                bad(s.line, "RAM total " + std::to_string(static_cast<long long>(*s.ram_total_MB)) + " MB does not match " +
                                board + " (" + format_quantity(capacity_B, Dimension::Bytes) +
                                "): was the trace recorded on another board?");
        }
        if (!s.cpu.empty() && static_cast<int>(s.cpu.size()) != cores)
            bad(s.line, "CPU list has " + std::to_string(s.cpu.size()) + " cores but " + board + " has " +
                            std::to_string(cores) + ": was the trace recorded on another board?");

        ReplaySample r;
        r.line = s.line;
        if (has_gpu) {
            if (s.gpu_MHz.empty())
                bad(s.line, "GR3D_FREQ has no clock (needs X%@MHz or @[MHz,...]); a replay on the GPU needs the GPU "
                            "clock (tegrastats prints it when run with sudo)");
            r.gpu_MHz = *std::min_element(s.gpu_MHz.begin(), s.gpu_MHz.end());
            if (!(r.gpu_MHz > 0))
                bad(s.line, "GPU clock 0 MHz (GPU idle or power-gated); trim the trace to the recorded run");
            if (r.gpu_MHz > gpu_max_MHz * kClockSlack)
                bad(s.line, "GPU clock " + mhz(r.gpu_MHz) + " is above " + board + "'s maximum " + mhz(gpu_max_MHz) +
                                ": was the trace recorded on another board?");
        }
        if (!s.emc_MHz)
            bad(s.line, "EMC_FREQ has no clock (needs X%@MHz); the memory clock sets decode speed (tegrastats prints "
                        "it when run with sudo)");
        r.emc_MHz = *s.emc_MHz;
        if (!(r.emc_MHz > 0)) bad(s.line, "EMC clock must be above 0 MHz");
        if (r.emc_MHz > emc_max_MHz * kClockSlack)
            bad(s.line, "EMC clock " + mhz(r.emc_MHz) + " is above " + board + "'s maximum " + mhz(emc_max_MHz) +
                            ": was the trace recorded on another board?");
        std::vector<double> online;
        for (const auto& c : s.cpu)
            if (c && std::isfinite(c->second) && c->second > 0) online.push_back(c->second);
        if (static_cast<int>(online.size()) < threads)
            bad(s.line, "CPU list gives clocks for " + std::to_string(online.size()) + " online cores but the run uses " +
                            std::to_string(threads) + " threads (needs load%@MHz per core)");
        std::sort(online.rbegin(), online.rend());
        r.cpu_MHz = threads > 0 ? online[static_cast<std::size_t>(threads) - 1] : 0.0;
        if (r.cpu_MHz > cpu_max_MHz * kClockSlack)
            bad(s.line, "CPU clock " + mhz(r.cpu_MHz) + " is above " + board + "'s maximum " + mhz(cpu_max_MHz) +
                            ": was the trace recorded on another board?");
        r.temperature_C = kNaN;
        for (const char* sensor : {"gpu", "tj"}) {
            auto it = s.temps_C.find(sensor);
            if (it != s.temps_C.end()) {
                r.temperature_C = it->second;
                break;
            }
        }
        samples_.push_back(r);
    }

    if (interval_s > 0) {
        interval_s_ = interval_s;
        interval_source_ = "--interval";
    } else {
        bool stamped = samples.size() >= 2;
        for (const auto& s : samples) stamped = stamped && !s.timestamp.empty();
        const double span = stamped ? stamp_seconds(samples.back().timestamp) - stamp_seconds(samples.front().timestamp) : 0;
        if (stamped && span < 0) bad(samples.back().line, "time stamps go backwards");
        if (span > 0) {
            interval_s_ = span / static_cast<double>(samples.size() - 1);
            interval_source_ = "time stamps";
        } else {
            interval_s_ = 1.0;
            interval_source_ = "default";
        }
    }
}

std::size_t TegraReplaySchedule::index_at(double t_s) const {
    const double k = std::floor(std::max(0.0, t_s) / interval_s_);
    return static_cast<std::size_t>(std::min(k, static_cast<double>(samples_.size() - 1)));
}

ClockScales TegraReplaySchedule::at(double t_s) const {
    const ReplaySample& s = samples_[index_at(t_s)];
    ClockScales c;
    for (bool gpu : unit_is_gpu_) c.unit.push_back(gpu ? s.gpu_MHz / gpu_cfg_MHz_ : s.cpu_MHz / cpu_cfg_MHz_);
    c.memory.assign(n_memories_, s.emc_MHz / emc_cfg_MHz_);
    return c;
}

ReplaySummary summarize_replay(const TegraReplaySchedule& schedule, const RunResult& result) {
    ReplaySummary out;
    const auto& samples = schedule.samples();
    auto same_clocks = [](const ReplaySample& a, const ReplaySample& b) {
        return a.gpu_MHz == b.gpu_MHz && a.emc_MHz == b.emc_MHz && a.cpu_MHz == b.cpu_MHz;
    };
    // Segment of each sample: consecutive samples with equal clocks share one.
    std::vector<std::size_t> seg_of(samples.size());
    for (std::size_t k = 0; k < samples.size(); ++k) {
        if (k == 0 || !same_clocks(samples[k], samples[k - 1])) {
            ReplaySegment g;
            g.first_line = samples[k].line;
            g.t0_s = static_cast<double>(k) * schedule.interval_s();
            g.gpu_MHz = samples[k].gpu_MHz;
            g.emc_MHz = samples[k].emc_MHz;
            g.cpu_MHz = samples[k].cpu_MHz;
            g.max_temperature_C = samples[k].temperature_C;
            out.segments.push_back(g);
        }
        ReplaySegment& g = out.segments.back();
        g.last_line = samples[k].line;
        g.t1_s = k + 1 == samples.size() ? std::numeric_limits<double>::infinity()
                                         : static_cast<double>(k + 1) * schedule.interval_s();
        if (std::isfinite(samples[k].temperature_C))
            g.max_temperature_C = std::isfinite(g.max_temperature_C) ? std::max(g.max_temperature_C, samples[k].temperature_C)
                                                                     : samples[k].temperature_C;
        seg_of[k] = out.segments.size() - 1;
    }
    std::vector<double> sum(out.segments.size(), 0.0);
    const double trace_end_s = static_cast<double>(samples.size()) * schedule.interval_s();
    double total = 0;
    for (const TimelineSample& t : result.timeline) {
        if (t.phase != Phase::Decode) continue;
        const double start = t.t_s - t.latency_s;
        ReplaySegment& g = out.segments[seg_of[schedule.index_at(start)]];
        if (g.tokens == 0) g.min_latency_s = g.max_latency_s = t.latency_s;
        g.min_latency_s = std::min(g.min_latency_s, t.latency_s);
        g.max_latency_s = std::max(g.max_latency_s, t.latency_s);
        ++g.tokens;
        sum[static_cast<std::size_t>(&g - out.segments.data())] += t.latency_s;
        if (out.tokens == 0) out.min_latency_s = out.max_latency_s = t.latency_s;
        out.min_latency_s = std::min(out.min_latency_s, t.latency_s);
        out.max_latency_s = std::max(out.max_latency_s, t.latency_s);
        ++out.tokens;
        total += t.latency_s;
        if (start >= trace_end_s) ++out.tokens_after_trace;
    }
    for (std::size_t i = 0; i < out.segments.size(); ++i) {
        ReplaySegment& g = out.segments[i];
        if (g.tokens > 0) {
            g.mean_latency_s = sum[i] / g.tokens;
            g.tok_s = g.tokens / sum[i];
        }
    }
    out.mean_latency_s = out.tokens > 0 ? total / out.tokens : 0.0;
    return out;
}

Json replay_summary_json(const TegraReplaySchedule& schedule, const ReplaySummary& s) {
    auto num_or_null = [](double v) { return std::isfinite(v) ? Json(v) : Json(); };
    Json segs = Json::array();
    for (const auto& g : s.segments)
        segs.push_back({{"trace_lines", {g.first_line, g.last_line}},
                        {"t0_s", g.t0_s},
                        {"t1_s", num_or_null(g.t1_s)},
                        {"gpu_MHz", g.gpu_MHz},
                        {"emc_MHz", g.emc_MHz},
                        {"cpu_MHz", g.cpu_MHz},
                        {"max_temperature_C", num_or_null(g.max_temperature_C)},
                        {"tokens", g.tokens},
                        {"mean_latency_s", g.mean_latency_s},
                        {"min_latency_s", g.min_latency_s},
                        {"max_latency_s", g.max_latency_s},
                        {"tok_s", g.tok_s}});
    return {{"interval_s", schedule.interval_s()},
            {"interval_source", schedule.interval_source()},
            {"configured_MHz", {{"gpu", schedule.configured_gpu_MHz()}, {"emc", schedule.configured_emc_MHz()},
                                {"cpu", schedule.configured_cpu_MHz()}}},
            {"decode_tokens", s.tokens},
            {"tokens_after_trace", s.tokens_after_trace},
            {"mean_latency_s", s.mean_latency_s},
            {"min_latency_s", s.min_latency_s},
            {"max_latency_s", s.max_latency_s},
            {"segments", segs}};
}

}  // namespace edgetwin::calib
