// Cadence Xtensa LX6 (ESP32 classic): 32-bit, single-precision FPU, MAC16, zero-overhead loops, no SIMD.
#include "hwmodels/mcu/i_core.h"

namespace edgetwin::mcu {
namespace {
struct XtensaLX6 final : TableCore {
    XtensaLX6()
        : TableCore({"xtensa-lx6", "Xtensa LX6 (ESP32): FPU, MAC16, no SIMD", true,
                     // fp32 C: LSI x2 + MADD.S + loop ~3; ESP-DSP dsps_dotprod_f32_ae32 (LSIP + MADD.S, zero-overhead LOOP) ~2
                     3, 2,
                     // int8 C: L8UI x2 + sign ext + MULL/ADD ~4; ESP-DSP dotprod_s16 with MAC16 MULA.DD ~1.5 per MAC on 8-bit data
                     4, 1.5,
                     1.5, 2, 150, 15,
                     {"ESP32 TRM v5 1.3: Xtensa LX6 with FPU, MAC16 option, zero-overhead loops",
                      "Xtensa ISA Reference Manual: MADD.S fully pipelined; LSIP one load per cycle",
                      "ESP-DSP docs 'Benchmarks' table: dsps_dotprod_f32_ae32 ~2 cycles per sample on ESP32 (assumed rounding)",
                      "expf: newlib single-precision on LX6 FPU (assumed)"}}) {}
};
const CoreRegistrar<XtensaLX6> kReg;
}  // namespace
}  // namespace edgetwin::mcu
