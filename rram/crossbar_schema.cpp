// Declared parameters of a crossbar accelerator (one place; `edgetwin list params` prints them).
// Conductances have no unit type in sim/core/units.h, so they are plain numbers in microsiemens
// and wire resistance in ohms; everything else carries its unit.
#include "rram/crossbar_arch.h"

#include "sim/core/params.h"
#include "sim/core/paths.h"
#include "sim/core/user_error.h"

namespace edgetwin::rram {
namespace {

const ParamSchema& array_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("rram.crossbar.array", "One 1T1R crossbar array")
            .add(integer("rows", "Wordlines (inputs)").required().range(2, 4096))
            .add(integer("cols", "Bitlines (outputs)").required().range(2, 4096))
            .add(integer("bits_per_cell", "Bits stored per cell (2^bits conductance levels)").required().range(1, 4))
            .add(real("g_on_uS", "Highest programmed conductance [uS]").required().range(1e-3, 1e4))
            .add(real("g_off_uS", "Lowest programmed conductance [uS]").required().range(0.0, 1e4))
            .add(quantity("v_read", Dimension::Voltage, "Read voltage on an active wordline").required().range(1e-3, 5))
            .add(quantity("settle", Dimension::Time, "Wordline drive + bitline settle per evaluation")
                     .required()
                     .range(1e-12, 1e-3)
                     .fittable(1e-11, 1e-5))
            .add(real("wire_r_ohm", "Wire resistance between adjacent cells [ohm] (IR drop)").def(0.0).range(0, 1e4)));
    return s;
}

const ParamSchema& dac_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("rram.crossbar.dac", "Input drivers: bits applied per evaluation (1 = bit-serial)")
            .add(integer("bits", "Input bits per analog evaluation").required().range(1, 8))
            .add(quantity("time", Dimension::Time, "Conversion time per evaluation").def("0s").range(0, 1e-3))
            .add(quantity("energy", Dimension::Energy, "Energy per row per evaluation").required().range(0, 1e-9)));
    return s;
}

const ParamSchema& adc_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("rram.crossbar.adc", "Column readout converters")
            .add(integer("bits", "Resolution").required().range(1, 16))
            .add(choice("kind", {"sar", "flash", "time"}, "Architecture (time = voltage/time-domain converter)")
                     .required())
            .add(quantity("conversion_time", Dimension::Time, "Time of one conversion").required().range(1e-12, 1e-3))
            .add(quantity("energy", Dimension::Energy, "Energy of one conversion").required().range(0, 1e-6))
            .add(integer("cols_per_adc", "Columns sharing one ADC").required().range(1, 4096))
            .add(boolean("sample_hold", "Sample-and-hold pipelines evaluation with conversion").def(false)));
    return s;
}

const ParamSchema& digital_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("rram.crossbar.digital", "Shift-and-add, buffers and the digital SIMD unit")
            .add(quantity("shift_add_energy", Dimension::Energy, "Per ADC sample accumulated").required().range(0, 1e-9))
            .add(quantity("buffer_energy_per_byte", Dimension::Energy, "Input/output buffer access")
                     .required()
                     .range(0, 1e-9))
            .add(real("simd_ops_per_s", "Digital SIMD unit throughput [ops/s]").required().range(1e3, 1e15))
            .add(quantity("simd_energy_per_op", Dimension::Energy, "Energy per SIMD op").required().range(0, 1e-6))
            .add(real("transcendental_ops", "SIMD ops per exp/rsqrt").def(8.0).range(1, 1e4))
            .add(quantity("sram", Dimension::Bytes, "On-chip SRAM (KV cache, activations)").required().range(1, 1e12))
            .add(quantity("sram_bandwidth", Dimension::Bandwidth, "SRAM bandwidth").required().range(1, 1e15))
            .add(quantity("sram_energy_per_byte", Dimension::Energy, "SRAM access energy").required().range(0, 1e-9)));
    return s;
}

const ParamSchema& chip_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("rram.crossbar.chip", "Tile hierarchy and chip-level links")
            .add(integer("arrays_per_tile", "Crossbar arrays per tile/core").required().range(1, 1 << 16))
            .add(integer("tiles", "Tiles/cores on the chip").required().range(1, 1 << 16))
            .add(choice("sign", {"differential", "offset"}, "Signed weights: G+/G- column pairs or offset")
                     .required())
            .add(quantity("noc_energy_per_byte", Dimension::Energy, "NoC/bus transfer energy").def("0J").range(0, 1e-9))
            .add(quantity("host_bandwidth", Dimension::Bandwidth, "Link to host memory").required().range(1, 1e13))
            .add(quantity("host_energy_per_byte", Dimension::Energy, "Host link energy").def("0J").range(0, 1e-6))
            .add(quantity("static_power", Dimension::Power, "Leakage, clocks, bias").def("0W").range(0, 1e3).fittable(0, 100)));
    return s;
}

const ParamSchema& program_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("rram.crossbar.program", "Write-verify programming and endurance")
            .add(real("pulses_per_cell", "Average write-verify pulses per cell").required().range(1, 1e4))
            .add(quantity("pulse_time", Dimension::Time, "One program or verify pulse").required().range(1e-12, 1e-2))
            .add(quantity("pulse_energy", Dimension::Energy, "Energy of one pulse").required().range(0, 1e-6))
            .add(real("endurance_cycles", "Write cycles a cell survives").required().range(1, 1e16)));
    return s;
}

}  // namespace

CrossbarArch read_crossbar_arch(const Json& j, const std::string& file, const std::string& path) {
    static const ParamSchema& top = ParamRegistry::instance().add(
        ParamSchema("rram.crossbar", "Crossbar accelerator description").add(text("name", "Architecture name").required()));
    const std::vector<std::string> parts{"array", "dac", "adc", "digital", "chip", "program"};
    ParamValues t = top.read(j, file, path, parts);
    auto sub = [&](const char* key, const ParamSchema& s) {
        return s.read(require_field(j, key, file, path), file, join_key(path, key));
    };
    CrossbarArch a;
    a.name = t.str("name");
    ParamValues v = sub("array", array_schema());
    a.array.rows = static_cast<int>(v.integer("rows"));
    a.array.cols = static_cast<int>(v.integer("cols"));
    a.array.bits_per_cell = static_cast<int>(v.integer("bits_per_cell"));
    a.array.g_on_S = v.num("g_on_uS") * 1e-6;
    a.array.g_off_S = v.num("g_off_uS") * 1e-6;
    if (a.array.g_off_S >= a.array.g_on_S)
        throw UserError(file, join_key(path, "array.g_off_uS"), "must be below array.g_on_uS");
    a.array.v_read_V = v.num("v_read");
    a.array.settle_s = v.num("settle");
    a.array.wire_r_ohm = v.num("wire_r_ohm");

    v = sub("dac", dac_schema());
    a.dac = {static_cast<int>(v.integer("bits")), v.num("time"), v.num("energy")};

    v = sub("adc", adc_schema());
    a.adc.bits = static_cast<int>(v.integer("bits"));
    a.adc.kind = v.str("kind") == "flash" ? AdcKind::Flash : AdcKind::Sar;  // "time" converts serially like SAR
    a.adc.conv_time_s = v.num("conversion_time");
    a.adc.energy_J = v.num("energy");
    a.adc.cols_per_adc = static_cast<int>(v.integer("cols_per_adc"));
    a.adc.sample_hold = v.flag("sample_hold");
    if (a.adc.cols_per_adc > a.array.cols)
        throw UserError(file, join_key(path, "adc.cols_per_adc"), "exceeds array.cols");

    v = sub("digital", digital_schema());
    a.digital.shift_add_energy_J = v.num("shift_add_energy");
    a.digital.buffer_energy_J_per_B = v.num("buffer_energy_per_byte");
    a.digital.simd_ops_per_s = v.num("simd_ops_per_s");
    a.digital.simd_energy_J_per_op = v.num("simd_energy_per_op");
    a.digital.transcendental_ops = v.num("transcendental_ops");
    a.digital.sram_B = v.num("sram");
    a.digital.sram_bandwidth_Bps = v.num("sram_bandwidth");
    a.digital.sram_energy_J_per_B = v.num("sram_energy_per_byte");

    v = sub("chip", chip_schema());
    a.chip.arrays_per_tile = static_cast<int>(v.integer("arrays_per_tile"));
    a.chip.tiles = static_cast<int>(v.integer("tiles"));
    a.chip.sign = v.str("sign") == "offset" ? SignEncoding::Offset : SignEncoding::Differential;
    a.chip.noc_energy_J_per_B = v.num("noc_energy_per_byte");
    a.chip.host_bandwidth_Bps = v.num("host_bandwidth");
    a.chip.host_energy_J_per_B = v.num("host_energy_per_byte");
    a.chip.static_power_W = v.num("static_power");

    v = sub("program", program_schema());
    a.program = {v.num("pulses_per_cell"), v.num("pulse_time"), v.num("pulse_energy"), v.num("endurance_cycles")};
    return a;
}

CrossbarArch load_crossbar_preset(const std::string& name_or_path) {
    const bool is_path = name_or_path.find('/') != std::string::npos;
    const std::string path = is_path ? name_or_path : data_dir() + "/rram/" + name_or_path + ".json";
    if (!file_exists(path)) throw UserError("command line", "crossbar", "no crossbar preset '" + name_or_path + "' (" + path + ")");
    const Json j = load_json_file(path);
    return read_crossbar_arch(require_field(j, "crossbar", path, ""), path, "crossbar");
}

}  // namespace edgetwin::rram
