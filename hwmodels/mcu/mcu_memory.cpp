#include "hwmodels/mcu/mcu_memory.h"

#include <cmath>

#include "sim/core/units.h"
#include "sim/core/user_error.h"

namespace edgetwin::mcu {

McuMemory derive_memory(const ParamValues& v, double core_hz, double line_B, const std::string& file,
                        const std::string& path) {
    McuMemory m;
    m.kind = v.str("kind");
    m.line_B = line_B;
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
        const double max_hz = v.num("bus_clock_max");
        if (max_hz > 0 && bus_hz > max_hz * (1 + 1e-9))
            throw UserError(file, path + ".bus_clock",
                            format_quantity(bus_hz, Dimension::Frequency) + " is above the " +
                                format_quantity(max_hz, Dimension::Frequency) + " the " + l.name +
                                " interface supports (allowed: up to bus_clock_max)");
        const std::string allowed = v.str("lanes_allowed");
        if (m.kind == "spi" && !allowed.empty()) {
            const std::string lanes = std::to_string(v.integer("lanes"));
            bool ok = false;
            std::size_t start = 0;
            while (start <= allowed.size()) {
                std::size_t end = allowed.find(',', start);
                if (end == std::string::npos) end = allowed.size();
                std::string item = allowed.substr(start, end - start);
                item.erase(0, item.find_first_not_of(' '));
                item.erase(item.find_last_not_of(' ') + 1);
                ok = ok || item == lanes;
                start = end + 1;
            }
            if (!ok)
                throw UserError(file, path + ".lanes",
                                lanes + " data lines not supported by the " + l.name + " interface (allowed: " + allowed + ")");
        }
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
        // The bus transaction plus the fixed time the cache/SPI controller adds to every miss.
        m.line_fill_s = v.num("miss_latency") + (v.num("overhead_clocks") + line_B / bytes_per_clock) / bus_hz;
    } else {  // sdram
        need_bus();
        l.peak_bandwidth_Bps = width_B * rate * bus_hz;
        m.line_fill_s = v.num("miss_latency") + line_B / l.peak_bandwidth_Bps;
        const double beat_B = v.num("critical_beat");
        if (beat_B > line_B)
            throw UserError(file, path + ".critical_beat", "is larger than the cache line (core.dcache_line)");
        if (beat_B > 0) m.overlap_per_line_s = (line_B - beat_B) / l.peak_bandwidth_Bps;
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
