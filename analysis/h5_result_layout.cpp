#include "analysis/h5_result_layout.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/validation/bands.h"

namespace edgetwin::h5result {

namespace {

using h5::ColType;
using h5::Column;

// A /points column and the PointRow member it maps to (exactly one of s, i, d, share is set).
struct PointField {
    Column col;
    std::string PointRow::*s = nullptr;
    int PointRow::*i = nullptr;
    double PointRow::*d = nullptr;
    int share = -1;
};

PointField str_field(const char* name, std::size_t width, std::string PointRow::*m, const char* desc) {
    return {Column{name, ColType::Str, width, "", desc}, m, nullptr, nullptr, -1};
}
PointField int_field(const char* name, int PointRow::*m, const char* unit, const char* desc) {
    return {Column{name, ColType::I32, 0, unit, desc}, nullptr, m, nullptr, -1};
}
PointField f64_field(const char* name, double PointRow::*m, const char* unit, const char* desc) {
    return {Column{name, ColType::F64, 0, unit, desc}, nullptr, nullptr, m, -1};
}

const std::vector<PointField>& point_fields() {
    static const std::vector<PointField> fields = [] {
        std::vector<PointField> f = {
            str_field("config_hash", kHashWidth, &PointRow::config_hash, "hash of the resolved configuration"),
            str_field("platform", kNameWidth, &PointRow::platform, "platform preset"),
            str_field("runtime", kNameWidth, &PointRow::runtime, "runtime profile"),
            str_field("model", kNameWidth, &PointRow::model, "model card"),
            str_field("quant", kNameWidth, &PointRow::quant, "weight quantization"),
            str_field("fidelity", kNameWidth, &PointRow::fidelity, "simulation engine"),
            str_field("status", 8, &PointRow::status, "ok or error"),
            str_field("error", kErrorWidth, &PointRow::error, "error text of a failed point, empty when ok"),
            int_field("n_prompt", &PointRow::n_prompt, "token", "prompt tokens"),
            int_field("n_gen", &PointRow::n_gen, "token", "generated tokens"),
            int_field("batch", &PointRow::batch, "", "sequences processed together"),
            int_field("ctx", &PointRow::ctx, "token", "context length"),
            int_field("threads", &PointRow::threads, "", "the runtime's CPU threads (accelerators are not threads)"),
            f64_field("clock_hz", &PointRow::clock_hz, "Hz", "nominal clock of compute unit 0 (the GPU on a GPU runtime)"),
            f64_field("cpu_clock_hz", &PointRow::cpu_clock_hz, "Hz", "nominal clock of the runtime's CPU threads (0: none)"),
            f64_field("gpu_clock_hz", &PointRow::gpu_clock_hz, "Hz", "nominal GPU clock (0: no GPU in use)"),
            f64_field("ttft_s", &PointRow::ttft_s, "s", "time to first token"),
            f64_field("prefill_s", &PointRow::prefill_s, "s", "prompt processing time"),
            f64_field("prefill_tok_s", &PointRow::prefill_tok_s, "token/s", "prompt processing throughput"),
            f64_field("decode_s", &PointRow::decode_s, "s", "time generating tokens"),
            f64_field("decode_tok_s", &PointRow::decode_tok_s, "token/s", "generation throughput"),
            f64_field("latency_p50_s", &PointRow::latency_p50_s, "s", "median decode token latency"),
            f64_field("latency_p95_s", &PointRow::latency_p95_s, "s", "95th percentile decode token latency"),
            f64_field("latency_p99_s", &PointRow::latency_p99_s, "s", "99th percentile decode token latency"),
            f64_field("decode_tok_s_lo", &PointRow::decode_tok_s_lo, "token/s",
                      "low end of the validation corpus's 80 % band for this runtime (NaN: none)"),
            f64_field("decode_tok_s_hi", &PointRow::decode_tok_s_hi, "token/s", "high end of that band"),
            f64_field("prefill_tok_s_lo", &PointRow::prefill_tok_s_lo, "token/s",
                      "low end of the validation corpus's 80 % prefill band (NaN: none)"),
            f64_field("prefill_tok_s_hi", &PointRow::prefill_tok_s_hi, "token/s", "high end of that band"),
            f64_field("total_s", &PointRow::total_s, "s", "simulated time of the whole run"),
            f64_field("energy_J", &PointRow::energy_J, "J", "energy of the whole run"),
            f64_field("energy_per_token_J", &PointRow::energy_per_token_J, "J/token", "energy per generated token"),
            f64_field("avg_power_W", &PointRow::avg_power_W, "W", "average power over the run"),
            f64_field("peak_temperature_C", &PointRow::peak_temperature_C, "degC", "peak die temperature"),
            f64_field("peak_memory_B", &PointRow::peak_memory_B, "B", "peak memory footprint, all levels"),
            str_field("bottleneck", 16, &PointRow::bottleneck, "bound class holding most decode time"),
        };
        for (int c = 0; c < kOpClassCount; ++c) {
            PointField share{Column{std::string("share_") + op_class_name(static_cast<OpClass>(c)), ColType::F64, 0,
                                    "", std::string("share of op time in ") + op_class_name(static_cast<OpClass>(c)) +
                                            " ops"},
                             nullptr, nullptr, nullptr, c};
            f.push_back(share);
        }
        f.push_back(f64_field("sim_wall_s", &PointRow::sim_wall_s, "s", "host time spent simulating"));
        f.push_back(str_field("run", kNameWidth, &PointRow::run, "name of this point's group under /runs"));
        f.push_back(str_field("kv_type", 16, &PointRow::kv_type, "KV-cache type"));
        f.push_back(str_field("power_mode", kNameWidth, &PointRow::power_mode, "board power mode (empty: none)"));
        f.push_back(int_field("gpu_layers", &PointRow::gpu_layers, "", "layers offloaded to the GPU (-ngl; -1: the runtime's default, all)"));
        return f;
    }();
    return fields;
}

std::vector<Column> columns_of(const std::vector<PointField>& fields) {
    std::vector<Column> cols;
    for (const PointField& f : fields) cols.push_back(f.col);
    return cols;
}

Column str_col(const char* name, std::size_t width, const char* desc) {
    return Column{name, ColType::Str, width, "", desc};
}
Column f64_col(const char* name, const char* unit, const char* desc) { return Column{name, ColType::F64, 0, unit, desc}; }
Column i32_col(const char* name, const char* unit, const char* desc) { return Column{name, ColType::I32, 0, unit, desc}; }

hsize_t chunk_for(std::size_t rows) { return rows == 0 ? 64 : (rows > 1024 ? 1024 : rows); }

void write_ops(hid_t group, const RunResult& r) {
    std::vector<Column> cols = {
        str_col("name", kNameWidth, "op name as the runtime launches it"),
        str_col("phase", 16, "prefill or decode"),
        str_col("kind", 16, "op kind"),
        i32_col("layer", "", "transformer layer, -1 outside the layer stack"),
        i32_col("calls", "", "executions summed into this record"),
        f64_col("time_s", "s", "time summed over calls"),
        f64_col("compute_s", "s", "compute time summed over calls"),
        f64_col("memory_s", "s", "memory transfer time summed over calls"),
        f64_col("overhead_s", "s", "launch and fixed overhead summed over calls"),
        f64_col("macs", "MAC", "multiply-accumulates summed over calls"),
        f64_col("flops", "FLOP", "other arithmetic summed over calls"),
        f64_col("energy_J", "J", "energy summed over calls"),
        str_col("bound", 16, "largest of compute, memory, overhead time"),
    };
    const std::size_t n_levels = r.memory_levels.size();
    std::vector<std::string> used;
    for (const std::string& level : r.memory_levels) {
        // Two levels reducing to the same name get the level index appended, so columns stay unique.
        std::string safe = column_safe(level);
        for (const std::string& u : used)
            if (u == safe) safe += "_" + std::to_string(used.size());
        used.push_back(safe);
        cols.push_back(f64_col(("read_B_" + safe).c_str(), "B", ("bytes read from " + level).c_str()));
        cols.push_back(f64_col(("write_B_" + safe).c_str(), "B", ("bytes written to " + level).c_str()));
    }
    const h5::RowLayout layout(std::move(cols));
    h5::RowBuffer rows(layout);
    for (const OpRecord& op : r.ops) {
        if (op.read_B.size() != n_levels || op.write_B.size() != n_levels)
            throw std::invalid_argument("op " + op.name + " has " + std::to_string(op.read_B.size()) + "/" +
                                        std::to_string(op.write_B.size()) + " read/write levels, run has " +
                                        std::to_string(n_levels) + " memory levels");
        unsigned char* row = rows.add_row();
        layout.set(row, 0, op.name);
        layout.set(row, 1, std::string(phase_name(op.phase)));
        layout.set(row, 2, std::string(op_kind_name(op.kind)));
        layout.set(row, 3, std::int32_t{op.layer});
        layout.set(row, 4, std::int32_t{op.calls});
        layout.set(row, 5, op.time_s);
        layout.set(row, 6, op.compute_s);
        layout.set(row, 7, op.memory_s);
        layout.set(row, 8, op.overhead_s);
        layout.set(row, 9, op.macs);
        layout.set(row, 10, op.flops);
        layout.set(row, 11, op.energy_J);
        layout.set(row, 12, std::string(bound_name(op.bound)));
        for (std::size_t l = 0; l < n_levels; ++l) {
            layout.set(row, 13 + 2 * l, op.read_B[l]);
            layout.set(row, 14 + 2 * l, op.write_B[l]);
        }
    }
    h5::Handle ds = h5::create_table(group, "ops", layout, rows, chunk_for(r.ops.size()));
    h5::write_string_attr(ds.get(), "memory_levels", Json(r.memory_levels).dump(-1, ' ', false,
                                                                                Json::error_handler_t::replace));
}

void write_timeline(hid_t group, const RunResult& r) {
    const h5::RowLayout layout({
        f64_col("t_s", "s", "simulated time at the end of the token"),
        str_col("phase", 16, "prefill or decode"),
        i32_col("token", "", "decode step index, 0 for the prefill sample"),
        f64_col("latency_s", "s", "time of this step"),
        f64_col("power_W", "W", "average power over the step"),
        f64_col("temperature_C", "degC", "die temperature at the end of the step"),
        f64_col("clock_hz", "Hz", "compute clock during the step"),
    });
    h5::RowBuffer rows(layout);
    for (const TimelineSample& s : r.timeline) {
        unsigned char* row = rows.add_row();
        layout.set(row, 0, s.t_s);
        layout.set(row, 1, std::string(phase_name(s.phase)));
        layout.set(row, 2, std::int32_t{s.token});
        layout.set(row, 3, s.latency_s);
        layout.set(row, 4, s.power_W);
        layout.set(row, 5, s.temperature_C);
        layout.set(row, 6, s.clock_hz);
    }
    h5::create_table(group, "timeline", layout, rows, chunk_for(r.timeline.size()));
}

void write_memory(hid_t group, const RunResult& r) {
    const h5::RowLayout layout({
        str_col("level", kNameWidth, "memory level"),
        f64_col("capacity_B", "B", "capacity"),
        f64_col("used_B", "B", "peak footprint: weights + KV + activations placed here"),
        f64_col("weights_B", "B", "weights placed here"),
        f64_col("kv_B", "B", "KV cache placed here"),
        f64_col("activations_B", "B", "activations placed here"),
        f64_col("read_B", "B", "bytes read during the whole run"),
        f64_col("write_B", "B", "bytes written during the whole run"),
    });
    h5::RowBuffer rows(layout);
    for (const MemoryUse& m : r.memory) {
        unsigned char* row = rows.add_row();
        layout.set(row, 0, m.level);
        layout.set(row, 1, m.capacity_B);
        layout.set(row, 2, m.used_B);
        layout.set(row, 3, m.weights_B);
        layout.set(row, 4, m.kv_B);
        layout.set(row, 5, m.activations_B);
        layout.set(row, 6, m.read_B);
        layout.set(row, 7, m.write_B);
    }
    h5::create_table(group, "memory", layout, rows, chunk_for(r.memory.size()));
}

void write_alerts(hid_t group, const RunResult& r) {
    const h5::RowLayout layout({
        f64_col("t_s", "s", "simulated time of the alert"),
        str_col("kind", 32, "temperature, power or memory"),
        str_col("message", kErrorWidth, "alert text"),
    });
    h5::RowBuffer rows(layout);
    for (const Alert& a : r.alerts) {
        unsigned char* row = rows.add_row();
        layout.set(row, 0, a.t_s);
        layout.set(row, 1, a.kind);
        layout.set(row, 2, a.message);
    }
    h5::create_table(group, "alerts", layout, rows, chunk_for(r.alerts.size()));
}

// Per-rail average power as the board's power monitor names its rails (empty when the platform
// declares none), so a run can be compared rail by rail with tegrastats or jtop.
void write_rails(hid_t group, const RunResult& r) {
    const h5::RowLayout layout({
        str_col("rail", kNameWidth, "supply rail as the board reports it (e.g. VDD_IN)"),
        f64_col("energy_J", "J", "energy drawn on the rail during the whole run"),
        f64_col("avg_power_W", "W", "average power on the rail over the run"),
    });
    h5::RowBuffer rows(layout);
    for (const RailPower& rail : r.rails) {
        unsigned char* row = rows.add_row();
        layout.set(row, 0, rail.name);
        layout.set(row, 1, rail.energy_J);
        layout.set(row, 2, rail.avg_power_W);
    }
    h5::create_table(group, "rails", layout, rows, chunk_for(r.rails.size()));
}

void write_units(hid_t group, const RunResult& r) {
    const h5::RowLayout layout({
        str_col("unit", kNameWidth, "compute unit (cpu<i>.<core>, gpu, dla, tile<i>, ...)"),
        str_col("kind", 16, "cpu_thread (one of the runtime's threads), gpu or accelerator"),
        f64_col("clock_hz", "Hz", "nominal clock (crossbar tiles: conversion rate)"),
        f64_col("energy_J", "J", "energy the unit drew while busy over the run"),
    });
    h5::RowBuffer rows(layout);
    for (const UnitUse& u : r.units) {
        unsigned char* row = rows.add_row();
        layout.set(row, 0, u.name);
        layout.set(row, 1, u.kind);
        layout.set(row, 2, u.clock_hz);
        layout.set(row, 3, u.energy_J);
    }
    h5::create_table(group, "units", layout, rows, chunk_for(r.units.size()));
}

}  // namespace

std::vector<AxisColumn> axis_columns(const Json& scenario) {
    std::vector<AxisColumn> out;
    if (!scenario.is_object() || !scenario.contains("sweep") || !scenario["sweep"].is_object()) return out;
    const Json& axes = scenario["sweep"].value("axes", Json::object());
    if (!axes.is_object()) return out;
    for (const auto& [name, values] : axes.items()) {
        bool numeric = true;
        if (values.is_array()) {
            for (const Json& v : values) numeric &= v.is_number();
            numeric &= !values.empty();
        } else {
            numeric = values.is_object();  // {"min": .., "max": ..}: sampled numbers
        }
        out.push_back({name, numeric});
    }
    return out;
}

Json axis_value(const Json& scenario, const std::string& name) {
    if (!scenario.is_object()) return nullptr;
    for (const char* section : {"hardware", "runtime"}) {
        const std::string prefix = std::string(section) + ".set.";
        if (name.rfind(prefix, 0) == 0) {
            const Json* set = scenario.contains(section) && scenario[section].is_object() && scenario[section].contains("set")
                                  ? &scenario[section]["set"]
                                  : nullptr;
            const std::string key = name.substr(prefix.size());
            return set && set->is_object() && set->contains(key) ? (*set)[key] : Json(nullptr);
        }
    }
    const Json* node = &scenario;
    std::string::size_type a = 0;
    for (;;) {
        const auto b = name.find('.', a);
        const std::string part = name.substr(a, b == std::string::npos ? std::string::npos : b - a);
        if (!node->is_object() || !node->contains(part)) return nullptr;
        node = &(*node)[part];
        if (b == std::string::npos) return *node;
        a = b + 1;
    }
}

h5::RowLayout points_layout_of_file(hid_t file) {
    Json scenario;
    if (h5::has_attr(file, "scenario")) {
        try {
            scenario = Json::parse(h5::read_string_attr(file, "scenario"));
        } catch (const Json::exception&) {
            throw h5::Failure("root attribute scenario is not JSON");
        }
    }
    return points_layout(axis_columns(scenario));
}

h5::RowLayout points_layout(const std::vector<AxisColumn>& axes) {
    std::vector<h5::Column> cols = columns_of(point_fields());
    // Column names are identifiers (PyTables and pandas' attribute access want them): "hardware.freq"
    // -> "hardware_freq"; the description names the scenario key.
    for (const AxisColumn& a : axes) {
        const std::string desc = "sweep axis " + a.name + ", as the scenario gives it";
        cols.push_back(a.numeric ? Column{column_safe(a.name), ColType::F64, 0, "", desc + " (NaN: none)"}
                                 : Column{column_safe(a.name), ColType::Str, kNameWidth, "", desc});
    }
    return h5::RowLayout(std::move(cols));
}

const h5::RowLayout& points_layout() {
    static const h5::RowLayout layout(columns_of(point_fields()));
    return layout;
}

void encode_point(const PointRow& p, const h5::RowLayout& layout, unsigned char* row) {
    const auto& fields = point_fields();
    for (std::size_t c = 0; c < fields.size(); ++c) {
        const PointField& f = fields[c];
        if (f.s) layout.set(row, c, p.*f.s);
        else if (f.i) layout.set(row, c, std::int32_t{p.*f.i});
        else if (f.d) layout.set(row, c, p.*f.d);
        else layout.set(row, c, p.op_class_share[static_cast<std::size_t>(f.share)]);
    }
    for (std::size_t a = 0; fields.size() + a < layout.columns().size(); ++a) {
        const std::size_t c = fields.size() + a;
        const Json v = a < p.axis_values.size() ? p.axis_values[a] : Json(nullptr);
        if (layout.columns()[c].type == ColType::F64)
            layout.set(row, c, v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN());
        else
            layout.set(row, c, v.is_null() ? std::string() : v.is_string() ? v.get<std::string>() : v.dump());
    }
}

PointRow decode_point(const unsigned char* row, const h5::RowLayout& layout) {
    const auto& fields = point_fields();
    PointRow p;
    for (std::size_t c = 0; c < fields.size(); ++c) {
        const PointField& f = fields[c];
        if (f.s) p.*f.s = layout.get_str(row, c);
        else if (f.i) p.*f.i = layout.get_i32(row, c);
        else if (f.d) p.*f.d = layout.get_f64(row, c);
        else p.op_class_share[static_cast<std::size_t>(f.share)] = layout.get_f64(row, c);
    }
    for (std::size_t c = fields.size(); c < layout.columns().size(); ++c) {
        if (layout.columns()[c].type == ColType::F64) {
            const double v = layout.get_f64(row, c);
            p.axis_values.push_back(std::isnan(v) ? Json(nullptr) : Json(v));
        } else {
            const std::string v = layout.get_str(row, c);
            p.axis_values.push_back(v.empty() ? Json(nullptr) : Json(v));
        }
    }
    return p;
}

PointRow point_row_of(const RunResult& r, const std::string& error, const std::string& run) {
    if (r.config_hash.size() > kHashWidth)
        throw std::invalid_argument("config_hash '" + r.config_hash + "' is longer than the " +
                                    std::to_string(kHashWidth) + "-byte column");
    const Summary& s = r.summary;
    PointRow p;
    p.config_hash = r.config_hash;
    p.platform = r.platform;
    p.runtime = r.runtime;
    p.model = r.model;
    p.quant = r.quant;
    p.fidelity = r.fidelity;
    p.status = error.empty() ? "ok" : "error";
    p.error = error;
    p.n_prompt = r.n_prompt;
    p.n_gen = r.n_gen;
    p.batch = r.batch;
    p.ctx = r.ctx;
    p.threads = r.threads;
    p.clock_hz = r.clock_hz;
    p.cpu_clock_hz = r.cpu_clock_hz;
    p.gpu_clock_hz = r.gpu_clock_hz;
    p.kv_type = r.kv_type;
    p.power_mode = r.power_mode;
    p.gpu_layers = r.gpu_layers;
    p.run = run;
    if (!error.empty()) {
        // NaN, not zero, so a failed point never passes for a result in pandas aggregates.
        const double nan = std::numeric_limits<double>::quiet_NaN();
        for (const PointField& f : point_fields())
            if (f.d && f.d != &PointRow::clock_hz && f.d != &PointRow::cpu_clock_hz && f.d != &PointRow::gpu_clock_hz)
                p.*f.d = nan;
        p.op_class_share.fill(nan);
        p.sim_wall_s = s.sim_wall_s;  // host time spent before the failure
        return p;
    }
    p.ttft_s = s.ttft_s;
    p.prefill_s = s.prefill_s;
    p.prefill_tok_s = s.prefill_tok_s;
    p.decode_s = s.decode_s;
    p.decode_tok_s = s.decode_tok_s;
    p.latency_p50_s = s.latency_p50_s;
    p.latency_p95_s = s.latency_p95_s;
    p.latency_p99_s = s.latency_p99_s;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto set_band = [&](const char* metric_class, double rate, double& lo, double& hi) {
        const validation::Band b = validation::shipped_band_for(r.config.value("platform", Json()),
                                                                r.config.value("runtime", Json()), metric_class);
        lo = b.n > 0 && rate > 0 ? rate * b.lo : nan;
        hi = b.n > 0 && rate > 0 ? rate * b.hi : nan;
    };
    set_band("decode", s.decode_tok_s, p.decode_tok_s_lo, p.decode_tok_s_hi);
    set_band("prefill", s.prefill_tok_s, p.prefill_tok_s_lo, p.prefill_tok_s_hi);
    p.total_s = s.total_s;
    p.energy_J = s.energy_J;
    p.energy_per_token_J = s.energy_per_token_J;
    p.avg_power_W = s.avg_power_W;
    p.peak_temperature_C = s.peak_temperature_C;
    p.peak_memory_B = s.peak_memory_B;
    p.bottleneck = bound_name(s.bottleneck);
    p.op_class_share = s.op_class_share;
    p.sim_wall_s = s.sim_wall_s;
    return p;
}

void write_run_tables(hid_t group, const RunResult& r, StoreLevel store) {
    if (store == StoreLevel::Points) return;
    if (store == StoreLevel::Full) {
        write_ops(group, r);
        write_timeline(group, r);
    }
    write_memory(group, r);
    write_units(group, r);
    write_alerts(group, r);
    write_rails(group, r);
}

std::string column_safe(const std::string& name) {
    std::string out;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        out += ok ? c : '_';
    }
    return out.empty() ? std::string("level") : out;
}

}  // namespace edgetwin::h5result
