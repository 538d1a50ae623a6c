#pragma once
// The Jetson platform: one integrated GPU, one CPU cluster and one shared LPDDR that both stream
// from (the tlm engine queues their bursts on it, so CPU/GPU contention is simulated, not assumed).
// Clocks come from the nvpmodel power mode; a soctherm-style governor scales them with temperature.
#include <string>
#include <vector>

#include "hwmodels/jetson/arch_tables.h"
#include "hwmodels/jetson/dla.h"
#include "hwmodels/jetson/offload.h"
#include "hwmodels/jetson/uncached_loads.h"
#include "hwmodels/platform.h"

namespace edgetwin::jetson {

struct GpuConfig {
    GpuArch arch{};
    int sms = 1;
    double clock_hz = 0, clock_max_hz = 0;
    double active_power_max_W = 0, power_exponent = 2;
    double pageable_copy_Bps = 0;  // host->GPU rate for weights in pageable (mmap'd) memory; 0 = not limited
};

constexpr std::size_t kMaxCpuClusters = 2;  // preset sections "cpu" and "cpu2"

// One core type at one clock (nvpmodel sets cores online and the clock cap per cluster).
struct CpuCluster {
    CpuCore core{};
    int cores_online = 1;
    double clock_hz = 0, clock_max_hz = 0;
    double active_power_max_W = 0, power_exponent = 2;
};

struct CpuConfig {
    // clusters[0] is the preset's "cpu" section; a second entry is "cpu2" (TX2: 2 Denver2 beside 4 A57s).
    // Runtime threads take the first cluster's online cores first, then the second's (assumed placement).
    std::vector<CpuCluster> clusters{CpuCluster{}};
    double uncached_load_s = 0;  // one CPU load from pinned host memory; 0 = cached (I/O-coherent SoC)

    int cores_online() const {
        int n = 0;
        for (const auto& c : clusters) n += c.cores_online;
        return n;
    }
    std::size_t cluster_index_of_thread(int thread) const {
        for (std::size_t i = 0; i < clusters.size(); ++i) {
            if (thread < clusters[i].cores_online) return i;
            thread -= clusters[i].cores_online;
        }
        return clusters.size() - 1;
    }
    const CpuCluster& cluster_of_thread(int thread) const { return clusters[cluster_index_of_thread(thread)]; }
};

struct RuntimeConfig {
    std::string name;
    OffloadRule offload;
    int threads = 1;
    bool large_batch_offload = false, op_offload = false, pinned_host_buffers = false, cpu_spin_wait = false;
    bool cuda_graphs = false, flash_attention = false;
    UncachedBuffers uncached;  // which pinned buffers the CPU reads and how (with pinned_host_buffers)
    int cuda_graphs_min_cc = 0;  // the runtime captures graphs only on GPUs of at least this compute capability (x10)
    bool gemm_int8 = false;
    int cublas_f16_min_cc = 0;         // below this compute capability (x10) cuBLAS GEMMs run in f32 (cublasSgemm)
    bool gemm_dequant_buffer = false;  // prefill GEMMs first dequantise the whole weight matrix into a scratch buffer
    bool cpu_dynamic_chunks = false;   // CPU matmuls hand out row chunks to whichever thread is free
    std::string gemv_path = "f16";
    int tensor_min_rows = 16, gemm_dequant_rows = 64;
    double kernel_overhead_s = 0, graph_kernel_overhead_s = 0, switch_overhead_s = 0, cpu_op_overhead_s = 0;
    double token_overhead_s = 0;
    double gemv_eff = 1, gemm_eff = 1, gemm_half_rows = 0, cpu_eff = 1;
    double gpu_context_B = 0;
    bool dla = false;  // TensorRT DLA placement (GPU fallback)
    double dla_overhead_s = 0;
    bool uses_gpu() const { return offload.mode != OffloadMode::None; }
};

struct ThermalConfig {
    double ambient_C = 25, resistance = 1, capacitance = 1;
    double throttle_C = 100, hysteresis_K = 5, step = 0.05, min_scale = 0.3;
};

class JetsonPlatform final : public IPlatform {
public:
    JetsonPlatform(std::string name, GpuConfig gpu, CpuConfig cpu, MemoryLevel dram, RuntimeConfig rt,
                   double static_W, ThermalConfig th, std::string file, Json resolved, DlaConfig dla = {});

    const std::string& name() const override { return name_; }
    const std::string& family() const override;
    const std::vector<MemoryLevel>& memories() const override { return mems_; }
    int compute_unit_count() const override { return first_cpu_unit() + rt_.threads; }
    UnitKind compute_unit_kind(int unit) const override {
        return unit == gpu_unit() ? UnitKind::Gpu : unit == dla_unit() ? UnitKind::Accelerator : UnitKind::CpuThread;
    }
    std::string compute_unit_name(int unit) const override;
    double compute_unit_clock_hz(int unit) const override;
    MappedWorkload map(const WorkloadSize& size) const override;
    OpPlan plan(const Op& op, const Placement& placement) const override;
    double token_overhead_s() const override { return rt_.token_overhead_s; }
    double unit_active_power_W(int unit) const override;
    double static_power_W() const override { return static_W_ + mems_[0].static_power_W; }
    double ambient_C() const override { return th_.ambient_C; }
    double thermal_resistance_K_per_W() const override { return th_.resistance; }
    double heat_capacity_J_per_K() const override { return th_.capacitance; }
    double governor_clock_scale(double temperature_C, double current_scale) const override;
    Json resolved_config() const override { return resolved_; }
    std::vector<std::string> placement_notes(const OpGraph& graph, const Placement& placement) const override;

    // Where an op of a model with `n_layers` blocks runs (exposed for tests and summaries).
    Device device_of(const Op& op, int n_layers) const;
    const RuntimeConfig& runtime() const { return rt_; }
    // True when the runtime places `op` on the DLA (runtime "dla" on and the op passes dla_refusal).
    bool on_dla(const Op& op, int n_layers) const;

private:
    int gpu_unit() const { return rt_.uses_gpu() ? 0 : -1; }
    int dla_unit() const { return rt_.dla ? gpu_unit() + 1 : -1; }
    int first_cpu_unit() const { return gpu_unit() + 1 + (rt_.dla ? 1 : 0); }
    OffloadRule rule_for(int n_layers) const {
        OffloadRule r = rt_.offload;
        r.n_layer = n_layers;
        return r;
    }
    OpPlan plan_gpu(const Op& op, bool hand_over, double extra_copy_B) const;
    OpPlan plan_cpu(const Op& op, bool hand_over) const;
    OpPlan plan_dla(const Op& op) const;
    double gpu_seconds(const Op& op) const;
    // Old ggml-cuda dequantises to f32 and calls cublasSgemm below this runtime's FP16 compute capability.
    bool sgemm_path() const { return gpu_.arch.compute_capability < rt_.cublas_f16_min_cc; }
    // llama.cpp's quantized prompt GEMM on int8 mma (ggml-cuda new_mma_available: cc >= 7.5).
    bool mmq_int8(const Op& op) const {
        return rt_.gemm_int8 && gpu_.arch.compute_capability >= 75 && quant_info(op.weight_type).quantized;
    }
    double cpu_cycles(const Op& op, const CpuCore& core) const;

    std::string name_;
    GpuConfig gpu_;
    CpuConfig cpu_;
    std::vector<MemoryLevel> mems_;
    RuntimeConfig rt_;
    double static_W_;
    ThermalConfig th_;
    std::string file_;
    Json resolved_;
    DlaConfig dla_;
};

}  // namespace edgetwin::jetson
