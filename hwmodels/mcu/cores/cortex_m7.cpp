// Arm Cortex-M7 (i.MX RT, STM32F7/H7): 6-stage dual-issue superscalar, FPv5, DSP extension, 64-bit AXI.
#include "hwmodels/mcu/i_core.h"

namespace edgetwin::mcu {
namespace {
struct CortexM7 final : TableCore {
    CortexM7()
        : TableCore(CoreCosts{"cortex-m7", "Arm Cortex-M7 (ARMv7E-M, dual issue, FPv5, DSP SIMD)", true,
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
                      "expf: newlib polynomial with single-cycle FPU ops, dual issue (assumed ~60)"}},
                    // -O0 (gcc keeps every local on the stack). The M7 issues one load/store per cycle and
                    // dual-issues the ALU ops beside them, so a loop costs about its load/store count:
                    //   runq int8 MAC: x, x->q, j, k, LDRSB, w, w->q, in, j, k, LDRSB, ival, k (k++), k, gs
                    //     (loop test) = 15 loads + STR ival + STR k = 17
                    //   fp32 MAC (run.c / attention): w, i, n, j, VLDR, x, j, VLDR, VLDR val, VSTR val,
                    //     j, STR j, j, n = 14
                    //   elementwise x[i] += y[i]: 13 loads/stores per element of ~2 flops -> 7 per flop
                    //   group rescale: ~20 loads/stores + 2 SDIV (index / gs) per group of 3 ops -> 10 per op
                    //   row set-up/store (val, ival, in = i*n, j, xout[i], i++): ~20
                    {17, 14, 7, 10, 20,
                     "instruction counts of gcc -O0 Thumb-2 code for llama2.c runq.c/run.c loops (every local a "
                     "stack LDR/STR); one load/store issue per cycle, ALU ops dual-issued (Cortex-M7 TRM DDI0489F "
                     "ch. 3); load-use stalls assumed hidden behind the load/store-bound issue"}) {}
};
const CoreRegistrar<CortexM7> kReg;
}  // namespace
}  // namespace edgetwin::mcu
