#pragma once
// A resistive crossbar accelerator as plain structs: array (cells, conductances), converters, digital
// periphery, tile/chip hierarchy and programming. Parsed from data/rram/*.json through declared
// schemas (rram/crossbar_schema.cpp); cost and mapping functions read only these structs.
// Units: seconds, joules, siemens, volts, bytes, ops/s.
#include <string>

#include "sim/core/json_io.h"

namespace edgetwin::rram {

enum class AdcKind { Sar, Flash };
enum class SignEncoding { Differential, Offset };  // G+/G- column pairs, or one column + reference

struct ArrayParams {
    int rows = 0, cols = 0;
    int bits_per_cell = 1;           // 1..4 (2^bits conductance levels)
    double g_on_S = 0, g_off_S = 0;  // highest / lowest programmed conductance
    double v_read_V = 0;             // read voltage on an active wordline
    double settle_s = 0;             // wordline drive + bitline settle per analog evaluation
    double wire_r_ohm = 0;           // wire resistance between adjacent cells (IR drop)
};

struct DacParams {
    int bits = 1;           // input bits applied per analog evaluation (1 = bit-serial)
    double time_s = 0;      // conversion time (overlaps nothing: in series with the settle)
    double energy_J = 0;    // per row per evaluation
};

struct AdcParams {
    int bits = 8;
    AdcKind kind = AdcKind::Sar;
    double conv_time_s = 0;  // one conversion
    double energy_J = 0;     // one conversion
    int cols_per_adc = 1;    // columns time-multiplexed onto one ADC
    bool sample_hold = false;  // S&H lets the next evaluation overlap this one's conversions
};

struct DigitalParams {
    double shift_add_energy_J = 0;  // per ADC sample accumulated
    double buffer_energy_J_per_B = 0;
    double simd_ops_per_s = 0;      // digital SIMD unit (softmax, norms, attention)
    double simd_energy_J_per_op = 0;
    double transcendental_ops = 1;  // SIMD ops per exp/rsqrt
    double sram_B = 0;              // on-chip SRAM for KV cache and activations
    double sram_bandwidth_Bps = 0;
    double sram_energy_J_per_B = 0;
};

struct ChipParams {
    int arrays_per_tile = 1;
    int tiles = 1;
    SignEncoding sign = SignEncoding::Differential;
    double noc_energy_J_per_B = 0;
    double host_bandwidth_Bps = 0;   // link to host memory (embedding table, reprogramming data)
    double host_energy_J_per_B = 0;
    double static_power_W = 0;
};

struct ProgramParams {
    double pulses_per_cell = 1;  // average write-verify pulses per programmed cell
    double pulse_time_s = 0;
    double pulse_energy_J = 0;
    double endurance_cycles = 0;  // write cycles a cell survives
};

struct CrossbarArch {
    std::string name;
    ArrayParams array;
    DacParams dac;
    AdcParams adc;
    DigitalParams digital;
    ChipParams chip;
    ProgramParams program;

    int total_arrays() const { return chip.tiles * chip.arrays_per_tile; }
    int adcs_per_array() const { return (array.cols + adc.cols_per_adc - 1) / adc.cols_per_adc; }
};

// Reads a crossbar description (the "crossbar" object of a data/rram file or an rram platform
// preset); throws UserError naming file and key on any bad value.
CrossbarArch read_crossbar_arch(const Json& j, const std::string& file, const std::string& path);
// data/rram/<name>.json (or a path) -> its "crossbar" object, validated.
CrossbarArch load_crossbar_preset(const std::string& name_or_path);

}  // namespace edgetwin::rram
