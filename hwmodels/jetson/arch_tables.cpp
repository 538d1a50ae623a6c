#include "hwmodels/jetson/arch_tables.h"

#include <stdexcept>
#include <vector>

namespace edgetwin::jetson {

// Sources (per row); the compute capability is the architecture's name suffix (CUDA C Programming Guide,
// compute capabilities table: Tegra X1 5.3, Tegra X2 6.2, Xavier 7.2, Orin 8.7).
//  maxwell_sm53 (Tegra X1 GM20B): 128 cores/SM, native half2 FMA (CUDA C Programming Guide, arithmetic
//    instruction throughput table, cc 5.3: 256 half-precision results/SM/clk = 128 HFMA2); no DP4A (cc>=6.1),
//    no tensor cores; 32 SFU results/SM/clk listed for cc 5.x (we use 16 issued evaluations: sin/cos pairs).
//  pascal_sm62 (TX2 GP10B): 128 cores/SM, half2 at 2x FP32, DP4A at full rate for cc 6.2 (same table).
//  volta_sm72 (Xavier GV10B): 64 FP32 cores/SM, half2; 8 tensor cores/SM x 64 FP16 FMA = 512/SM/clk;
//    INT8 tensor 1024 MAC/SM/clk: AGX Xavier GPU 22 INT8 TOPS at 1.377 GHz on 8 SMs (NVIDIA Jetson AGX
//    Xavier datasheet) -> 22e12 / 2 / (8 x 1.377e9) = 998.
//  ampere_sm87 (Orin GA10B): 128 cores/SM; FP16 on CUDA cores at FP32 rate (GA10x whitepaper, non-tensor
//    FP16 1:1); DP4A 64 instr/SM/clk (programming guide cc 8.x); tensor dense INT8 2048 and FP16 1024
//    MAC/SM/clk: AGX Orin 64GB 170 sparse INT8 TOPS on 16 SMs at 1.3 GHz (measurements.md §6) -> 85e12 / 2 /
//    (16 x 1.3e9) = 2043; Orin Nano 8GB 40 sparse TOPS on 8 SMs at 625 MHz gives the same 2048.
//  int32 lanes (last column): CUDA C Programming Guide, arithmetic instruction throughput table, 32-bit
//    integer add/subtract and bitwise AND/OR/XOR per SM per clock: 128 for cc 5.x/6.x, 64 for cc 7.x and 8.x
//    (Volta/Ampere SMs have separate INT32 units, half as many as FP32 lanes on GA10x).
const std::vector<GpuArch>& gpu_table() {
    static const std::vector<GpuArch> t{
        {"maxwell_sm53", 53, 128, 2.0, 0, 0, 0, 16, 128},
        {"pascal_sm62", 62, 128, 2.0, 32, 0, 0, 16, 128},
        {"volta_sm72", 72, 64, 2.0, 64, 512, 1024, 16, 64},
        {"ampere_sm87", 87, 128, 1.0, 64, 1024, 2048, 16, 64},
    };
    return t;
}

// Sources:
//  cortex_a57: Arm Cortex-A57 Software Optimization Guide (UAN0015B) - two 64-bit-per-cycle FP/ASIMD pipes
//    (Q-form FMLA 1/cycle -> 4 f32 FMA); ASIMD integer multiply only on F0, SMULL.8B 1/cycle -> 8 int8 MACs;
//    ARMv8.0: no FP16 arithmetic, no SDOT. Little latency hiding of DRAM streams (in-order-ish LSU, 2 MB L2).
//  denver2: NVIDIA Denver 2 (Tegra X2, ARMv8.0): 7-wide in-order core with dynamic code optimisation and
//    2 FP/NEON 128-bit units (WikiChip nvidia/microarchitectures/denver) -> 8 f32 FMA lanes; no FP16
//    arithmetic or SDOT in ARMv8.0. ASSUMED: both NEON units multiply integers (8 int8 MACs each via
//    SMLAL), expf as on the other two-pipe cores, and load latency hidden about half as well as Carmel's
//    out-of-order core does (the optimiser reorders loads and stores in software).
//  carmel: NVIDIA Carmel (ARMv8.2, Xavier) - two 128-bit NEON pipes, SDOT -> 32 int8 MAC/cycle, FP16 FMLA 16,
//    FP32 8 (Xavier technical reference: ARMv8.2 with dot product + FP16).
//  cortex_a78ae: Arm Cortex-A78AE TRM/SOG (same core as A78): two 128-bit ASIMD pipes with SDOT (2/cycle ->
//    32 int8 MACs), FP16 FMLA 16, FP32 8.
//  cycles_per_transcendental: ggml's vectorised expf, ~8 NEON instructions per 4 lanes (assumed).
const std::vector<CpuCore>& cpu_table() {
    static const std::vector<CpuCore> t{
        {"cortex_a57", 4, 4, 8, 16, 4, 1},
        {"denver2", 8, 8, 16, 32, 2, 4},
        {"carmel", 8, 16, 32, 32, 2, 8},
        {"cortex_a78ae", 8, 16, 32, 32, 2, 8},
    };
    return t;
}

const GpuArch& gpu_arch(const std::string& name) {
    for (const auto& a : gpu_table())
        if (name == a.name) return a;
    throw std::out_of_range("unknown GPU architecture " + name);
}

const CpuCore& cpu_core(const std::string& name) {
    for (const auto& c : cpu_table())
        if (name == c.name) return c;
    throw std::out_of_range("unknown CPU core " + name);
}

}  // namespace edgetwin::jetson
