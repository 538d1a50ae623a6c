// Jetson family: validates a board preset + runtime profile + settings (--power-mode [+jetson_clocks],
// --freq = GPU clock, --threads, --gpu-layers) and builds a JetsonPlatform.
#include <cmath>

#include "hwmodels/jetson/jetson_platform.h"
#include "hwmodels/jetson/jetson_schemas.h"
#include "hwmodels/platform_registry.h"
#include "sim/core/user_error.h"

namespace edgetwin::jetson {
namespace {

constexpr const char* kJetsonClocks = "+jetson_clocks";

std::string mode_names(const Json& modes) {
    std::string s;
    for (auto it = modes.begin(); it != modes.end(); ++it) s += (s.empty() ? "" : ", ") + it.key();
    return s;
}

// Jetson presets that declare a DLA, for the refusal message.
std::string boards_with_dla() {
    std::string s;
    for (const auto& n : platform_preset_names()) {
        try {
            const PresetFile f = load_platform_preset(n, "dla", "board");
            if (f.json.value("family", "") == "jetson" && f.json.contains("dla"))
                s += (s.empty() ? "" : ", ") + n;
        } catch (const std::exception&) {
            // an unreadable preset is reported when it is used, not here
        }
    }
    return s.empty() ? "none found in the preset directory" : s;
}

class JetsonFamily final : public IPlatformFamily {
public:
    std::string name() const override { return "jetson"; }
    std::string description() const override {
        return "NVIDIA Jetson: integrated GPU (Maxwell..Ampere) + Arm cluster on shared LPDDR, nvpmodel power modes, "
               "llama.cpp -ngl placement, thermal throttling";
    }
    std::vector<const ParamSchema*> schemas() const override {
        return {&platform_schema(),   &gpu_schema(),   &cpu_schema(),     &cpu2_schema(),    &memory_schema(),
                &dla_schema(),        &power_mode_schema(), &power_schema(), &thermal_schema(), &runtime_schema()};
    }

    std::unique_ptr<IPlatform> build(const PlatformRequest& req) const override {
        const std::string& file = req.file;
        const Json& p = req.preset;
        ParamValues top = platform_schema().read(
            p, file, "", {"gpu", "cpu", "cpu2", "memory", "dla", "power_modes", "power", "thermal", "sources"});
        if (p.contains("sources") && !p["sources"].is_object())
            throw UserError(file, "sources", "expected an object of field -> citation");
        ParamValues g = gpu_schema().read(require_field(p, "gpu", file, ""), file, "gpu");
        ParamValues c = cpu_schema().read(require_field(p, "cpu", file, ""), file, "cpu");
        ParamValues m = memory_schema().read(require_field(p, "memory", file, ""), file, "memory");
        ParamValues pw = power_schema().read(require_field(p, "power", file, ""), file, "power");
        ParamValues th = thermal_schema().read(require_field(p, "thermal", file, ""), file, "thermal");
        const Json& modes = require_field(p, "power_modes", file, "");
        if (!modes.is_object() || modes.empty())
            throw UserError(file, "power_modes", "expected an object of nvpmodel mode name -> clock caps");

        // Power mode (+ optional jetson_clocks suffix: clocks pinned at the mode's caps, fan at maximum).
        std::string mode = req.settings.power_mode.value_or(top.str("default_power_mode"));
        bool jetson_clocks = false;
        const std::string suffix(kJetsonClocks);
        if (mode.size() > suffix.size() && mode.compare(mode.size() - suffix.size(), suffix.size(), suffix) == 0) {
            jetson_clocks = true;
            mode.resize(mode.size() - suffix.size());
        }
        if (!modes.contains(mode)) {
            const std::string origin = req.settings.power_mode ? "settings" : file;
            const std::string key = req.settings.power_mode ? "power_mode" : "default_power_mode";
            throw UserError(origin, key,
                            "unknown power mode '" + mode + "' for " + top.str("name") + " (allowed: " +
                                mode_names(modes) + ", each optionally with suffix " + suffix + ")");
        }
        ParamValues pm = power_mode_schema().read(modes[mode], file, "power_modes." + mode);

        GpuConfig gpu;
        gpu.arch = gpu_arch(g.str("arch"));
        gpu.sms = static_cast<int>(g.integer("sms"));
        // Modes that power-gate TPCs (nvpmodel TPC_PG_MASK) leave fewer SMs running.
        if (const int online = static_cast<int>(pm.integer("gpu_sms_online")); online > 0) {
            if (online > gpu.sms)
                throw UserError(file, "power_modes." + mode + ".gpu_sms_online",
                                "is above gpu.sms (" + std::to_string(gpu.sms) + ")");
            gpu.sms = online;
        }
        gpu.clock_max_hz = g.num("clock_max");
        gpu.clock_hz = pm.num("gpu_clock");
        if (gpu.clock_hz > gpu.clock_max_hz * (1 + 1e-9))
            throw UserError(file, "power_modes." + mode + ".gpu_clock", "is above gpu.clock_max");
        if (req.settings.freq_hz) {
            // --freq sets the GPU clock (DVFS pin), within the mode's cap.
            const double f = *req.settings.freq_hz;
            if (f <= 0 || f > gpu.clock_hz * (1 + 1e-9))
                throw UserError("settings", "freq",
                                format_quantity(f, Dimension::Frequency) + " is outside the GPU clock range (0, " +
                                    format_quantity(gpu.clock_hz, Dimension::Frequency) + "] of power mode " + mode);
            gpu.clock_hz = f;
        }
        gpu.active_power_max_W = g.num("active_power");
        gpu.power_exponent = g.num("power_exponent");

        CpuConfig cpu;
        cpu.clusters = {read_cluster(c, pm, "cpu", "cpu_cores_online", "cpu_clock", file, mode)};
        if (p.contains("cpu2")) {
            ParamValues c2 = cpu2_schema().read(p["cpu2"], file, "cpu2");
            CpuCluster second = read_cluster(c2, pm, "cpu2", "cpu2_cores_online", "cpu2_clock", file, mode);
            if (second.cores_online > 0) cpu.clusters.push_back(second);
        } else if (pm.integer("cpu2_cores_online") > 0) {
            throw UserError(file, "power_modes." + mode + ".cpu2_cores_online", "needs a cpu2 section (allowed: 0)");
        }
        if (!m.flag("io_coherent")) {
            cpu.uncached_load_s = m.num("cpu_uncached_load_time");
            if (cpu.uncached_load_s <= 0)
                throw UserError(file, "memory.cpu_uncached_load_time",
                                "must be > 0 when memory.io_coherent is false (allowed: a time such as \"150ns\")");
        }

        gpu.pageable_copy_Bps = m.num("pageable_copy_bandwidth");

        MemoryLevel dram;
        dram.name = m.str("name");
        dram.capacity_B = m.num("capacity") - m.num("reserved");
        if (dram.capacity_B <= 0) throw UserError(file, "memory.reserved", "reserves the whole capacity");
        const double emc = pm.num("emc_clock");
        if (emc > m.num("emc_clock_max") * (1 + 1e-9))
            throw UserError(file, "power_modes." + mode + ".emc_clock", "is above memory.emc_clock_max");
        // LPDDR4/4x/5 transfer on both clock edges: bytes/s = bus bytes x EMC clock x 2.
        dram.peak_bandwidth_Bps = static_cast<double>(m.integer("bus_width_bits")) / 8.0 * emc * 2.0;
        dram.efficiency = m.num("efficiency");
        dram.latency_s = m.num("latency");
        dram.read_energy_J_per_B = dram.write_energy_J_per_B = m.num("access_energy_per_byte");
        dram.static_power_W = m.num("static_power");

        ThermalConfig tc;
        tc.ambient_C = th.num("ambient");
        tc.resistance = jetson_clocks ? th.num("resistance_fan_max") : th.num("resistance");
        tc.capacitance = th.num("capacitance");
        tc.throttle_C = th.num("throttle_temp");
        tc.hysteresis_K = th.num("hysteresis");
        tc.step = th.num("step");
        tc.min_scale = th.num("min_scale");

        RuntimeConfig rt = read_runtime(req, cpu, top.str("name"));

        DlaConfig dla;
        if (p.contains("dla")) {
            ParamValues d = dla_schema().read(p["dla"], file, "dla");
            dla.instances = static_cast<int>(d.integer("instances"));
            dla.int8_macs_per_clock = d.num("int8_macs_per_clock");
            dla.fp16_macs_per_clock = d.num("fp16_macs_per_clock");
            dla.clock_max_hz = d.num("clock_max");
            dla.clock_hz = pm.num("dla_clock") > 0 ? pm.num("dla_clock") : dla.clock_max_hz;
            if (dla.clock_hz > dla.clock_max_hz * (1 + 1e-9))
                throw UserError(file, "power_modes." + mode + ".dla_clock", "is above dla.clock_max");
            dla.efficiency = d.num("efficiency");
            dla.active_power_max_W = d.num("active_power");
        }
        if (rt.dla && !dla.present())
            throw UserError(req.runtime_file.empty() ? "runtime" : req.runtime_file, "dla",
                            top.str("name") + " has no DLA (allowed on: " + boards_with_dla() + ")");
        if (rt.dla && !rt.uses_gpu())
            throw UserError(req.runtime_file.empty() ? "runtime" : req.runtime_file, "dla",
                            "needs a GPU runtime for the ops DLA cannot run (offload is \"none\")");

        Json resolved = p;
        resolved["power_rails"] = rail_layout(pw.str("rails"), rt);
        if (dla.present())
            resolved["effective"]["dla_clock"] = format_quantity(dla.clock_hz, Dimension::Frequency, 8);
        resolved["power_mode"] = mode;
        resolved["jetson_clocks"] = jetson_clocks;
        resolved["effective"].update({
            {"gpu_clock", format_quantity(gpu.clock_hz, Dimension::Frequency, 8)},
            {"cpu_clock", format_quantity(cpu.clusters[0].clock_hz, Dimension::Frequency, 8)},
            {"cpu_cores_online", cpu.clusters[0].cores_online},
            {"gpu_sms_online", gpu.sms},
            {"dram_bandwidth", format_quantity(dram.peak_bandwidth_Bps, Dimension::Bandwidth, 8)},
            {"thermal_resistance", tc.resistance},
        });
        if (cpu.clusters.size() > 1)
            resolved["effective"].update({
                {"cpu2_clock", format_quantity(cpu.clusters[1].clock_hz, Dimension::Frequency, 8)},
                {"cpu2_cores_online", cpu.clusters[1].cores_online},
            });
        resolved["runtime"] = req.runtime;
        resolved["runtime"]["threads"] = rt.threads;
        resolved["runtime"]["gpu_layers"] = rt.offload.ngl;
        return std::make_unique<JetsonPlatform>(top.str("name"), gpu, cpu, std::move(dram), std::move(rt),
                                                pw.num("static"), tc, file, std::move(resolved), dla);
    }

private:
    // One CPU cluster: core type and size from its preset section, cores online and clock from the mode.
    static CpuCluster read_cluster(const ParamValues& c, const ParamValues& pm, const std::string& section,
                                   const std::string& online_key, const std::string& clock_key, const std::string& file,
                                   const std::string& mode) {
        CpuCluster cl;
        cl.core = cpu_core(c.str("core"));
        cl.cores_online = static_cast<int>(pm.integer(online_key));
        if (cl.cores_online > c.integer("cores"))
            throw UserError(file, "power_modes." + mode + "." + online_key,
                            "is above " + section + ".cores (allowed: 0.." + std::to_string(c.integer("cores")) + ")");
        cl.clock_max_hz = c.num("clock_max");
        cl.clock_hz = pm.num(clock_key);
        if (cl.cores_online > 0 && !(cl.clock_hz > 0))
            throw UserError(file, "power_modes." + mode + "." + clock_key,
                            "must be set when " + online_key + " is above 0 (allowed: a frequency such as \"2GHz\")");
        if (cl.clock_hz > cl.clock_max_hz * (1 + 1e-9))
            throw UserError(file, "power_modes." + mode + "." + clock_key,
                            format_quantity(cl.clock_hz, Dimension::Frequency) + " is above " + section + ".clock_max (" +
                                format_quantity(cl.clock_max_hz, Dimension::Frequency, 8) + ")");
        cl.active_power_max_W = c.num("active_power");
        cl.power_exponent = c.num("power_exponent");
        return cl;
    }

    // Rails as the board's INA3221 monitors name them, mapped onto compute units (GPU = unit 0 when the
    // runtime uses it, then one unit per CPU thread), DRAM access energy, or the module input (everything).
    // Static power is only on the input rail: the model does not split idle power between rails.
    static Json rail_layout(const std::string& layout, const RuntimeConfig& rt) {
        Json gpu = Json::array(), cpu = Json::array(), both = Json::array(), cv = Json::array();
        const int first_cpu = (rt.uses_gpu() ? 1 : 0) + (rt.dla ? 1 : 0);
        if (rt.uses_gpu()) gpu.push_back(0), both.push_back(0);
        if (rt.dla) cv.push_back(1), both.push_back(1);  // the DLA sits on the CV (computer-vision) rail
        for (int t = 0; t < rt.threads; ++t) cpu.push_back(first_cpu + t), both.push_back(first_cpu + t);
        auto rail = [](const char* name, Json units, bool dram = false) {
            return Json{{"name", name}, {"units", std::move(units)}, {"dram", dram}};
        };
        auto input = [](const char* name) { return Json{{"name", name}, {"units", Json::array()}, {"input", true}}; };
        if (layout == "nano") return Json::array({input("POM_5V_IN"), rail("POM_5V_GPU", gpu), rail("POM_5V_CPU", cpu)});
        if (layout == "tx2")
            return Json::array({input("VDD_IN"), rail("VDD_SYS_GPU", gpu), rail("VDD_SYS_CPU", cpu),
                                rail("VDD_SYS_DDR", Json::array(), true)});
        if (layout == "xavier")
            return Json::array({rail("GPU", gpu), rail("CPU", cpu), rail("CV", cv),
                                rail("VDDRQ", Json::array(), true)});
        return Json::array({input("VDD_IN"), rail("VDD_CPU_GPU_CV", both), rail("VDD_SOC", Json::array(), true)});
    }

    static RuntimeConfig read_runtime(const PlatformRequest& req, const CpuConfig& cpu, const std::string& board) {
        ParamValues v = runtime_schema().read(req.runtime, req.runtime_file, "");
        RuntimeConfig r;
        r.name = v.str("name");
        r.offload.mode = parse_offload_mode(v.str("offload"));
        r.offload.ngl = static_cast<int>(v.integer("gpu_layers"));
        if (req.settings.gpu_layers) {
            if (*req.settings.gpu_layers < -1)
                throw UserError("settings", "gpu_layers", "must be -1 (all) or >= 0");
            if (r.offload.mode == OffloadMode::All && *req.settings.gpu_layers != -1)
                throw UserError("settings", "gpu_layers",
                                "runtime '" + r.name + "' runs every layer on the GPU (allowed: -1)");
            if (r.offload.mode == OffloadMode::None && *req.settings.gpu_layers != 0)
                throw UserError("settings", "gpu_layers", "runtime '" + r.name + "' is CPU-only (allowed: 0)");
            r.offload.ngl = *req.settings.gpu_layers;
        }
        r.threads = static_cast<int>(v.integer("threads"));
        if (r.threads == 0) r.threads = cpu.cores_online();
        if (req.settings.threads) r.threads = *req.settings.threads;
        if (r.threads < 1 || r.threads > cpu.cores_online())
            throw UserError("settings", "threads",
                            std::to_string(r.threads) + " threads requested; allowed 1.." +
                                std::to_string(cpu.cores_online()) + " (cores online on " + board +
                                " in this power mode)");
        r.large_batch_offload = v.flag("large_batch_offload");
        r.op_offload = v.flag("op_offload");
        r.pinned_host_buffers = v.flag("pinned_host_buffers");
        r.cpu_spin_wait = v.flag("cpu_spin_wait");
        r.uncached.kv_cache = v.flag("pinned_kv_cache");
        r.uncached.silu_lookup_table = v.flag("silu_lookup_table");
        r.cuda_graphs = v.flag("cuda_graphs");
        r.cuda_graphs_min_cc = static_cast<int>(v.integer("cuda_graphs_min_cc"));
        r.flash_attention = v.flag("flash_attention");
        r.gemm_int8 = v.str("gemm_dtype") == "int8";
        r.cublas_f16_min_cc = static_cast<int>(v.integer("cublas_f16_min_cc"));
        r.gemm_dequant_buffer = v.flag("gemm_dequant_buffer");
        r.cpu_dynamic_chunks = v.flag("cpu_dynamic_chunks");
        r.gemv_path = v.str("gemv_path");
        r.tensor_min_rows = static_cast<int>(v.integer("tensor_min_rows"));
        r.gemm_dequant_rows = static_cast<int>(v.integer("gemm_dequant_rows"));
        r.kernel_overhead_s = v.num("kernel_overhead");
        r.graph_kernel_overhead_s = v.num("graph_kernel_overhead");
        r.switch_overhead_s = v.num("switch_overhead");
        r.cpu_op_overhead_s = v.num("cpu_op_overhead");
        r.token_overhead_s = v.num("token_overhead");
        r.gemv_eff = v.num("gemv_efficiency");
        r.gemm_eff = v.num("gemm_efficiency");
        r.gemm_half_rows = v.num("gemm_half_rows");
        r.cpu_eff = v.num("cpu_efficiency");
        r.gpu_context_B = v.num("gpu_context_memory");
        r.dla = v.flag("dla");
        r.dla_overhead_s = v.num("dla_overhead");
        return r;
    }
};

const PlatformRegistrar<JetsonFamily> kRegistrar;

}  // namespace
}  // namespace edgetwin::jetson
