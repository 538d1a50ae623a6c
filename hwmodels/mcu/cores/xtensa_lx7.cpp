// Cadence Xtensa LX7 (ESP32-S3): FPU plus the PIE 128-bit SIMD extension (EE.* instructions).
#include "hwmodels/mcu/i_core.h"

namespace edgetwin::mcu {
namespace {
struct XtensaLX7 final : TableCore {
    XtensaLX7()
        : TableCore({"xtensa-lx7", "Xtensa LX7 (ESP32-S3): FPU + PIE 128-bit SIMD", true,
                     // fp32 C ~3; ESP-DSP dsps_dotprod_f32_aes3: EE.LDF.128.IP loads 4 floats, MADD.S x4, zero-overhead loop -> ~1.1
                     3, 1.1,
                     // int8 C ~4; PIE EE.VMULAS.S8.ACCX: 16 int8 MACs per instruction with EE.VLD.128.IP -> ~0.15 (ESP-NN)
                     4, 0.15,
                     1.5, 2, 150, 15,
                     {"ESP32-S3 TRM v1.x ch.1 (Processor Instruction Extensions): 128-bit QR registers, EE.VMULAS.S8.ACCX 16x8-bit MAC, EE.LDF.128.IP",
                      "ESP-DSP dotprod/float/dsps_dotprod_f32_aes3.S: 4 MADD.S per 128-bit load in a LOOP (source structure)",
                      "bitbanksoftware blog 'Surprise! ESP32-S3 has (a few) SIMD instructions' (2024-01): 16 int8 MACs per cycle",
                      "expf: newlib single-precision (assumed, as LX6)"}}) {}
};
const CoreRegistrar<XtensaLX7> kReg;
}  // namespace
}  // namespace edgetwin::mcu
