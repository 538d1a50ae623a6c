// Generic platform family: N identical cores running a ggml-style runtime that splits every large op
// evenly over its threads, over one or more memory levels. Enough to model a CPU board from its
// datasheet; the MCU/Jetson/RRAM families model their parts in more detail behind the same interface.
#include <algorithm>
#include <cmath>
#include <optional>

#include "hwmodels/generic/generic_schemas.h"
#include "hwmodels/platform_registry.h"
#include "sim/core/user_error.h"

namespace edgetwin::generic {
namespace {

struct CoreParams {
    std::string core;  // microarchitecture name, "" if the preset gives none
    int cores = 1;
    double clock_hz = 0, clock_ref_hz = 0;
    std::map<std::string, double> macs_per_cycle;
    double flops_per_cycle = 1, cycles_per_transcendental = 0, dequant_ops_per_cycle = 1;
    double active_power_ref_W = 0;
    double tile_B = 16384;
};

struct RuntimeParams {
    std::string name;
    int threads = 1;
    double op_overhead_s = 0, token_overhead_s = 0, compute_efficiency = 1;
    double min_split_work = 0;
    double dequant_row_reuse = 1;
    std::map<GgmlType, double> kernel_cycles_per_block;  // for this preset's core, any row count
    std::map<GgmlType, double> gemm_cycles_per_block;    // tiled kernel for ops of kGemmMinRows rows or more
    std::map<GgmlType, double> gemv_cycles_per_block;    // the build's single-row kernel below that
};

// ggml-cpu forward_mul_mat_one_chunk (repack.cpp): the repacked GEMM takes an op with more than 3
// activation rows, the GEMV the rest.
constexpr std::int64_t kGemmMinRows = 4;

class GenericPlatform final : public IPlatform {
public:
    GenericPlatform(std::string name, CoreParams cpu, std::vector<MemoryLevel> mems, Json placement_req,
                    std::string placement_file, RuntimeParams rt, double static_W, double ambient_C,
                    double rth, double cth, Json resolved)
        : name_(std::move(name)),
          cpu_(std::move(cpu)),
          mems_(std::move(mems)),
          placement_req_(std::move(placement_req)),
          placement_file_(std::move(placement_file)),
          rt_(std::move(rt)),
          static_W_(static_W),
          ambient_C_(ambient_C),
          rth_(rth),
          cth_(cth),
          resolved_(std::move(resolved)) {}

    const std::string& name() const override { return name_; }
    const std::string& family() const override {
        static const std::string f = "generic";
        return f;
    }
    const std::vector<MemoryLevel>& memories() const override { return mems_; }
    int compute_unit_count() const override { return rt_.threads; }
    UnitKind compute_unit_kind(int) const override { return UnitKind::CpuThread; }
    std::string compute_unit_name(int unit) const override { return "core" + std::to_string(unit); }
    double compute_unit_clock_hz(int) const override { return cpu_.clock_hz; }
    double token_overhead_s() const override { return rt_.token_overhead_s; }
    // Dynamic power at fixed voltage scales with frequency (P = C V^2 f).
    double unit_active_power_W(int) const override {
        return cpu_.active_power_ref_W * cpu_.clock_hz / cpu_.clock_ref_hz;
    }
    double static_power_W() const override {
        double w = static_W_;
        for (const auto& m : mems_) w += m.static_power_W;
        return w;
    }
    double ambient_C() const override { return ambient_C_; }
    double thermal_resistance_K_per_W() const override { return rth_; }
    double heat_capacity_J_per_K() const override { return cth_; }
    Json resolved_config() const override { return resolved_; }

    MappedWorkload map(const WorkloadSize& size) const override {
        MappedWorkload out;
        out.footprint_B.assign(mems_.size(), 0.0);
        out.weights_B = size.weights_B;
        out.kv_B = size.kv_B;
        out.activations_B = size.activations_B;
        // Hottest-first: activations, then KV cache, then weights, each into the fastest level with room.
        out.placement.activations = place("activations", size.activations_B, out.footprint_B, size.quant_name);
        out.placement.kv = place("kv", size.kv_B, out.footprint_B, size.quant_name);
        out.placement.weights = place("weights", size.weights_B, out.footprint_B, size.quant_name);
        return out;
    }

    OpPlan plan(const Op& op, const Placement& pl) const override {
        const double work = op.macs + op.flops;
        const bool split = op.splittable && rt_.threads > 1 && work >= rt_.min_split_work;
        const int parts = split ? rt_.threads : 1;
        const double eff = rt_.compute_efficiency;

        const double mpc = macs_per_cycle(op);
        // A runtime build whose dot kernel was counted for this core: its cycles per block already
        // hold the unpacking, the dot instructions and the scale arithmetic (one call per weight row
        // and activation row, as ggml's vec_dot loop makes them). Attention without a fused kernel is
        // the same mul_mat over the KV cache (K, and V transposed), so it runs the KV type's kernel.
        const bool attention = op.kind == OpKind::AttnScores || op.kind == OpKind::AttnValues;
        const GgmlType kernel_type = attention ? op.kv_type : op.weight_type;
        const auto& table = op.kind != OpKind::MatMul ? rt_.kernel_cycles_per_block
                            : op.m >= kGemmMinRows && rt_.gemm_cycles_per_block.count(kernel_type) ? rt_.gemm_cycles_per_block
                            : op.m < kGemmMinRows && rt_.gemv_cycles_per_block.count(kernel_type)  ? rt_.gemv_cycles_per_block
                                                                                                  : rt_.kernel_cycles_per_block;
        const auto kernel = op.kind == OpKind::MatMul || attention ? table.find(kernel_type) : table.end();
        const bool counted_kernel = kernel != table.end();
        double dequant_ops = 0;
        if (!counted_kernel && op.weight_elems > 0 && (op.kind == OpKind::MatMul || op.kind == OpKind::Embedding)) {
            const auto& q = quant_info(op.weight_type);
            // Each activation row (token) consumes the block again; a runtime re-unpacks it unless its
            // kernel keeps the unpacked block for `dequant_row_reuse` rows.
            const double rows = op.kind == OpKind::MatMul ? static_cast<double>(std::max<std::int64_t>(1, op.m)) : 1.0;
            dequant_ops = static_cast<double>(op.weight_elems) / q.block_elems * q.dequant_ops_per_block *
                          std::ceil(rows / rt_.dequant_row_reuse);
        }
        const double mac_cycles = counted_kernel ? op.macs / quant_info(kernel_type).block_elems * kernel->second
                                                 : op.macs / mpc;
        const double cycles = mac_cycles / eff + op.flops / (cpu_.flops_per_cycle * eff) +
                              op.transcendentals * cpu_.cycles_per_transcendental +
                              dequant_ops / (cpu_.dequant_ops_per_cycle * eff);
        const double compute_s = cycles / cpu_.clock_hz / parts;

        std::vector<double> rd(mems_.size(), 0.0), wr(mems_.size(), 0.0);
        rd[pl.weights] += static_cast<double>(op.weight_bytes);
        rd[pl.kv] += static_cast<double>(op.kv_read_bytes);
        wr[pl.kv] += static_cast<double>(op.kv_write_bytes);
        rd[pl.activations] += static_cast<double>(op.act_read_bytes);
        wr[pl.activations] += static_cast<double>(op.act_write_bytes);
        double moved = 0;
        for (std::size_t i = 0; i < mems_.size(); ++i) {
            rd[i] /= parts;
            wr[i] /= parts;
            moved += rd[i] + wr[i];
        }
        const int tiles = std::max(1, static_cast<int>(std::min(256.0, std::ceil(moved / cpu_.tile_B))));

        OpPlan p;
        for (int u = 0; u < parts; ++u) p.items.push_back(WorkItem{u, compute_s, rt_.op_overhead_s, rd, wr, tiles});
        return p;
    }

private:
    double macs_per_cycle(const Op& op) const {
        if (op.macs <= 0) return 1.0;
        const GgmlType t = (op.kind == OpKind::AttnScores || op.kind == OpKind::AttnValues) ? op.kv_type : op.weight_type;
        auto it = cpu_.macs_per_cycle.find(quant_info(t).name);
        return it != cpu_.macs_per_cycle.end() ? it->second : cpu_.macs_per_cycle.at("default");
    }

    int place(const char* what, double bytes, std::vector<double>& used, const std::string& quant) const {
        const std::string want = placement_req_.value(what, "auto");
        auto free_of = [&](std::size_t i) { return mems_[i].capacity_B - used[i]; };
        if (want != "auto") {
            for (std::size_t i = 0; i < mems_.size(); ++i) {
                if (mems_[i].name != want) continue;
                if (bytes > free_of(i))
                    throw UserError(placement_file_, std::string("placement.") + what,
                                    std::string(what) + " (" + quant + ") need " +
                                        format_quantity(bytes, Dimension::Bytes) + " but " + want + " has " +
                                        format_quantity(free_of(i), Dimension::Bytes) + " free");
                used[i] += bytes;
                return static_cast<int>(i);
            }
            std::string names;
            for (const auto& m : mems_) names += (names.empty() ? "" : ", ") + m.name;
            throw UserError(placement_file_, std::string("placement.") + what,
                            "unknown memory level '" + want + "' (allowed: auto, " + names + ")");
        }
        for (std::size_t i = 0; i < mems_.size(); ++i) {
            if (bytes <= free_of(i)) {
                used[i] += bytes;
                return static_cast<int>(i);
            }
        }
        std::string room;
        for (std::size_t i = 0; i < mems_.size(); ++i)
            room += (room.empty() ? "" : ", ") + mems_[i].name + " " + format_quantity(free_of(i), Dimension::Bytes) + " free";
        throw UserError(placement_file_, "memories",
                        std::string(what) + " (" + quant + ") need " + format_quantity(bytes, Dimension::Bytes) +
                            " and fit in no memory level (" + room + "); try a smaller quant, a shorter context or a "
                            "platform with more memory");
    }

    std::string name_;
    CoreParams cpu_;
    std::vector<MemoryLevel> mems_;
    Json placement_req_;
    std::string placement_file_;
    RuntimeParams rt_;
    double static_W_, ambient_C_, rth_, cth_;
    Json resolved_;
};

class GenericFamily final : public IPlatformFamily {
public:
    std::string name() const override { return "generic"; }
    std::string description() const override {
        return "N identical cores + memory levels from a datasheet; ggml-style thread split";
    }
    std::vector<const ParamSchema*> schemas() const override {
        return {&platform_schema(), &cpu_schema(),     &memory_schema(), &placement_schema(),
                &power_schema(),    &thermal_schema(), &runtime_schema()};
    }

    std::unique_ptr<IPlatform> build(const PlatformRequest& req) const override {
        const std::string& file = req.file;
        const Json& p = req.preset;
        ParamValues top = platform_schema().read(p, file, "",
                                                 {"cpu", "memories", "placement", "power", "thermal", "sources"});
        if (p.contains("sources") && !p["sources"].is_object())
            throw UserError(file, "sources", "expected an object of field -> citation");

        CoreParams cpu = read_cpu(require_field(p, "cpu", file, ""), file, req.settings);
        std::vector<MemoryLevel> mems = read_memories(require_field(p, "memories", file, ""), file);
        Json placement = p.value("placement", Json::object());
        placement_schema().read(placement, file, "placement");
        ParamValues power = power_schema().read(require_field(p, "power", file, ""), file, "power");
        ParamValues th = thermal_schema().read(require_field(p, "thermal", file, ""), file, "thermal");

        RuntimeParams rt = read_runtime(req, cpu);
        if (req.settings.power_mode)
            throw UserError("settings", "power_mode",
                            "platform '" + top.str("name") + "' (family generic) has no power modes (allowed: none)");
        if (req.settings.gpu_layers && *req.settings.gpu_layers != 0)
            throw UserError("settings", "gpu_layers",
                            "platform '" + top.str("name") + "' (family generic) has no GPU (allowed: 0)");

        Json resolved = p;
        resolved["cpu"]["clock"] = format_quantity(cpu.clock_hz, Dimension::Frequency, 8);
        resolved["runtime"] = req.runtime;
        resolved["runtime"]["threads"] = rt.threads;
        return std::make_unique<GenericPlatform>(top.str("name"), std::move(cpu), std::move(mems), placement, file,
                                                 std::move(rt), power.num("static"), th.num("ambient"),
                                                 th.num("resistance"), th.num("capacitance"), std::move(resolved));
    }

private:
    static CoreParams read_cpu(const Json& j, const std::string& file, const PlatformSettings& settings) {
        ParamValues v = cpu_schema().read(j, file, "cpu");
        CoreParams c;
        c.cores = static_cast<int>(v.integer("cores"));
        c.core = v.str("core");
        c.clock_ref_hz = v.num("clock");
        c.clock_hz = settings.freq_hz.value_or(c.clock_ref_hz);
        const double lo = v.num("clock_min"), hi = v.num("clock_max");
        if (lo > hi) throw UserError(file, "cpu.clock_min", "is above cpu.clock_max");
        auto check = [&](double f, const std::string& origin, const std::string& key) {
            if (f < lo || f > hi)
                throw UserError(origin, key, format_quantity(f, Dimension::Frequency) + " is outside the supported " +
                                                 "core clock range [" + format_quantity(lo, Dimension::Frequency) +
                                                 ", " + format_quantity(hi, Dimension::Frequency) + "]");
        };
        check(c.clock_ref_hz, file, "cpu.clock");
        check(c.clock_hz, "settings", "freq");
        c.macs_per_cycle = v.map("macs_per_cycle");
        if (!c.macs_per_cycle.count("default"))
            throw UserError(file, "cpu.macs_per_cycle.default", "required key is missing");
        for (const auto& [k, val] : c.macs_per_cycle)
            if (k != "default" && !parse_ggml_type(k))
                throw UserError(file, "cpu.macs_per_cycle." + k, "unknown ggml type name (e.g. f32, f16, q8_0, q4_0)");
        c.flops_per_cycle = v.num("flops_per_cycle");
        c.cycles_per_transcendental = v.num("cycles_per_transcendental");
        c.dequant_ops_per_cycle = v.num("dequant_ops_per_cycle");
        c.active_power_ref_W = v.num("active_power");
        c.tile_B = v.num("tile");
        return c;
    }

    static std::vector<MemoryLevel> read_memories(const Json& arr, const std::string& file) {
        if (!arr.is_array() || arr.empty())
            throw UserError(file, "memories", "expected a non-empty array of memory levels, fastest first");
        std::vector<MemoryLevel> out;
        for (std::size_t i = 0; i < arr.size(); ++i) {
            const std::string path = "memories[" + std::to_string(i) + "]";
            ParamValues v = memory_schema().read(arr[i], file, path);
            MemoryLevel m;
            m.name = v.str("name");
            for (const auto& prev : out)
                if (prev.name == m.name) throw UserError(file, path + ".name", "duplicate memory name '" + m.name + "'");
            m.capacity_B = v.num("capacity") - v.num("reserved");
            if (m.capacity_B <= 0) throw UserError(file, path + ".reserved", "reserves the whole capacity");
            m.peak_bandwidth_Bps = v.num("bandwidth");
            m.efficiency = v.num("efficiency");
            m.latency_s = v.num("latency");
            m.read_energy_J_per_B = v.num("read_energy_per_byte");
            m.write_energy_J_per_B = v.num("write_energy_per_byte");
            m.static_power_W = v.num("static_power");
            out.push_back(m);
        }
        return out;
    }

    static RuntimeParams read_runtime(const PlatformRequest& req, const CoreParams& cpu) {
        ParamValues v = runtime_schema().read(req.runtime, req.runtime_file, "");
        RuntimeParams r;
        r.name = v.str("name");
        r.threads = static_cast<int>(v.integer("threads"));
        if (r.threads == 0) r.threads = cpu.cores;
        if (req.settings.threads) r.threads = *req.settings.threads;
        if (r.threads < 1 || r.threads > cpu.cores)
            throw UserError("settings", "threads",
                            std::to_string(r.threads) + " threads requested; allowed 1.." + std::to_string(cpu.cores) +
                                " (cores of this platform)");
        r.op_overhead_s = v.num("op_overhead");
        r.token_overhead_s = v.num("token_overhead");
        r.compute_efficiency = v.num("compute_efficiency");
        r.min_split_work = v.num("min_split_macs");
        r.dequant_row_reuse = v.num("dequant_row_reuse");
        if (v.has("kernel_cycles_per_block")) {
            for (const auto& [key, cycles] : v.map("kernel_cycles_per_block")) {
                const auto colon = key.find(':');
                const auto second = colon == std::string::npos ? std::string::npos : key.find(':', colon + 1);
                const std::string type_name =
                    colon == std::string::npos ? "" : key.substr(colon + 1, second == std::string::npos ? std::string::npos : second - colon - 1);
                const std::string phase = second == std::string::npos ? "" : key.substr(second + 1);
                const auto type = type_name.empty() ? std::nullopt : parse_ggml_type(type_name);
                if (!type || (!phase.empty() && phase != "gemm" && phase != "gemv"))
                    throw UserError(req.runtime_file, "kernel_cycles_per_block." + key,
                                    "expected '<core>:<ggml type>' or '<core>:<ggml type>:gemm|gemv' (e.g. cortex-a76:q8_0:gemm)");
                if (key.compare(0, colon, cpu.core) != 0 || colon != cpu.core.size()) continue;
                (phase == "gemm" ? r.gemm_cycles_per_block : phase == "gemv" ? r.gemv_cycles_per_block : r.kernel_cycles_per_block)[*type] = cycles;
            }
        }
        return r;
    }
};

const PlatformRegistrar<GenericFamily> kRegistrar;

}  // namespace
}  // namespace edgetwin::generic
