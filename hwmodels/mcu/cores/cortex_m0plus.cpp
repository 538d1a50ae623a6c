// Arm Cortex-M0+ (RP2040, SAMD21): ARMv6-M, no FPU, no DSP extension, 2-stage pipeline.
#include "hwmodels/mcu/i_core.h"

namespace edgetwin::mcu {
namespace {
struct CortexM0Plus final : TableCore {
    CortexM0Plus()
        : TableCore({"cortex-m0plus", "Arm Cortex-M0+ (ARMv6-M, no FPU, no DSP)", false,
                     // fp32 via soft-float: __aeabi_fmul + __aeabi_fadd per MAC (Qfplib-M0 / RP2040 ROM float ~60 cycles each)
                     130, 120,
                     // int8: LDRSB 2 + LDRSB 2 + MULS 1 + ADDS 1 + loop ~1 (no SIMD, so library = C)
                     7, 7,
                     3,    // dequant op: ALU op + load, 2-stage pipeline
                     70,   // soft-float add/mul
                     900,  // soft-float expf
                     20,
                     {"Arm Cortex-M0+ TRM r0p1 (DDI0484C) Table 3-1: LDR* 2 cycles, MULS 1 cycle (fast multiplier), branches 2",
                      "soft-float: Qfplib-M0 (M. Hutchinson) benchmark table fadd ~60 / fmul ~60 cycles; RP2040 datasheet 2.8.3 ROM float timings of similar size",
                      "expf soft-float: ~15 fmul/fadd polynomial + range reduction (assumed)"}}) {}
};
const CoreRegistrar<CortexM0Plus> kReg;
}  // namespace
}  // namespace edgetwin::mcu
