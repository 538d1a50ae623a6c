#pragma once
// Mapping of a linear layer (k inputs x n outputs, signed w_bits weights) onto crossbar arrays:
// bit slices over columns, G+/G- pairs for sign, row/column tiling, replication; programming
// (write-verify) cost and endurance. Pure functions of the architecture and the layer shape.
#include <cstdint>

#include "models/quant_type.h"
#include "rram/mvm_cost.h"

namespace edgetwin::rram {

struct LayerMapping {
    std::int64_t k = 0, n = 0;
    int w_bits = 8;
    int cols_per_weight = 1;
    int row_tiles = 0;     // arrays stacked over the k inputs (partial sums added digitally)
    int col_tiles = 0;     // arrays side by side over n * cols_per_weight bitlines
    int replicas = 1;      // copies of the whole layer (throughput for prefill)
    std::int64_t arrays() const { return static_cast<std::int64_t>(row_tiles) * col_tiles * replicas; }
    double cells_used() const { return static_cast<double>(k) * n * cols_per_weight * replicas; }
};

// Integer weight precision a ggml type stores (Q8_0 -> 8, Q4_K -> 4, F16 -> 16).
int weight_bits_of(GgmlType t);

LayerMapping map_linear(const CrossbarArch& a, std::int64_t k, std::int64_t n, int w_bits, int replicas = 1);

// One input vector through the mapped layer: all arrays evaluate concurrently, then row-tile
// partial sums are reduced by the digital unit and moved over the NoC (4-byte partial sums).
struct LayerCost {
    double latency_s = 0;
    double macs = 0;
    ComponentEnergy energy;
};
LayerCost layer_mvm_cost(const CrossbarArch& a, const LayerMapping& m, int input_bits);

// Write-verify programming of `arrays` full arrays: one wordline at a time (1T1R selects one row),
// all columns of that row in parallel, `pulses_per_cell` pulses each; data arrives over the host link.
struct ProgramCost {
    double time_s = 0;
    double energy_J = 0;
    double pulse_time_s = 0, link_time_s = 0;      // time_s = pulse + link
    double pulse_energy_J = 0, link_energy_J = 0;  // energy_J = pulse + link
    double cells = 0, bytes = 0;
};
ProgramCost program_cost(const CrossbarArch& a, double arrays, int w_bits);
// Same rules for the cells a mapped layer actually occupies: each array tile programs only its
// used rows, and only the used cells take pulses; the weight image is k x n x w_bits / 8 bytes.
ProgramCost program_layer_cost(const CrossbarArch& a, const LayerMapping& m);

// Whether a set of layers fits on the chip, and what time-multiplexed reprogramming costs if not.
struct ChipFit {
    double arrays_needed = 0, arrays_available = 0;
    bool fits = true;
    double arrays_reprogrammed_per_pass = 0;  // per forward pass (token step) when it does not fit
    ProgramCost reprogram_per_pass;
    double passes_to_wearout = 0;             // endurance / reprogram cycles per cell per pass
};
ChipFit chip_fit(const CrossbarArch& a, double arrays_needed, int w_bits);

}  // namespace edgetwin::rram
