#pragma once
// Analytic cost of one matrix-vector multiply on one crossbar array: the single source of truth for
// time and energy that the platform family, the HP-INV solver and the profiler all use.
//
// Model (per array MVM with `input_bits` inputs):
//   evaluations = ceil(input_bits / dac.bits)                       (bit-serial when dac.bits = 1)
//   latency     = evaluations * (dac.time + settle + ceil(cols / n_adc) * adc.conversion_time),
//                 or a two-stage pipeline of the same two terms when the ADC has sample-and-hold
//   energy      = dac + array + adc + shift-add + buffer, each counted per evaluation below.
#include "rram/crossbar_arch.h"

namespace edgetwin::rram {

struct ComponentEnergy {
    double dac_J = 0, array_J = 0, adc_J = 0, shift_add_J = 0, buffer_J = 0;
    double digital_J = 0;   // SIMD reductions of partial sums across arrays
    double movement_J = 0;  // NoC / host link transfers
    double program_J = 0;   // write-verify programming

    double total() const { return dac_J + array_J + adc_J + shift_add_J + buffer_J + digital_J + movement_J + program_J; }
    ComponentEnergy& operator+=(const ComponentEnergy& o);
    ComponentEnergy scaled(double f) const;
};

struct MvmCost {
    double latency_s = 0;
    int evaluations = 0;      // analog evaluations (input slices)
    double conversions = 0;   // ADC conversions
    ComponentEnergy energy;
};

// One MVM on one array with `rows_active` wordlines driven and `cols_active` bitlines read.
MvmCost array_mvm_cost(const CrossbarArch& a, int rows_active, int cols_active, int input_bits);

// Bitlines one signed `w_bits` weight occupies: bit slices over columns, doubled for G+/G- pairs.
int cols_per_weight(const CrossbarArch& a, int w_bits);

// Logical MACs (input x weight products at full precision) of an MVM on a fully used array.
double macs_per_array_mvm(const CrossbarArch& a, int w_bits);

// Throughput per watt of back-to-back full-array MVMs: 2 ops per MAC / energy (TOPS/W = this / 1e12).
double ops_per_joule(const CrossbarArch& a, int input_bits, int w_bits);

}  // namespace edgetwin::rram
