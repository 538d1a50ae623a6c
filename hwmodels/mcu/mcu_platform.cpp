// MCU platform family: identical cores (cost tables in cores/) executing a llama2.c-style runtime over
// on-chip SRAM/TCM, flash, QSPI/OPI PSRAM or SDRAM. In-order MCU cores stall on cache misses, so each
// work item's compute and memory time add (one tile: no overlap); split matmuls put one item per core,
// and when both read the same PSRAM the tlm engine queues their line fills on that one bus.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "hwmodels/mcu/i_core.h"
#include "hwmodels/mcu/mcu_memory.h"
#include "hwmodels/mcu/mcu_schemas.h"
#include "hwmodels/mcu/model_store.h"
#include "hwmodels/platform_registry.h"
#include "models/quant_recipes.h"
#include "sim/core/user_error.h"

namespace edgetwin::mcu {
namespace {

struct Runtime {
    std::string name;
    int cores = 1;
    Kernel kernel = Kernel::Scalar;
    bool split_attention = false;
    bool sqrt_per_score = false;
    std::vector<std::string> weight_types;
    double op_overhead_s = 0, sync_overhead_s = 0, token_overhead_s = 0;
};

struct Config {
    std::string name, file;
    const ICore* core = nullptr;
    double clock_hz = 0, clock_ref_hz = 0;
    std::vector<McuMemory> mems;
    Json placement;
    Runtime rt;
    double voltage = 0, core_current = 0, idle_current = 0;
    double ambient_C = 25, rth = 1, cth = 1;
    Json resolved;
};

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) {
        item.erase(std::remove(item.begin(), item.end(), ' '), item.end());
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

bool type_allowed(const std::vector<std::string>& allowed, GgmlType t) {
    const std::string n = quant_info(t).name;
    for (const auto& a : allowed)
        if (n.rfind(a, 0) == 0) return true;
    return false;
}

class McuPlatform final : public IPlatform {
public:
    explicit McuPlatform(Config c) : c_(std::move(c)) {
        for (const auto& m : c_.mems) levels_.push_back(m.level);
    }

    const std::string& name() const override { return c_.name; }
    const std::string& family() const override {
        static const std::string f = "mcu";
        return f;
    }
    const std::vector<MemoryLevel>& memories() const override { return levels_; }
    int compute_unit_count() const override { return c_.rt.cores; }
    UnitKind compute_unit_kind(int) const override { return UnitKind::CpuThread; }
    std::string compute_unit_name(int unit) const override {
        return c_.core->costs().name + "#" + std::to_string(unit);
    }
    double compute_unit_clock_hz(int) const override { return c_.clock_hz; }
    double token_overhead_s() const override { return c_.rt.token_overhead_s; }
    // Dynamic current at fixed voltage scales with the clock (datasheet run currents are per MHz-linear).
    double unit_active_power_W(int) const override {
        return c_.core_current * c_.voltage * c_.clock_hz / c_.clock_ref_hz;
    }
    double static_power_W() const override {
        double w = c_.idle_current * c_.voltage;
        for (const auto& m : levels_) w += m.static_power_W;
        return w;
    }
    double ambient_C() const override { return c_.ambient_C; }
    double thermal_resistance_K_per_W() const override { return c_.rth; }
    double heat_capacity_J_per_K() const override { return c_.cth; }
    Json resolved_config() const override { return c_.resolved; }

    MappedWorkload map(const WorkloadSize& size) const override {
        check_runtime_types(size.quant_name);
        MappedWorkload out;
        out.footprint_B.assign(levels_.size(), 0.0);
        out.weights_B = size.weights_B;
        out.kv_B = size.kv_B;
        out.activations_B = size.activations_B;
        // Weights that fit in no memory even alone are the first thing to say (with a quant that
        // would fit), whatever else does not fit either.
        if (c_.placement.value("weights", "auto") == "auto") {
            std::vector<double> empty(levels_.size(), 0.0);
            place("weights", size.weights_B, false, empty, size);
        }
        // Hottest first: activations, KV cache, then weights (weights may live in read-only flash).
        out.placement.activations = place("activations", size.activations_B, true, out.footprint_B, size);
        out.placement.kv = place("kv", size.kv_B, true, out.footprint_B, size);
        out.placement.weights = place("weights", size.weights_B, false, out.footprint_B, size);
        return out;
    }

    OpPlan plan(const Op& op, const Placement& pl) const override {
        const CoreCosts& cc = c_.core->costs();
        const UnoptimisedCosts& o0c = c_.core->unoptimised_costs();
        const bool attention = op.kind == OpKind::AttnScores || op.kind == OpKind::AttnValues ||
                               op.kind == OpKind::Softmax;
        // An unoptimised build pays its stack traffic in every C loop; library calls (expf, sqrtf) are
        // prebuilt newlib code either way.
        const bool o0 = c_.rt.kernel == Kernel::ScalarO0;
        const double per_flop = o0 ? o0c.flop : cc.cycles_per_flop;
        double cycles = op.flops * per_flop + op.transcendentals * cc.cycles_per_transcendental;
        if (op.kind == OpKind::MatMul) {
            const auto& q = quant_info(op.weight_type);
            const double rows = static_cast<double>(std::max<std::int64_t>(1, op.m));
            cycles += op.macs * c_.core->cycles_per_mac(q.quantized, c_.rt.kernel);
            cycles += rows * static_cast<double>(op.n) * (o0 ? o0c.row_overhead : cc.row_overhead_cycles);
            // Block kernels rescale (runq: int32 -> float, two scale loads, multiply-add) or unpack
            // (ggml Q4_0 nibbles) every block: the quant type's ops per block.
            if (q.quantized)
                cycles += static_cast<double>(op.weight_elems) / q.block_elems * q.dequant_ops_per_block * rows *
                          (o0 ? o0c.dequant_op : cc.cycles_per_dequant_op);
        } else if (op.macs > 0) {
            // Attention over the cache is a plain C fp32 loop in llama2.c (KV cache kept in fp32).
            cycles += op.macs * (o0 ? o0c.f32_mac : cc.f32_scalar);
            // llama2.c evaluates `score /= sqrtf(head_size)` inside the loop: one libm call per score.
            if (op.kind == OpKind::AttnScores && c_.rt.sqrt_per_score)
                cycles += static_cast<double>(op.act_write_bytes) / 4.0 * cc.cycles_per_transcendental;
        }
        const bool split = c_.rt.cores > 1 && op.splittable &&
                           (op.kind == OpKind::MatMul || (attention && c_.rt.split_attention));
        const int parts = split ? c_.rt.cores : 1;

        std::vector<double> rd(levels_.size(), 0.0), wr(levels_.size(), 0.0);
        rd[pl.weights] += static_cast<double>(op.weight_bytes);
        rd[pl.kv] += static_cast<double>(op.kv_read_bytes);
        wr[pl.kv] += static_cast<double>(op.kv_write_bytes);
        rd[pl.activations] += static_cast<double>(op.act_read_bytes);
        wr[pl.activations] += static_cast<double>(op.act_write_bytes);
        for (std::size_t i = 0; i < levels_.size(); ++i) {
            rd[i] /= parts;
            wr[i] /= parts;
        }
        const double overhead = c_.rt.op_overhead_s + (split ? c_.rt.sync_overhead_s : 0.0);
        // Items add compute and memory time (in-order core, one tile). Where a line fill restarts the core
        // on its critical beat, the rest of each line arrives while the core computes: that overlap is
        // taken off the compute time, so the item lasts stalls + max(compute, streamed rest).
        double compute_s = cycles / parts / c_.clock_hz;
        double overlap_s = 0;
        for (std::size_t i = 0; i < levels_.size(); ++i)
            if (c_.mems[i].overlap_per_line_s > 0) overlap_s += rd[i] / c_.mems[i].line_B * c_.mems[i].overlap_per_line_s;
        compute_s -= std::min(compute_s, overlap_s);
        OpPlan p;
        for (int u = 0; u < parts; ++u) p.items.push_back(WorkItem{u, compute_s, overhead, rd, wr, 1});
        return p;
    }

private:
    void check_runtime_types(const std::string& quant) const {
        GgmlType t;
        try {
            t = quant_scheme_from_name(quant, GgmlType::F32, "", "").default_type;
        } catch (const UserError&) {
            return;  // a scheme read from a model file: its tensor types are checked by the lowering
        }
        if (type_allowed(c_.rt.weight_types, t)) return;
        std::string names;
        for (const auto& n : c_.rt.weight_types) names += (names.empty() ? "" : ", ") + n;
        throw UserError("settings", "quant",
                        "runtime '" + c_.rt.name + "' loads weights of type " + names + " only, not " + quant);
    }

    std::string weights_suggestion(const WorkloadSize& size, double room_B) const {
        double bpw_now = 0;
        try {
            bpw_now = quant_info(quant_scheme_from_name(size.quant_name, GgmlType::F32, "", "").default_type)
                          .bits_per_weight();
        } catch (const UserError&) {
            return "";
        }
        for (const char* cand : {"F16", "Q8_0", "llama2c-Q8-GS32", "Q6_K", "Q5_0", "Q4_0", "Q3_K", "Q2_K"}) {
            const double bpw = quant_info(quant_scheme_from_name(cand, GgmlType::F32, "", "").default_type).bits_per_weight();
            if (bpw >= bpw_now) continue;
            const double est = size.weights_B * bpw / bpw_now;  // norms stay f32: a slight underestimate
            if (est <= room_B)
                return "; the largest quant that would fit is " + std::string(cand) + " (about " +
                       format_quantity(est, Dimension::Bytes) + ")";
        }
        return "; no quant down to Q2_K fits: add PSRAM/SDRAM or pick a smaller model";
    }

    int place(const char* what, double bytes, bool needs_write, std::vector<double>& used,
              const WorkloadSize& size) const {
        const std::string want = c_.placement.value(what, "auto");
        auto free_of = [&](std::size_t i) { return levels_[i].capacity_B - used[i]; };
        auto usable = [&](std::size_t i) { return c_.mems[i].writable || !needs_write; };
        if (want != "auto") {
            for (std::size_t i = 0; i < levels_.size(); ++i) {
                if (levels_[i].name != want) continue;
                if (!usable(i))
                    throw UserError(c_.file, std::string("placement.") + what, want + " is read-only; " + what + " need a writable memory");
                if (bytes > free_of(i))
                    throw UserError(c_.file, std::string("placement.") + what,
                                    std::string(what) + " (" + size.quant_name + ") need " +
                                        format_quantity(bytes, Dimension::Bytes) + " but " + want + " has " +
                                        format_quantity(free_of(i), Dimension::Bytes) + " free");
                used[i] += bytes;
                return static_cast<int>(i);
            }
            throw UserError(c_.file, std::string("placement.") + what, "unknown memory level '" + want + "'");
        }
        double best_room = 0;
        std::string room;
        for (std::size_t i = 0; i < levels_.size(); ++i) {
            if (!usable(i)) continue;
            if (bytes <= free_of(i)) {
                used[i] += bytes;
                return static_cast<int>(i);
            }
            best_room = std::max(best_room, free_of(i));
            room += (room.empty() ? "" : ", ") + levels_[i].name + " " + format_quantity(free_of(i), Dimension::Bytes) + " free";
        }
        const bool weights = std::string(what) == "weights";
        const std::string subject = weights ? "weights (" + size.quant_name + ") need"
                                    : std::string(what) == "kv" ? std::string("the KV cache needs")
                                                                : std::string(what) + " need";
        const bool kv = std::string(what) == "kv";
        std::string msg = subject + " " + format_quantity(bytes, Dimension::Bytes) + (kv ? " and fits" : " and fit") +
                          " in no memory of " + c_.name + " (" + room + ")";
        if (weights) msg += weights_suggestion(size, best_room);
        else if (std::string(what) == "kv") msg += "; use a shorter context (--ctx, or n_prompt + n_gen) or a smaller KV type";
        throw UserError(c_.file, "memories", msg);
    }

    Config c_;
    std::vector<MemoryLevel> levels_;
};

class McuFamily final : public IPlatformFamily {
public:
    std::string name() const override { return "mcu"; }
    std::string description() const override {
        return "Microcontrollers: Cortex-M / Xtensa cores, SRAM/flash/PSRAM/SDRAM, llama2.c-style runtimes";
    }
    std::vector<const ParamSchema*> schemas() const override {
        return {&platform_schema(), &core_schema(),  &memory_schema(), &placement_schema(),
                &power_schema(),    &thermal_schema(), &runtime_schema(), &model_store_schema()};
    }

    std::unique_ptr<IPlatform> build(const PlatformRequest& req) const override {
        const std::string& file = req.file;
        const Json& p = req.preset;
        ParamValues top = platform_schema().read(
            p, file, "", {"core", "memories", "placement", "power", "thermal", "model_store", "sources"});
        read_model_store(p, file);  // validated here; its load time is reported by mcu_model_load_s
        Config c;
        c.name = top.str("name");
        c.file = file;

        ParamValues core = core_schema().read(require_field(p, "core", file, ""), file, "core");
        c.core = find_core(core.str("type"));
        if (!c.core) {
            std::string names;
            for (const auto& n : core_names()) names += (names.empty() ? "" : ", ") + n;
            throw UserError(file, "core.type", "unknown core '" + core.str("type") + "' (allowed: " + names + ")");
        }
        c.clock_ref_hz = core.num("clock");
        c.clock_hz = req.settings.freq_hz.value_or(c.clock_ref_hz);
        const double lo = core.num("clock_min"), hi = core.num("clock_max");
        auto check = [&](double f, const std::string& origin, const std::string& key) {
            if (f < lo || f > hi)
                throw UserError(origin, key, format_quantity(f, Dimension::Frequency) + " is outside the core clock range of " +
                                                 c.name + " [" + format_quantity(lo, Dimension::Frequency) + ", " +
                                                 format_quantity(hi, Dimension::Frequency) + "]");
        };
        check(c.clock_ref_hz, file, "core.clock");
        check(c.clock_hz, "settings", "freq");

        const Json& arr = require_field(p, "memories", file, "");
        if (!arr.is_array() || arr.empty())
            throw UserError(file, "memories", "expected a non-empty array of memory levels, fastest first");
        double psram_B = 0;
        for (std::size_t i = 0; i < arr.size(); ++i) {
            const std::string path = "memories[" + std::to_string(i) + "]";
            ParamValues v = memory_schema().read(arr[i], file, path);
            for (const auto& prev : c.mems)
                if (prev.level.name == v.str("name"))
                    throw UserError(file, path + ".name", "duplicate memory name '" + v.str("name") + "'");
            c.mems.push_back(derive_memory(v, c.clock_hz, core.num("dcache_line"), file, path));
            if (v.str("kind") == "spi" && v.flag("writable")) psram_B += v.num("capacity");
        }
        if (psram_B > top.num("max_psram"))
            throw UserError(file, "memories",
                            c.name + " supports " + format_quantity(top.num("max_psram"), Dimension::Bytes) +
                                " of PSRAM but " + format_quantity(psram_B, Dimension::Bytes) + " is declared");
        c.placement = p.value("placement", Json::object());
        placement_schema().read(c.placement, file, "placement");
        ParamValues pw = power_schema().read(require_field(p, "power", file, ""), file, "power");
        c.voltage = pw.num("voltage");
        c.core_current = pw.num("core_active_current");
        c.idle_current = pw.num("idle_current");
        ParamValues th = thermal_schema().read(require_field(p, "thermal", file, ""), file, "thermal");
        c.ambient_C = th.num("ambient");
        c.rth = th.num("resistance");
        c.cth = th.num("capacitance");

        ParamValues rv = runtime_schema().read(req.runtime, req.runtime_file, "");
        Runtime& rt = c.rt;
        rt.name = rv.str("name");
        const int cores = static_cast<int>(core.integer("count"));
        rt.cores = static_cast<int>(rv.integer("cores"));
        if (rt.cores == 0) rt.cores = cores;
        if (req.settings.threads) rt.cores = *req.settings.threads;
        if (rt.cores < 1 || rt.cores > cores)
            throw UserError("settings", "threads",
                            std::to_string(rt.cores) + " cores requested; " + c.name + " has " + std::to_string(cores));
        const std::string kernel = rv.str("matmul_kernel");
        rt.kernel = kernel == "dsp" ? Kernel::Dsp : kernel == "scalar-O0" ? Kernel::ScalarO0 : Kernel::Scalar;
        if (rt.kernel == Kernel::ScalarO0 && !c.core->unoptimised_costs().characterised())
            throw UserError(req.runtime_file, "matmul_kernel",
                            "scalar-O0 (unoptimised build) has no cost table for core '" + c.core->costs().name +
                                "' (characterised: cortex-m7); use scalar or dsp");
        rt.split_attention = rv.flag("split_attention");
        rt.sqrt_per_score = rv.flag("sqrt_per_score");
        rt.weight_types = split_list(rv.str("weight_types"));
        rt.op_overhead_s = rv.num("op_overhead");
        rt.sync_overhead_s = rv.num("sync_overhead");
        rt.token_overhead_s = rv.num("token_overhead");
        if (req.settings.power_mode)
            throw UserError("settings", "power_mode", "platform '" + c.name + "' (family mcu) has no power modes");
        if (req.settings.gpu_layers && *req.settings.gpu_layers != 0)
            throw UserError("settings", "gpu_layers", "platform '" + c.name + "' (family mcu) has no GPU (allowed: 0)");

        c.resolved = p;
        c.resolved["core"]["clock"] = format_quantity(c.clock_hz, Dimension::Frequency, 8);
        c.resolved["runtime"] = req.runtime;
        c.resolved["runtime"]["cores"] = rt.cores;
        for (std::size_t i = 0; i < c.mems.size(); ++i) {
            c.resolved["memories"][i]["derived_bandwidth"] =
                format_quantity(c.mems[i].level.effective_bandwidth_Bps(), Dimension::Bandwidth);
            c.resolved["memories"][i]["derived_wait_states"] = c.mems[i].wait_states;
        }
        return std::make_unique<McuPlatform>(std::move(c));
    }
};

const PlatformRegistrar<McuFamily> kRegistrar;

}  // namespace
}  // namespace edgetwin::mcu
