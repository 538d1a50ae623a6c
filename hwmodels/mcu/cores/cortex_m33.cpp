// Arm Cortex-M33 (RP2350, nRF5340, STM32U5): ARMv8-M Mainline, 3-stage pipeline, DSP extension, FPv5-SP.
#include "hwmodels/mcu/i_core.h"

namespace edgetwin::mcu {
namespace {
struct CortexM33 final : TableCore {
    CortexM33()
        : TableCore({"cortex-m33", "Arm Cortex-M33 (ARMv8-M, DSP SIMD, FPv5-SP)", true,
                     // fp32 C: VLDR x2 (1+1 pipelined) + VFMA (3) + loop -> ~5; CMSIS ~4 (same micro-architecture class as M4)
                     5, 4,
                     // int8 C ~4; SMLAD SIMD as on M4: ~2.25 cycles/MAC
                     4, 2.25,
                     1.5, 2.5, 120, 12,
                     {"Arm Cortex-M33 TRM r0p4 (100230) B-1 instruction cycle timing: LDR 1-2, MLA/SMLAD 1, VFMA 3",
                      "CMSIS-DSP arm_dot_prod_q7.c / arm_dot_prod_f32.c loop structure",
                      "expf: newlib (assumed as M4F)"}}) {}
};
const CoreRegistrar<CortexM33> kReg;
}  // namespace
}  // namespace edgetwin::mcu
