#include "hwmodels/mcu/mcu_schemas.h"

#include "hwmodels/placement_schema.h"

namespace edgetwin::mcu {

const ParamSchema& platform_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("mcu", "MCU platform preset (data/platforms/*.json with family \"mcu\")")
            .add(integer("schema_version", "Preset format version").required().range(1, 1))
            .add(choice("family", {"mcu"}, "Platform family").required())
            .add(text("name", "Preset name").required())
            .add(text("description", "What the preset models").def(""))
            .add(text("default_runtime", "Runtime profile used when the scenario names none").required())
            .add(quantity("max_psram", Dimension::Bytes, "Largest PSRAM the part can address (0: no PSRAM interface)")
                     .def("0B")
                     .range(0, 1e12)));
    return s;
}

const ParamSchema& core_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("mcu.core", "Application cores (variant by name; cost tables in hwmodels/mcu/cores/)")
            .add(text("type", "Core variant: cortex-m0plus, cortex-m4f, cortex-m7, cortex-m33, cortex-m55, xtensa-lx6, "
                              "xtensa-lx7")
                     .required())
            .add(integer("count", "Identical application cores").required().range(1, 8))
            .add(quantity("clock", Dimension::Frequency, "Default core clock").required().range(1e6, 2e9))
            .add(quantity("clock_min", Dimension::Frequency, "Lowest supported core clock").required().range(1e6, 2e9))
            .add(quantity("clock_max", Dimension::Frequency, "Highest supported core clock").required().range(1e6, 2e9))
            .add(quantity("dcache_line", Dimension::Bytes, "Data cache line: one off-chip fill per line on a miss")
                     .def("32B")
                     .range(4, 256)));
    return s;
}

const ParamSchema& memory_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("mcu.memory", "One memory level (list fastest first); bandwidth derived from its bus")
            .add(text("name", "Level name used by placement (sram, tcm, psram, flash, sdram)").required())
            .add(choice("kind", {"onchip", "flash", "spi", "sdram"},
                        "onchip: SRAM/TCM at core clock; flash: on-chip flash with wait states; spi: QSPI/OPI "
                        "PSRAM or flash through the cache; sdram: parallel SDRAM through the cache")
                     .required())
            .add(quantity("capacity", Dimension::Bytes, "Capacity").required().range(1, 1e12))
            .add(quantity("reserved", Dimension::Bytes, "Capacity firmware, stacks and heap overhead keep").def("0B").range(0, 1e12))
            .add(boolean("writable", "Holds KV cache and activations (flash: false)").def(true))
            .add(integer("width_bits", "Data bus width (onchip, flash, sdram)").def(32).range(1, 512))
            .add(quantity("access_time", Dimension::Time, "flash: array access time; wait states = ceil(t x f) - 1")
                     .def("0s")
                     .range(0, 1e-6))
            .add(quantity("bus_clock", Dimension::Frequency, "spi/sdram: interface clock").def("0Hz").range(0, 1e9))
            .add(quantity("bus_clock_max", Dimension::Frequency,
                          "spi/sdram: highest interface clock the part and its memory support (0: not stated)")
                     .def("0Hz")
                     .range(0, 1e9))
            .add(text("lanes_allowed", "spi: comma-separated data-line counts the part's interface supports (empty: any)")
                     .def(""))
            .add(integer("lanes", "spi: data lines (1 quad=4, octal=8)").def(4).range(1, 16))
            .add(boolean("ddr", "spi/sdram: data on both clock edges").def(false))
            .add(real("overhead_clocks", "spi: command + address + dummy + chip-select clocks per cache line fill")
                     .def(0.0)
                     .range(0, 1000))
            .add(quantity("miss_latency", Dimension::Time,
                          "sdram: cache miss to first data beat (interconnect + controller + tRCD + CL); spi: "
                          "fixed controller time per line fill on top of the bus transaction")
                     .def("0s")
                     .range(0, 1e-5)
                     .fittable(20e-9, 1e-6))
            .add(quantity("critical_beat", Dimension::Bytes,
                          "sdram: first beat of a line fill the core restarts on (critical word first; the rest "
                          "of the line streams under the following compute); 0: the core waits for the whole line")
                     .def("0B")
                     .range(0, 256))
            .add(quantity("read_current", Dimension::Current, "Device current while streaming at peak bandwidth")
                     .def("0A")
                     .range(0, 10))
            .add(quantity("standby_current", Dimension::Current, "Device current when idle").def("0A").range(0, 10))
            .add(quantity("voltage", Dimension::Voltage, "Supply voltage of the device").def("3.3V").range(0, 10)));
    return s;
}

const ParamSchema& placement_schema() {
    static const ParamSchema& s =
        ParamRegistry::instance().add(make_placement_schema("mcu.placement", "fastest that fits"));
    return s;
}

const ParamSchema& power_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("mcu.power", "Datasheet supply currents (power = I x V; core current scales with clock)")
            .add(quantity("voltage", Dimension::Voltage, "Supply voltage the currents are quoted at").required().range(0.5, 6))
            .add(quantity("core_active_current", Dimension::Current,
                          "Added current of one busy core at core.clock (datasheet run current minus idle)")
                     .required()
                     .range(0, 10))
            .add(quantity("idle_current", Dimension::Current, "Chip current with cores idle (clocks on)")
                     .required()
                     .range(0, 10)
                     .fittable(0, 1)));
    return s;
}

const ParamSchema& thermal_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("mcu.thermal", "Lumped RC thermal model of the package")
            .add(quantity("ambient", Dimension::Temperature, "Ambient temperature").def("25C").range(-60, 150))
            .add(quantity("resistance", Dimension::ThermalResistance, "Junction-to-ambient").required().range(1e-3, 1e4))
            .add(quantity("capacitance", Dimension::HeatCapacity, "Heat capacity").required().range(1e-5, 1e6)));
    return s;
}

const ParamSchema& runtime_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("mcu.runtime", "Runtime profile for MCU platforms (data/runtimes/*.json, family mcu)")
            .add(integer("schema_version", "Profile format version").required().range(1, 1))
            .add(choice("family", {"mcu"}, "Platform family the profile targets").required())
            .add(text("name", "Profile name").required())
            .add(text("description", "What runtime and version this models").def(""))
            .add(text("source", "Where the values come from").def(""))
            .add(integer("cores", "Cores the runtime uses (0 = all); matmuls split row-wise").def(1).range(0, 8))
            .add(choice("matmul_kernel", {"scalar", "dsp", "scalar-O0"},
                         "Dot product: plain C loop (optimised build), vendor SIMD library, or the C loop built "
                         "without optimisation (-O0)").required())
            .add(boolean("split_attention", "Attention heads are split across cores too").def(false))
            .add(boolean("sqrt_per_score", "Attention scores divided by sqrtf(head_size) per score (llama2.c)").def(true))
            .add(text("weight_types", "Comma-separated weight type names (or prefixes) the runtime loads").required())
            .add(quantity("op_overhead", Dimension::Time, "Fixed time per op (calls, loop set-up)")
                     .def("0s")
                     .range(0, 1e-2)
                     .fittable(0, 1e-3))
            .add(quantity("sync_overhead", Dimension::Time, "Per split op: waking the helper core and the barrier")
                     .def("0s")
                     .range(0, 1e-2)
                     .fittable(0, 1e-3))
            .add(quantity("token_overhead", Dimension::Time, "Per token: sampling, detokenising, printing")
                     .def("0s")
                     .range(0, 10)
                     .fittable(0, 0.1)));
    return s;
}

}  // namespace edgetwin::mcu
