// Arm Cortex-M55 (Alif Ensemble, Corstone-300): ARMv8.1-M with Helium (MVE), dual-beat 128-bit vectors.
#include "hwmodels/mcu/i_core.h"

namespace edgetwin::mcu {
namespace {
struct CortexM55 final : TableCore {
    CortexM55()
        : TableCore({"cortex-m55", "Arm Cortex-M55 (Helium MVE, dual-beat)", true,
                     // fp32 C (compiler auto-vectorises poorly with reductions): ~2; Helium VFMA.F32 4 lanes per 2 beats + VLDRW -> 0.5
                     2, 0.5,
                     // int8: C loop ~2; Helium VMLADAVA.S8 16 MACs per 2 beats with overlapped VLDRB -> ~0.2 (CMSIS-NN arm_nn_vec_mat_mult_t_s8)
                     2, 0.2,
                     0.5, 1.0, 60, 10,
                     {"Arm Cortex-M55 TRM r1p0 (101051): dual-beat MVE, 128-bit vector = 2 cycles/instruction; beat-wise overlap of load and MAC",
                      "Arm Helium Technology M-Profile Vector Extension reference book: VMLADAV 16x8-bit MACs per instruction",
                      "CMSIS-NN arm_nn_vec_mat_mult_t_s8 MVE path"}}) {}
};
const CoreRegistrar<CortexM55> kReg;
}  // namespace
}  // namespace edgetwin::mcu
