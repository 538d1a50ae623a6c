// Arm Cortex-M7 (i.MX RT, STM32F7/H7): 6-stage dual-issue superscalar, FPv5, DSP extension, 64-bit AXI.
#include "hwmodels/mcu/i_core.h"

namespace edgetwin::mcu {
namespace {
struct CortexM7 final : TableCore {
    CortexM7()
        : TableCore({"cortex-m7", "Arm Cortex-M7 (ARMv7E-M, dual issue, FPv5, DSP SIMD)", true,
                     // fp32 C loop: two VLDR + VFMA; one load/store pipe -> load-bound 2 cycles/MAC; CMSIS uses 64-bit VLDM -> ~1.25
                     2, 1.25,
                     // int8 C loop: two LDRSB (one load pipe) dual-issued with MLA -> 2 cycles/MAC plus loop/sign-extend ~0.25;
                     // SIMD: 2 LDR + 4 SXTB16 + 2 SMLAD per 4 MACs, dual issue -> ~1.1
                     2.25, 1.1,
                     1.0, 1.0, 60, 8,
                     {"Arm Cortex-M7 TRM r1p2 (DDI0489F) 1.2 & 3.3: dual-issue in-order pipeline, one load/store unit with 64-bit path; "
                      "SMLAD/MLA single-cycle MAC pipe; FPv5 VFMA.F32 fully pipelined",
                      "Arm Cortex-M7 Software Optimization Guide: ALU+load dual issue; two loads cannot issue together",
                      "CMSIS-DSP arm_dot_prod_q7/f32 loop structure",
                      "expf: newlib polynomial with single-cycle FPU ops, dual issue (assumed ~60)"}}) {}
};
const CoreRegistrar<CortexM7> kReg;
}  // namespace
}  // namespace edgetwin::mcu
