// Arm Cortex-M4F (STM32F4, nRF52840): ARMv7E-M with DSP extension (SMLAD) and single-precision FPv4.
#include "hwmodels/mcu/i_core.h"

namespace edgetwin::mcu {
namespace {
struct CortexM4F final : TableCore {
    CortexM4F()
        : TableCore({"cortex-m4f", "Arm Cortex-M4F (ARMv7E-M, FPv4-SP, DSP SIMD)", true,
                     // fp32: VLDR 2 (pipelined back-to-back: 1+1) + VFMA 3 cycles + loop ~1 -> ~5; CMSIS-DSP unrolled ~4
                     5, 4,
                     // int8 C: LDRSB 2 + LDRSB 1 (pipelined) + MLA 1 + loop -> ~4;
                     // CMSIS arm_dot_prod_q7: 2 LDR + 4 SXTB16 + 2 SMLAD per 4 MACs ~ 9 cycles -> 2.25
                     4, 2.25,
                     1.5, 2.5, 120, 12,
                     {"Arm Cortex-M4 TRM r0p1 (DDI0439B) 3.3.1: LDR 2 (N+1 pipelined), MLA 1, SMLAD 1 cycle",
                      "Arm Cortex-M4 TRM 7.2.3 FPU instruction timing: VLDR 2, VFMA.F32 3, VADD/VMUL 1",
                      "CMSIS-DSP arm_dot_prod_q7.c / arm_dot_prod_f32.c loop structure (4x unrolled)",
                      "expf: newlib single-precision polynomial ~25 FPU ops + call (assumed)"}}) {}
};
const CoreRegistrar<CortexM4F> kReg;
}  // namespace
}  // namespace edgetwin::mcu
