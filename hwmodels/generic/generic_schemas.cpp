#include "hwmodels/generic/generic_schemas.h"

#include "hwmodels/placement_schema.h"

namespace edgetwin::generic {

const ParamSchema& platform_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("generic", "Generic platform preset (data/platforms/*.json with family \"generic\")")
            .add(integer("schema_version", "Preset format version").required().range(1, 1))
            .add(choice("family", {"generic"}, "Platform family").required())
            .add(text("name", "Preset name").required())
            .add(text("description", "What the preset models").def(""))
            .add(text("default_runtime", "Runtime profile used when the scenario names none").required()));
    return s;
}

const ParamSchema& cpu_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("generic.cpu", "Identical cores executing the op graph (SIMD throughput per cycle)")
            .add(integer("cores", "Cores available to the runtime").required().range(1, 1024))
            .add(text("core", "Core microarchitecture (e.g. cortex-a76): selects the runtime's kernel_cycles_per_block")
                     .def(""))
            .add(quantity("clock", Dimension::Frequency, "Core clock used unless a setting changes it")
                     .required()
                     .range(1e3, 10e9))
            .add(quantity("clock_min", Dimension::Frequency, "Lowest supported core clock").required().range(1e3, 10e9))
            .add(quantity("clock_max", Dimension::Frequency, "Highest supported core clock").required().range(1e3, 10e9))
            .add(real_map("macs_per_cycle",
                          "Peak multiply-accumulates per cycle per core by weight type name (f32, f16, q8_0, "
                          "q4_0, ...); key 'default' is used for types not listed")
                     .required()
                     .range(1e-3, 1e6))
            .add(real("flops_per_cycle", "Peak non-MAC arithmetic ops per cycle per core (SIMD lanes x pipes)")
                     .required()
                     .range(1e-3, 1e6))
            .add(real("cycles_per_transcendental", "Cycles per exp/rsqrt/sin evaluation (vectorised amortised)")
                     .required()
                     .range(0.0, 1e5))
            .add(real("dequant_ops_per_cycle", "Scalar dequantisation ops retired per cycle per core")
                     .required()
                     .range(1e-3, 1e6))
            .add(quantity("active_power", Dimension::Power, "Power per busy core at 'clock' (scales with f)")
                     .required()
                     .range(0.0, 1e3))
            .add(quantity("tile", Dimension::Bytes, "Streaming granularity: bytes per prefetch/DMA tile")
                     .def("16KiB")
                     .range(64, 1 << 30)));
    return s;
}

const ParamSchema& memory_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("generic.memory", "One memory level (list fastest first)")
            .add(text("name", "Level name used by placement").required())
            .add(quantity("capacity", Dimension::Bytes, "Capacity").required().range(1, 1e15))
            .add(quantity("reserved", Dimension::Bytes, "Capacity the OS/firmware keeps").def("0B").range(0, 1e15))
            .add(quantity("bandwidth", Dimension::Bandwidth, "Peak bandwidth (datasheet)").required().range(1, 1e14))
            .add(real("efficiency", "Achieved fraction of peak bandwidth for streaming reads")
                     .def(1.0)
                     .range(0.01, 1.0)
                     .fittable(0.2, 1.0))
            .add(quantity("latency", Dimension::Time, "First-access latency of a streaming transfer")
                     .def("0s")
                     .range(0, 1e-2))
            .add(quantity("read_energy_per_byte", Dimension::Energy, "Energy per byte read").def("0J").range(0, 1e-6))
            .add(quantity("write_energy_per_byte", Dimension::Energy, "Energy per byte written").def("0J").range(0, 1e-6))
            .add(quantity("static_power", Dimension::Power, "Background power (refresh, PHY)").def("0W").range(0, 1e3)));
    return s;
}

const ParamSchema& placement_schema() {
    static const ParamSchema& s =
        ParamRegistry::instance().add(make_placement_schema("generic.placement", "fastest level with room"));
    return s;
}

const ParamSchema& power_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("generic.power", "Board power outside cores and memories")
            .add(quantity("static", Dimension::Power, "Always-on board power").required().range(0, 1e4).fittable(0, 100)));
    return s;
}

const ParamSchema& thermal_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("generic.thermal", "Lumped RC thermal model of the package")
            .add(quantity("ambient", Dimension::Temperature, "Ambient temperature").def("25C").range(-60, 150))
            .add(quantity("resistance", Dimension::ThermalResistance, "Junction-to-ambient resistance")
                     .required()
                     .range(1e-3, 1e4))
            .add(quantity("capacitance", Dimension::HeatCapacity, "Heat capacity of package + heatsink")
                     .required()
                     .range(1e-4, 1e6)));
    return s;
}

const ParamSchema& runtime_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("generic.runtime", "Runtime profile for generic platforms (data/runtimes/*.json)")
            .add(integer("schema_version", "Profile format version").required().range(1, 1))
            .add(choice("family", {"generic"}, "Platform family the profile targets").required())
            .add(text("name", "Profile name").required())
            .add(text("description", "What runtime and version this models").def(""))
            .add(text("source", "Where the values come from").def(""))
            .add(integer("threads", "Worker threads (0 = one per core)").def(0).range(0, 1024))
            .add(quantity("op_overhead", Dimension::Time, "Fixed time per op: dispatch and thread barrier")
                     .required()
                     .range(0, 1)
                     .fittable(0, 1e-3))
            .add(quantity("token_overhead", Dimension::Time, "Fixed time per token: sampling, host work")
                     .required()
                     .range(0, 10)
                     .fittable(0, 0.1))
            .add(real("compute_efficiency", "Achieved fraction of peak MAC/FLOP throughput")
                     .required()
                     .range(0.001, 1.0)
                     .fittable(0.05, 1.0))
            .add(integer("dequant_row_reuse",
                         "Activation rows served by one dequantisation of a weight block (ggml CPU vec_dot "
                         "re-unpacks per row: 1; tiled GEMM kernels reuse a block across a tile)")
                     .def(1)
                     .range(1, 1 << 20))
            .add(integer("min_split_macs", "Ops with fewer MACs+FLOPs run on one thread").def(0).range(0, 1LL << 50))
            .add(real_map("kernel_cycles_per_block",
                          "Cycles one core spends in this runtime build's weight x activation dot kernel per "
                          "quant block per (weight row x activation row), keyed '<core>:<type>' (cortex-a76:q8_0), "
                          "or '<core>:<type>:gemm' / ':gemv' where the build runs a tiled GEMM for ops of 4 or "
                          "more activation rows and a GEMV below (ggml repack kernels); counted from the "
                          "kernel's instructions and the core's pipes. Replaces macs_per_cycle and the "
                          "dequant term for those weight types")
                     .def(Json::object())
                     .range(0.01, 1e6)));
    return s;
}

}  // namespace edgetwin::generic
