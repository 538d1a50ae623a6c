#pragma once
// Memory levels of an MCU derived from their bus: peak bandwidth from clock x width (x2 for DDR), and
// the streaming efficiency an in-order core sees when every cache line is filled on demand (a fill
// costs fixed command/latency time plus the line's data beats; the core stalls meanwhile).
#include <string>

#include "hwmodels/platform.h"
#include "sim/core/params.h"

namespace edgetwin::mcu {

struct McuMemory {
    MemoryLevel level;      // what the engines see
    std::string kind;       // onchip | flash | spi | sdram
    bool writable = true;
    int wait_states = 0;    // flash only
    double line_fill_s = 0; // time of one cache line fill (0 for onchip)
    // Critical word first (sdram with critical_beat): the core restarts when the first beat arrives and
    // the rest of the line streams in under the compute that follows; this is that rest, per line.
    double line_B = 0;
    double overlap_per_line_s = 0;
};

// `v` read through memory_schema(); `core_hz` the core clock in use; `line_B` the data cache line.
McuMemory derive_memory(const ParamValues& v, double core_hz, double line_B, const std::string& file,
                        const std::string& path);

}  // namespace edgetwin::mcu
