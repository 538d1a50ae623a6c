#include "hwmodels/jetson/jetson_platform.h"


#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <stdexcept>

#include "hwmodels/jetson/mmq_costs.h"
#include "hwmodels/jetson/mmvq_costs.h"
#include "sim/core/units.h"
#include "sim/core/user_error.h"

namespace edgetwin::jetson {

namespace {
bool is_attention(OpKind k) { return k == OpKind::AttnScores || k == OpKind::Softmax || k == OpKind::AttnValues; }
// ggml's CUDA matmul threshold for moving CPU-resident weights to the GPU (legacy ggml_cuda_can_mul_mat:
// ne0, ne1, ne10 >= 32).
constexpr std::int64_t kLargeBatchRows = 32;
constexpr int kDlaLoadablesPerCore = 16;  // TensorRT "DLA Supported Layers and Restrictions", general restrictions
}  // namespace

JetsonPlatform::JetsonPlatform(std::string name, GpuConfig gpu, CpuConfig cpu, MemoryLevel dram, RuntimeConfig rt,
                               double static_W, ThermalConfig th, std::string file, Json resolved, DlaConfig dla)
    : name_(std::move(name)),
      gpu_(gpu),
      cpu_(cpu),
      mems_{std::move(dram)},
      rt_(std::move(rt)),
      static_W_(static_W),
      th_(th),
      file_(std::move(file)),
      resolved_(std::move(resolved)),
      dla_(dla) {
    if (rt_.dla && !dla_.present()) throw std::logic_error(name_ + ": DLA placement without a DLA");
    if (cpu_.clusters.empty() || cpu_.clusters.size() > kMaxCpuClusters)
        throw std::logic_error(name_ + ": a Jetson CPU has one or two clusters (preset cpu, cpu2)");
}

const std::string& JetsonPlatform::family() const {
    static const std::string f = "jetson";
    return f;
}

std::string JetsonPlatform::compute_unit_name(int unit) const {
    if (unit == gpu_unit()) return std::string("gpu.") + gpu_.arch.name;
    if (unit == dla_unit()) return "dla0";
    return std::string("cpu") + std::to_string(unit - first_cpu_unit()) + "." +
           cpu_.cluster_of_thread(unit - first_cpu_unit()).core.name;
}

double JetsonPlatform::compute_unit_clock_hz(int unit) const {
    if (unit == dla_unit()) return dla_.clock_hz;
    return unit == gpu_unit() ? gpu_.clock_hz : cpu_.cluster_of_thread(unit - first_cpu_unit()).clock_hz;
}

// Dynamic power along the DVFS curve: P = P_max (f / f_max)^x (x ~ 1 at fixed voltage, ~2-3 when the
// voltage follows the clock).
double JetsonPlatform::unit_active_power_W(int unit) const {
    if (unit == gpu_unit()) return gpu_.active_power_max_W * std::pow(gpu_.clock_hz / gpu_.clock_max_hz, gpu_.power_exponent);
    if (unit == dla_unit()) return dla_.active_power_max_W * std::pow(dla_.clock_hz / dla_.clock_max_hz, 2.0);
    const CpuCluster& c = cpu_.cluster_of_thread(unit - first_cpu_unit());
    return c.active_power_max_W * std::pow(c.clock_hz / c.clock_max_hz, c.power_exponent);
}

// soctherm-like governor: one step down per graph while hot, one step up once below the hysteresis band.
double JetsonPlatform::governor_clock_scale(double temperature_C, double current_scale) const {
    if (temperature_C >= th_.throttle_C) return std::max(th_.min_scale, current_scale - th_.step);
    if (temperature_C < th_.throttle_C - th_.hysteresis_K) return std::min(1.0, current_scale + th_.step);
    return current_scale;
}

MappedWorkload JetsonPlatform::map(const WorkloadSize& size) const {
    // CPU and GPU share one DRAM: weights, KV cache, activations and the CUDA context all land in it.
    MappedWorkload out;
    out.weights_B = size.weights_B;
    out.kv_B = size.kv_B;
    out.activations_B = size.activations_B + (rt_.uses_gpu() ? rt_.gpu_context_B : 0.0);
    const double need = out.weights_B + out.kv_B + out.activations_B;
    const double room = mems_[0].capacity_B;
    if (need > room)
        throw UserError(file_, "memory",
                        "model does not fit: weights (" + size.quant_name + ") " +
                            format_quantity(out.weights_B, Dimension::Bytes) + " + KV cache " +
                            format_quantity(out.kv_B, Dimension::Bytes) + " + activations/runtime " +
                            format_quantity(out.activations_B, Dimension::Bytes) + " = " +
                            format_quantity(need, Dimension::Bytes) + " but " + mems_[0].name + " has " +
                            format_quantity(room, Dimension::Bytes) +
                            " after the OS reserve; try a smaller quant, a shorter context or a larger board");
    out.footprint_B = {need};
    // The -ngl rules need the block count; without it every legacy rule degenerates to "all on the GPU".
    if (size.n_layers <= 0)
        throw std::logic_error(name_ + ": map() needs WorkloadSize.n_layers (got " + std::to_string(size.n_layers) +
                               ")");
    out.placement = Placement{0, 0, 0, size.n_layers};
    return out;
}

Device JetsonPlatform::device_of(const Op& op, int n_layers) const {
    const Device d = rule_for(n_layers).device_of(op);
    // Every ggml mul_mat qualifies, the attention products included (K^T Q and softmax(QK^T) V are mul_mat
    // nodes too): the rule looks at the shapes only, dst ne0/ne1 and src1 ne10.
    const bool mul_mat = op.kind == OpKind::MatMul || op.kind == OpKind::AttnScores || op.kind == OpKind::AttnValues;
    if (d == Device::Cpu && rt_.uses_gpu() && rt_.large_batch_offload && mul_mat && op.m >= kLargeBatchRows &&
        op.n >= kLargeBatchRows && op.k >= kLargeBatchRows)
        return Device::Gpu;
    // Current ggml-backend scheduler: an op whose weights live in a CPU buffer runs on the GPU when the
    // backend's offload_op accepts it, i.e. its batch (tokens) is at least 32 (ggml-cuda.cu
    // ggml_backend_cuda_device_offload_op, min_batch_size 32); the weights are copied over first. The
    // weight-free ops between them, the attention products over the cache included, follow onto the GPU
    // (ggml_backend_sched_split_graph's "expand gpu" passes; the K/V views are copied in). The copy into
    // a CPU layer's KV cache writes a CPU buffer, and an op on a pre-allocated buffer runs on that
    // buffer's backend, so it stays on the CPU.
    if (d == Device::Cpu && rt_.uses_gpu() && rt_.op_offload && op.tokens >= kLargeBatchRows &&
        op.kind != OpKind::KvStore && op.kind != OpKind::Embedding)
        return Device::Gpu;
    return d;
}

bool JetsonPlatform::on_dla(const Op& op, int n_layers) const {
    return rt_.dla && rule_for(n_layers).device_of(op) == Device::Gpu && dla_refusal(op).empty();
}

// One line per phase and reason: which ops cannot use the DLA (they run on the GPU instead).
std::vector<std::string> JetsonPlatform::placement_notes(const OpGraph& graph, const Placement& placement) const {
    if (!rt_.dla) return {};
    struct Group {
        int count = 0;
        std::string first;
    };
    std::map<std::string, Group> by_reason;  // ordered, so the output is stable
    int on = 0, segments = 0;
    bool previous_on_dla = false;
    for (const auto& op : graph.ops) {
        const bool here = on_dla(op, placement.n_layers);
        segments += here && !previous_on_dla ? 1 : 0;  // each run of DLA ops becomes one DLA loadable
        previous_on_dla = here;
        if (here) {
            ++on;
            continue;
        }
        if (rule_for(placement.n_layers).device_of(op) != Device::Gpu) continue;  // CPU ops never had the choice
        const std::string key = std::string(op_kind_name(op.kind)) + ": " + dla_refusal(op);
        Group& g = by_reason[key];
        if (g.count++ == 0) g.first = op.name;
    }
    const std::string phase = graph.phase == Phase::Prefill ? "prefill" : "decode";
    std::vector<std::string> out;
    for (const auto& [key, g] : by_reason)
        out.push_back(phase + ": " + std::to_string(g.count) + " op(s) cannot use the DLA, run on the GPU (e.g. " +
                      g.first + ") - " + key);
    out.push_back(phase + ": " + std::to_string(on) + " of " + std::to_string(graph.ops.size()) + " ops on the DLA in " +
                  std::to_string(segments) + " DLA segment(s)");
    // TensorRT guide: at most 16 DLA loadables per core at a time. Timing assumes they all stay resident.
    if (segments > kDlaLoadablesPerCore)
        out.push_back(phase + ": needs " + std::to_string(segments) + " DLA loadables but TensorRT keeps at most " +
                      std::to_string(kDlaLoadablesPerCore) +
                      " per core: a real build must split engines or fall back to the GPU (load/swap cost not modelled)");
    return out;
}

OpPlan JetsonPlatform::plan(const Op& op, const Placement& placement) const {
    if (on_dla(op, placement.n_layers)) return plan_dla(op);
    const OffloadRule rule = rule_for(placement.n_layers);
    const Device placed = rule.device_of(op);
    const bool hand_over = rt_.uses_gpu() && rule.hands_over_before(op);
    if (placed == Device::Cpu && device_of(op, placement.n_layers) == Device::Gpu) {
        // Large-batch offload (legacy path or the scheduler's offload_op): every operand lives in host memory,
        // so the weights (or K/V slices) and the activations are copied into CUDA buffers and the result back
        // (one read + one write each).
        OpPlan p = plan_gpu(op, hand_over,
                            static_cast<double>(op.weight_bytes + op.kv_read_bytes + op.act_read_bytes + op.act_write_bytes));
        // The weights leave pageable mmap'd pages before the kernel: legacy ggml-cuda's copy, or the scheduler's
        // cudaMemcpyAsync of a CPU-buffer weight into the GPU split (ggml_backend_sched pass 5 input copies).
        if ((rt_.large_batch_offload || rt_.op_offload) && gpu_.pageable_copy_Bps > 0)
            p.items.front().overhead_s += static_cast<double>(op.weight_bytes) / gpu_.pageable_copy_Bps;
        return p;
    }
    return placed == Device::Gpu ? plan_gpu(op, hand_over, 0.0) : plan_cpu(op, hand_over);
}

// Seconds at the current GPU clock for the arithmetic of one op (dequantisation included).
double JetsonPlatform::gpu_seconds(const Op& op) const {
    const GpuArch& a = gpu_.arch;
    const double sm_clk = gpu_.sms * gpu_.clock_hz;
    const double cores = a.cuda_cores_per_sm * sm_clk;
    const double gemm_eff_rows = [&] {
        const double rows = static_cast<double>(std::max<std::int64_t>(op.m, 1));
        return rt_.gemm_eff * rows / (rows + rt_.gemm_half_rows);
    }();
    const bool sgemm = sgemm_path();  // cublasSgemm: one FP32 FMA per core per clock
    double t = 0;
    if (op.kind == OpKind::MatMul) {
        const bool gemm = op.m >= rt_.tensor_min_rows;
        double rate;
        if (gemm && sgemm) {
            rate = cores * gemm_eff_rows;
        } else if (gemm) {
            const double tc = rt_.gemm_int8 ? a.tensor_i8_per_sm : a.tensor_f16_per_sm;
            // Without tensor cores (Maxwell/Pascal) the GEMM runs as half2 FMA on the CUDA cores.
            rate = (tc > 0 ? tc * sm_clk : cores * a.fp16_per_core) * gemm_eff_rows;
            // llama.cpp's int8 MMQ is issue-bound (its unpacking and scale math are in that count).
            if (mmq_int8(op)) rate *= mmq_issue_fraction(op.weight_type);
        } else {
            const auto mmvq = rt_.gemv_path == "dp4a" ? mmvq_cost(op.weight_type) : std::nullopt;
            if (mmvq && op.weight_elems > 0) {
                // MMVQ: packed weights, SIMD-in-register unpack and DP4A (emulated below cc 6.1), per
                // activation row; the whole cost is here, nothing is dequantised separately.
                const double dp4a_s = a.dp4a_per_sm > 0 ? 1.0 / (a.dp4a_per_sm * sm_clk) : kEmulatedDp4aOps / cores;
                // The unpacking is integer shifts and masks: the SM's INT32 lanes.
                const double int_lanes = a.int32_lanes_per_sm * sm_clk;
                const double per_weight_s = mmvq->dp4a_per_weight * dp4a_s + mmvq->alu_per_weight / int_lanes;
                const double rows = static_cast<double>(std::max<std::int64_t>(op.m, 1));
                t += static_cast<double>(op.weight_elems) * rows * per_weight_s / rt_.gemv_eff;
                t += op.flops / cores + op.transcendentals / (a.sfu_per_sm * sm_clk);
                return t;
            }
            double per_core = rt_.gemv_path == "f32" ? 1.0 : a.fp16_per_core;
            double r = cores * per_core;
            if (rt_.gemv_path == "dp4a" && a.dp4a_per_sm > 0) r = a.dp4a_per_sm * 4.0 * sm_clk;
            rate = r * rt_.gemv_eff;
        }
        const double mac_s = op.macs / rate;
        double dequant_s = 0;
        const auto& q = quant_info(op.weight_type);
        if (q.quantized && op.weight_elems > 0) {
            const double rows = static_cast<double>(std::max<std::int64_t>(op.m, 1));
            const double reuse = gemm ? rt_.gemm_dequant_rows : 1.0;
            const double ops = static_cast<double>(op.weight_elems) / q.block_elems * q.dequant_ops_per_block *
                               std::ceil(rows / reuse);
            dequant_s = ops / (cores * (gemm ? gemm_eff_rows : rt_.gemv_eff));
        }
        // Tensor-core GEMMs dequantise on the ALUs while the MMA pipe works (software-pipelined tiles);
        // on CUDA cores both share the same lanes and add up.
        const bool on_tensor = gemm && (rt_.gemm_int8 ? a.tensor_i8_per_sm : a.tensor_f16_per_sm) > 0;
        if (gemm && mmq_int8(op)) dequant_s = 0;
        t += on_tensor ? std::max(mac_s, dequant_s) : mac_s + dequant_s;
    } else if (op.kind == OpKind::AttnScores || op.kind == OpKind::AttnValues) {
        const double tc = rt_.flash_attention ? a.tensor_f16_per_sm * sm_clk : 0.0;
        t += op.macs / ((tc > 0 ? tc : cores * (sgemm ? 1.0 : a.fp16_per_core)) * rt_.gemm_eff);
    }
    t += op.flops / cores + op.transcendentals / (a.sfu_per_sm * sm_clk);
    return t;
}

OpPlan JetsonPlatform::plan_gpu(const Op& op, bool hand_over, double extra_copy_B) const {
    WorkItem w;
    w.unit = gpu_unit();
    w.compute_s = gpu_seconds(op);
    // A fused attention kernel covers scores, softmax and values: one launch, and the score matrix
    // stays on chip.
    const bool fused_tail = rt_.flash_attention && (op.kind == OpKind::Softmax || op.kind == OpKind::AttnValues);
    const bool graphs = rt_.cuda_graphs && gpu_.arch.compute_capability >= rt_.cuda_graphs_min_cc;
    const double launch = graphs ? rt_.graph_kernel_overhead_s : rt_.kernel_overhead_s;
    w.overhead_s = (fused_tail ? 0.0 : launch) + (hand_over ? rt_.switch_overhead_s : 0.0);
    // A dequantise-then-cuBLAS GEMM writes the whole weight matrix out in f16/f32 and reads it back.
    if (rt_.gemm_dequant_buffer && op.kind == OpKind::MatMul && op.m >= rt_.tensor_min_rows &&
        quant_info(op.weight_type).quantized)
        extra_copy_B += static_cast<double>(op.weight_elems) * (sgemm_path() ? 4.0 : 2.0);
    double rd = static_cast<double>(op.weight_bytes + op.kv_read_bytes) + extra_copy_B;
    double wr = static_cast<double>(op.kv_write_bytes) + extra_copy_B;
    const bool scores_on_chip = rt_.flash_attention && is_attention(op.kind);
    if (!scores_on_chip) {
        rd += static_cast<double>(op.act_read_bytes);
        wr += static_cast<double>(op.act_write_bytes);
    }
    w.read_B = {rd};
    w.write_B = {wr};
    w.tiles = 64;
    // A GPU keeps many loads in flight (tens of warps per SM each with outstanding requests), so the
    // DRAM latency is hidden behind streaming; 16 tile buffers is an assumed, conservative depth.
    w.prefetch_depth = 16;
    OpPlan p;
    p.items.push_back(w);
    // Spinning CPU threads: no work, no bytes, but busy (active power) for as long as the op lasts.
    if (rt_.cpu_spin_wait)
        for (int i = 0; i < rt_.threads; ++i) {
            WorkItem spin;
            spin.unit = first_cpu_unit() + i;
            spin.read_B = {0.0};
            spin.write_B = {0.0};
            p.items.push_back(spin);
        }
    return p;
}

// A fully-connected layer on DLA core 0: MACs at the instance's rate, weights and activations streamed
// from the shared LPDDR through the DLA's own memory port; every task pays its submission + GPU<->DLA
// synchronisation.
OpPlan JetsonPlatform::plan_dla(const Op& op) const {
    WorkItem w;
    w.unit = dla_unit();
    w.compute_s = dla_compute_seconds(op, dla_);
    w.overhead_s = rt_.dla_overhead_s;
    w.read_B = {static_cast<double>(op.weight_bytes + op.act_read_bytes)};
    w.write_B = {static_cast<double>(op.act_write_bytes)};
    w.tiles = 64;
    w.prefetch_depth = 4;  // assumed: DLA's DMA engine double-buffers weights and feature data in CBUF
    OpPlan p;
    p.items.push_back(w);
    return p;
}

// Cycles on one core for the whole op (ggml NEON kernels: quantized weights are dotted against int8
// activations; f16 via FP16 FMA where the core has it).
double JetsonPlatform::cpu_cycles(const Op& op, const CpuCore& c) const {
    const double eff = rt_.cpu_eff;
    auto mac_rate = [&](GgmlType t) {
        const auto& q = quant_info(t);
        if (q.quantized) return c.i8_mac_per_cycle;
        return t == GgmlType::F32 ? c.f32_fma_per_cycle : c.f16_fma_per_cycle;
    };
    double cycles = 0;
    if (op.kind == OpKind::MatMul) {
        cycles += op.macs / (mac_rate(op.weight_type) * eff);
        const auto& q = quant_info(op.weight_type);
        if (q.quantized && op.weight_elems > 0)
            cycles += static_cast<double>(op.weight_elems) / q.block_elems * q.dequant_ops_per_block *
                      static_cast<double>(std::max<std::int64_t>(op.m, 1)) / (c.simd_ops_per_cycle * eff);
    } else if (op.kind == OpKind::AttnScores || op.kind == OpKind::AttnValues) {
        cycles += op.macs / (mac_rate(op.kv_type) * eff);
    }
    cycles += op.flops / (c.f32_fma_per_cycle * eff) + op.transcendentals * c.cycles_per_transcendental;
    return cycles;
}

OpPlan JetsonPlatform::plan_cpu(const Op& op, bool hand_over) const {
    const int parts = op.splittable ? rt_.threads : 1;
    // Seconds for the whole op on one core of each cluster (they differ in core type and clock).
    std::array<double, kMaxCpuClusters> cluster_whole_s{};
    for (std::size_t c = 0; c < cpu_.clusters.size(); ++c)
        cluster_whole_s[c] = cpu_cycles(op, cpu_.clusters[c].core) / cpu_.clusters[c].clock_hz;
    auto whole_s = [&](int thread) { return cluster_whole_s[cpu_.cluster_index_of_thread(thread)]; };
    double rate_sum = 0;
    for (int i = 0; i < parts; ++i) rate_sum += 1.0 / whole_s(i);
    // ggml splits rows evenly between threads, so on mixed cores the slowest one sets the pace; matmuls of
    // runtimes with chunked scheduling give each thread work in proportion to its speed instead.
    const bool by_speed = rt_.cpu_dynamic_chunks && op.kind == OpKind::MatMul && std::isfinite(rate_sum);
    const double bytes_rd = static_cast<double>(op.weight_bytes + op.kv_read_bytes + op.act_read_bytes);
    const double bytes_wr = static_cast<double>(op.kv_write_bytes + op.act_write_bytes);
    // llama.cpp keeps the CPU graph's activations (and, in early builds, the KV cache) in cudaMallocHost
    // buffers; on a SoC without I/O coherency (Tegra X1/X2) that memory is uncached for the CPU, so every
    // load from it is a DRAM round trip (weights stay in cached mmap pages). What that costs follows the
    // kernels' loads, counted in uncached_loads.cpp. Row-parallel loops spread them over the threads that
    // get a row; mul_mat's activation conversion comes before a barrier that every thread waits at.
    UncachedLoads uncached;
    if (rt_.pinned_host_buffers && cpu_.uncached_load_s > 0) uncached = uncached_loads(op, rt_.uncached);
    const double uncached_s = uncached.loads * cpu_.uncached_load_s;
    const int uncached_threads = static_cast<int>(std::clamp<std::int64_t>(uncached.rows, 1, parts));
    OpPlan p;
    for (int i = 0; i < parts; ++i) {
        const double whole = whole_s(i);
        const double share = by_speed ? (1.0 / whole) / rate_sum : 1.0 / parts;
        WorkItem w;
        w.unit = first_cpu_unit() + i;
        w.compute_s = whole * share;
        if (i < uncached_threads) w.compute_s += uncached_s / uncached_threads;
        else if (uncached.before_barrier) w.compute_s += uncached_s / uncached_threads;  // waiting at the barrier
        w.overhead_s = rt_.cpu_op_overhead_s + (hand_over ? rt_.switch_overhead_s : 0.0);
        w.read_B = {bytes_rd * share};
        w.write_B = {bytes_wr * share};
        w.tiles = cpu_.cluster_of_thread(i).core.overlap_tiles;
        p.items.push_back(w);
    }
    return p;
}

}  // namespace edgetwin::jetson
