// RRAM platform family: tiles of crossbar arrays holding the linear layers stationary (no weight
// bytes move per token), plus one digital SIMD unit for attention, softmax, norms, RoPE and the
// embedding lookup over a KV cache in on-chip SRAM. Each tile is one compute unit, so the tlm
// engine runs tiles as parallel sc_modules and the analytic engine times the same work items.
// MatMul time = MVMs x layer latency from rram/mvm_cost (the one cost model).
#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>

#include "hwmodels/platform_registry.h"
#include "rram/layer_mapping.h"
#include "sim/core/user_error.h"

namespace edgetwin::rram {
namespace {

const ParamSchema& preset_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("rram", "RRAM crossbar platform preset (data/platforms/*.json with family \"rram\")")
            .add(integer("schema_version", "Preset format version").required().range(1, 1))
            .add(choice("family", {"rram"}, "Platform family").required())
            .add(text("name", "Preset name").required())
            .add(text("description", "What the preset models").def(""))
            .add(text("default_runtime", "Runtime profile used when the scenario names none").required())
            .add(text("crossbar", "Crossbar architecture: data/rram/<name>.json").required())
            .add(integer("activation_bits", "Input (activation) precision fed to the DACs").required().range(1, 16))
            .add(integer("replicas", "Copies of every layer (prefill throughput)").def(1).range(1, 1024))
            .add(choice("oversize", {"refuse", "reprogram"},
                        "Model larger than the chip: refuse with sizes, or time-multiplex reprogramming")
                     .required())
            .add(quantity("host_capacity", Dimension::Bytes, "Host memory holding the weight image").required().range(1, 1e13))
            .add(quantity("ambient", Dimension::Temperature, "Ambient temperature").def("25C").range(-60, 150))
            .add(quantity("thermal_resistance", Dimension::ThermalResistance, "Junction-to-ambient").required().range(1e-3, 1e4))
            .add(quantity("heat_capacity", Dimension::HeatCapacity, "Package heat capacity").required().range(1e-4, 1e6)));
    return s;
}

const ParamSchema& runtime_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("rram.runtime", "Host-side runtime overheads of an rram platform")
            .add(integer("schema_version", "Profile format version").required().range(1, 1))
            .add(choice("family", {"rram"}, "Platform family the profile targets").required())
            .add(text("name", "Profile name").required())
            .add(text("description", "What the profile models").def(""))
            .add(text("source", "Where the values come from").def(""))
            .add(quantity("op_overhead", Dimension::Time, "Controller dispatch per op").required().range(0, 1).fittable(0, 1e-4))
            .add(quantity("token_overhead", Dimension::Time, "Host work per token (sampling)").required().range(0, 10).fittable(0, 0.1)));
    return s;
}

struct Allocation {
    LayerMapping mapping;
    std::int64_t first_array = 0;
};

class RramPlatform final : public IPlatform {
public:
    RramPlatform(std::string name, std::string file, CrossbarArch arch, int act_bits, int replicas, bool reprogram,
                 double host_capacity, double op_overhead, double token_overhead, double ambient, double rth,
                 double cth, Json resolved)
        : name_(std::move(name)), file_(std::move(file)), a_(std::move(arch)), act_bits_(act_bits), replicas_(replicas),
          reprogram_(reprogram), op_overhead_(op_overhead), token_overhead_(token_overhead), ambient_(ambient),
          rth_(rth), cth_(cth), resolved_(std::move(resolved)) {
        mems_.push_back(MemoryLevel{"sram", a_.digital.sram_B, a_.digital.sram_bandwidth_Bps, 1.0, 0.0,
                                    a_.digital.sram_energy_J_per_B, a_.digital.sram_energy_J_per_B, 0.0});
        mems_.push_back(MemoryLevel{"host", host_capacity, a_.chip.host_bandwidth_Bps, 1.0, 0.0,
                                    a_.chip.host_energy_J_per_B, a_.chip.host_energy_J_per_B, 0.0});
        // A tile draws the power of all its arrays evaluating back to back at activation precision
        // (upper bound for partly used tiles; rram::layer_mvm_cost has the exact per-op energy).
        const int used = (a_.array.cols / cols_per_weight(a_, 8)) * cols_per_weight(a_, 8);
        const MvmCost full = array_mvm_cost(a_, a_.array.rows, used, act_bits_);
        tile_power_W_ = a_.chip.arrays_per_tile * full.energy.total() / full.latency_s;
        // Energy by component in run results: rails the run accounting sums per unit (tiles, SIMD)
        // and for bytes moved (SRAM + host link); the crossbar rail splits into converters and
        // cells in the proportions of that same full-array MVM.
        Json tile_units = Json::array();
        for (int t = 0; t < a_.chip.tiles; ++t) tile_units.push_back(t);
        resolved_["power_rails"] = Json::array({Json{{"name", "crossbar_tiles"}, {"units", tile_units}},
                                                Json{{"name", "digital_simd"}, {"units", Json::array({simd_unit()})}},
                                                Json{{"name", "memory_and_host_link"}, {"units", Json::array()}, {"dram", true}},
                                                Json{{"name", "chip_total"}, {"input", true}}});
        const double e = full.energy.total();
        resolved_["crossbar_energy_split"] = Json{{"dac", full.energy.dac_J / e},
                                                  {"array", full.energy.array_J / e},
                                                  {"adc", full.energy.adc_J / e},
                                                  {"shift_add", full.energy.shift_add_J / e},
                                                  {"buffer", full.energy.buffer_J / e},
                                                  {"source", "shares of one full-array MVM at activation precision (rram/mvm_cost)"}};
    }

    const std::string& name() const override { return name_; }
    const std::string& family() const override {
        static const std::string f = "rram";
        return f;
    }
    const std::vector<MemoryLevel>& memories() const override { return mems_; }
    int compute_unit_count() const override { return a_.chip.tiles + 1; }
    // Crossbar tiles and the digital SIMD block: no CPU thread runs the model.
    UnitKind compute_unit_kind(int) const override { return UnitKind::Accelerator; }
    std::string compute_unit_name(int unit) const override {
        return unit == simd_unit() ? "simd" : "tile" + std::to_string(unit);
    }
    // Crossbar tiles are asynchronous analog blocks; report the conversion rate as their "clock".
    double compute_unit_clock_hz(int unit) const override {
        return unit == simd_unit() ? a_.digital.simd_ops_per_s : 1.0 / a_.adc.conv_time_s;
    }
    double token_overhead_s() const override { return token_overhead_; }
    double unit_active_power_W(int unit) const override {
        return unit == simd_unit() ? a_.digital.simd_ops_per_s * a_.digital.simd_energy_J_per_op : tile_power_W_;
    }
    double static_power_W() const override { return a_.chip.static_power_W; }
    double ambient_C() const override { return ambient_; }
    double thermal_resistance_K_per_W() const override { return rth_; }
    double heat_capacity_J_per_K() const override { return cth_; }
    Json resolved_config() const override { return resolved_; }

    MappedWorkload map(const WorkloadSize& size) const override {
        MappedWorkload out;
        out.weights_B = size.weights_B;
        out.kv_B = size.kv_B;
        out.activations_B = size.activations_B;
        out.placement = Placement{1, 0, 0};
        out.footprint_B = {size.kv_B + size.activations_B, size.weights_B};
        if (out.footprint_B[0] > mems_[0].capacity_B)
            throw UserError(file_, "crossbar.digital.sram",
                            "KV cache " + format_quantity(size.kv_B, Dimension::Bytes) + " + activations " +
                                format_quantity(size.activations_B, Dimension::Bytes) + " exceed the on-chip SRAM of " +
                                format_quantity(mems_[0].capacity_B, Dimension::Bytes) + "; use a shorter context");
        if (size.weights_B > mems_[1].capacity_B)
            throw UserError(file_, "host_capacity", "weights " + format_quantity(size.weights_B, Dimension::Bytes) +
                                                        " exceed host memory " + format_quantity(mems_[1].capacity_B, Dimension::Bytes));
        // Early decision from the weight count alone (a lower bound: tiling waste is added in plan()).
        if (auto t = parse_ggml_type(size.quant_name)) {
            const int wb = weight_bits_of(*t);
            const double weights = size.weights_B * 8.0 / quant_info(*t).bits_per_weight();
            const double cells = weights * cols_per_weight(a_, wb);
            const double chip_cells = static_cast<double>(a_.total_arrays()) * a_.array.rows * a_.array.cols;
            if (cells > chip_cells) {
                if (!reprogram_) refuse("model", cells, chip_cells, size.quant_name);
                std::lock_guard<std::mutex> lock(mu_);
                overflowed_ = true;
            }
        }
        return out;
    }

    OpPlan plan(const Op& op, const Placement& pl) const override {
        std::vector<double> rd(mems_.size(), 0.0), wr(mems_.size(), 0.0);
        rd[pl.activations] += static_cast<double>(op.act_read_bytes);
        wr[pl.activations] += static_cast<double>(op.act_write_bytes);
        rd[pl.kv] += static_cast<double>(op.kv_read_bytes);
        wr[pl.kv] += static_cast<double>(op.kv_write_bytes);
        OpPlan p;
        if (op.kind != OpKind::MatMul) {
            rd[pl.weights] += static_cast<double>(op.weight_bytes);  // embedding rows, norm vectors
            const double ops = 2.0 * op.macs + op.flops + op.transcendentals * a_.digital.transcendental_ops;
            p.items.push_back(WorkItem{simd_unit(), ops / a_.digital.simd_ops_per_s, op_overhead_, rd, wr, 1});
            return p;
        }
        const Allocation al = allocate(op);
        const LayerCost lc = layer_mvm_cost(a_, al.mapping, act_bits_);
        const double passes = std::ceil(static_cast<double>(std::max<std::int64_t>(1, op.m)) / al.mapping.replicas);
        double compute = passes * lc.latency_s;
        // Time-multiplexed: when the model does not fit, every layer is rewritten before each use.
        if (reprogram_ && overflowed_) {
            compute += program_cost(a_, static_cast<double>(al.mapping.arrays()), al.mapping.w_bits).time_s;
            rd[pl.weights] += static_cast<double>(op.weight_bytes);  // weight image streamed in to reprogram
        }
        // The layer's arrays sit on consecutive tiles (cyclically when reprogramming); each tile
        // involved is busy for the whole layer evaluation.
        const std::int64_t per_tile = a_.chip.arrays_per_tile;
        const std::int64_t first_tile = (al.first_array % a_.total_arrays()) / per_tile;
        const std::int64_t tiles = std::min<std::int64_t>(
            a_.chip.tiles, (al.first_array % per_tile + al.mapping.arrays() + per_tile - 1) / per_tile);
        for (std::int64_t t = 0; t < tiles; ++t) {
            std::vector<double> r = rd, w = wr;
            for (auto& b : r) b /= static_cast<double>(tiles);
            for (auto& b : w) b /= static_cast<double>(tiles);
            p.items.push_back(WorkItem{static_cast<int>((first_tile + t) % a_.chip.tiles), compute, op_overhead_, r, w, 1});
        }
        return p;
    }

private:
    int simd_unit() const { return a_.chip.tiles; }

    [[noreturn]] void refuse(const std::string& what, double cells, double chip_cells, const std::string& quant) const {
        throw UserError(file_, "oversize",
                        what + " (" + quant + ") needs " + format_quantity(cells, Dimension::Dimensionless) +
                            " cells (" + std::to_string(static_cast<long long>(std::ceil(cells / (a_.array.rows * a_.array.cols)))) +
                            " arrays of " + std::to_string(a_.array.rows) + "x" + std::to_string(a_.array.cols) +
                            ") but the chip has " + format_quantity(chip_cells, Dimension::Dimensionless) + " cells (" +
                            std::to_string(a_.total_arrays()) + " arrays); set \"oversize\": \"reprogram\" to "
                            "time-multiplex reprogramming, or use fewer weight bits");
    }

    // Layers get consecutive arrays in first-use order (the prefill graph lists every layer first),
    // memoised by op name so repeated plans of the same op are identical.
    Allocation allocate(const Op& op) const {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = alloc_.find(op.name);
        if (it != alloc_.end()) return it->second;
        Allocation al;
        al.mapping = map_linear(a_, op.k, op.n, weight_bits_of(op.weight_type), replicas_);
        al.first_array = next_array_;
        next_array_ += al.mapping.arrays();
        if (next_array_ > a_.total_arrays()) {
            if (!reprogram_) {
                const double cells_chip = static_cast<double>(a_.total_arrays()) * a_.array.rows * a_.array.cols;
                refuse("layers up to " + op.name, static_cast<double>(next_array_) * a_.array.rows * a_.array.cols,
                       cells_chip, ggml_type_name(op.weight_type));
            }
            overflowed_ = true;
        }
        alloc_.emplace(op.name, al);
        return al;
    }

    std::string name_, file_;
    CrossbarArch a_;
    int act_bits_, replicas_;
    bool reprogram_;
    double op_overhead_, token_overhead_, ambient_, rth_, cth_;
    Json resolved_;
    std::vector<MemoryLevel> mems_;
    double tile_power_W_ = 0;
    mutable std::mutex mu_;
    mutable std::map<std::string, Allocation> alloc_;
    mutable std::int64_t next_array_ = 0;
    mutable bool overflowed_ = false;
};

class RramFamily final : public IPlatformFamily {
public:
    std::string name() const override { return "rram"; }
    std::string description() const override {
        return "RRAM crossbar tiles (weights stationary, bit-sliced) + digital SIMD unit over SRAM KV cache";
    }
    std::vector<const ParamSchema*> schemas() const override { return {&preset_schema(), &runtime_schema()}; }

    std::unique_ptr<IPlatform> build(const PlatformRequest& req) const override {
        const Json& p = req.preset;
        ParamValues v = preset_schema().read(p, req.file, "", {"sources"});
        if (!p.contains("sources") || !p["sources"].is_object())
            throw UserError(req.file, "sources", "expected an object of field -> citation");
        CrossbarArch arch = load_crossbar_preset(v.str("crossbar"));
        ParamValues rt = runtime_schema().read(req.runtime, req.runtime_file, "");
        if (req.settings.power_mode || req.settings.freq_hz || req.settings.threads ||
            (req.settings.gpu_layers && *req.settings.gpu_layers != 0))
            throw UserError("settings", "", "platform '" + v.str("name") +
                                                "' (family rram) has no power modes, clock, threads or GPU layers to set");
        Json resolved = p;
        resolved["runtime"] = req.runtime;
        return std::make_unique<RramPlatform>(
            v.str("name"), req.file, std::move(arch), static_cast<int>(v.integer("activation_bits")),
            static_cast<int>(v.integer("replicas")), v.str("oversize") == "reprogram", v.num("host_capacity"),
            rt.num("op_overhead"), rt.num("token_overhead"), v.num("ambient"), v.num("thermal_resistance"),
            v.num("heat_capacity"), std::move(resolved));
    }
};

const PlatformRegistrar<RramFamily> kRegistrar;

}  // namespace
}  // namespace edgetwin::rram
