#pragma once
// Per-architecture throughput tables (datasheet/whitepaper facts, not fitted): GPU per-SM rates by
// data path and CPU per-core NEON rates. Presets pick an entry by name; runtimes pick the path.
#include <string>

namespace edgetwin::jetson {

struct GpuArch {
    const char* name;
    int compute_capability;     // CUDA compute capability x 10 (53 = 5.3); runtimes branch on it
    int cuda_cores_per_sm;      // FP32 lanes per SM
    double fp16_per_core;       // FP16 FMA per core per clock on CUDA cores (2 = packed half2)
    double dp4a_per_sm;         // DP4A instructions per SM per clock (4 int8 MACs each); 0 = none
    double tensor_f16_per_sm;   // dense FP16 tensor FMA per SM per clock; 0 = no tensor cores
    double tensor_i8_per_sm;    // dense INT8 tensor MACs per SM per clock
    double sfu_per_sm;          // transcendental evaluations per SM per clock
    int int32_lanes_per_sm;     // 32-bit integer add/logic/shift results per SM per clock
};

struct CpuCore {
    const char* name;
    double f32_fma_per_cycle;   // NEON FP32 FMA lanes per cycle
    double f16_fma_per_cycle;   // NEON FP16 FMA per cycle (A57: no FP16 arithmetic -> f32 rate)
    double i8_mac_per_cycle;    // int8 MACs per cycle (SDOT where available, else SMULL/SMLAL)
    double simd_ops_per_cycle;  // simple int8/int16 lane ops per cycle (unpacking, dequantisation)
    double cycles_per_transcendental;
    int overlap_tiles;          // how well the core hides DRAM streaming behind compute (1 = none)
};

// Throw std::out_of_range for names the schema did not allow (internal error).
const GpuArch& gpu_arch(const std::string& name);
const CpuCore& cpu_core(const std::string& name);

}  // namespace edgetwin::jetson
