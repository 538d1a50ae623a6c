#include "hwmodels/mcu/mcu_memory.h"

#include <cmath>

#include "sim/core/user_error.h"

namespace edgetwin::mcu {

McuMemory derive_memory(const ParamValues& v, double core_hz, double line_B, const std::string& file,
                        const std::string& path) {
    McuMemory m;
    m.kind = v.str("kind");
    m.writable = v.flag("writable");
    MemoryLevel& l = m.level;
    l.name = v.str("name");
    l.capacity_B = v.num("capacity") - v.num("reserved");
    if (l.capacity_B <= 0) throw UserError(file, path + ".reserved", "reserves the whole capacity");
    const double width_B = static_cast<double>(v.integer("width_bits")) / 8.0;
    const double bus_hz = v.num("bus_clock");
    const double rate = v.flag("ddr") ? 2.0 : 1.0;
    auto need_bus = [&]() {
        if (bus_hz <= 0) throw UserError(file, path + ".bus_clock", "required for kind '" + m.kind + "'");
    };
    if (m.kind == "onchip") {
        // SRAM/TCM: single-cycle access at the core clock.
        l.peak_bandwidth_Bps = width_B * core_hz;
    } else if (m.kind == "flash") {
        // On-chip flash: each access of width_bits waits ceil(t_acc x f) - 1 extra cycles.
        m.wait_states = std::max(0, static_cast<int>(std::ceil(v.num("access_time") * core_hz - 1e-9)) - 1);
        l.peak_bandwidth_Bps = width_B * core_hz / (1.0 + m.wait_states);
        m.writable = false;
    } else if (m.kind == "spi") {
        need_bus();
        const double bytes_per_clock = static_cast<double>(v.integer("lanes")) * rate / 8.0;
        l.peak_bandwidth_Bps = bytes_per_clock * bus_hz;
        m.line_fill_s = (v.num("overhead_clocks") + line_B / bytes_per_clock) / bus_hz;
    } else {  // sdram
        need_bus();
        l.peak_bandwidth_Bps = width_B * rate * bus_hz;
        m.line_fill_s = v.num("miss_latency") + line_B / l.peak_bandwidth_Bps;
    }
    // Demand line fills: the bus carries data only line/peak of each fill's time.
    l.efficiency = m.line_fill_s > 0 ? (line_B / l.peak_bandwidth_Bps) / m.line_fill_s : 1.0;
    l.latency_s = 0;  // folded into the per-line fill above
    // Access energy from datasheet current: streaming at peak draws read_current at `voltage`.
    l.read_energy_J_per_B = v.num("read_current") * v.num("voltage") / l.peak_bandwidth_Bps;
    l.write_energy_J_per_B = l.read_energy_J_per_B;
    l.static_power_W = v.num("standby_current") * v.num("voltage");
    return m;
}

}  // namespace edgetwin::mcu
