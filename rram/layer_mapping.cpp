#include "rram/layer_mapping.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgetwin::rram {

int weight_bits_of(GgmlType t) {
    const QuantTypeInfo& q = quant_info(t);
    // Block-quantised types store an integer code of floor(bits/weight) bits next to shared scales
    // (Q8_0: 8.5 -> 8, Q4_K: 4.5 -> 4); plain float types are mapped at their full width.
    return q.quantized ? std::max(1, static_cast<int>(std::floor(q.bits_per_weight()))) : static_cast<int>(q.bits_per_weight());
}

LayerMapping map_linear(const CrossbarArch& a, std::int64_t k, std::int64_t n, int w_bits, int replicas) {
    LayerMapping m;
    m.k = k;
    m.n = n;
    m.w_bits = w_bits;
    m.cols_per_weight = cols_per_weight(a, w_bits);
    m.row_tiles = static_cast<int>((k + a.array.rows - 1) / a.array.rows);
    // A weight's slices stay in one array so its shift-and-add happens before the ADC outputs leave.
    const std::int64_t weights_per_array = std::max(1, a.array.cols / m.cols_per_weight);
    m.col_tiles = static_cast<int>((n + weights_per_array - 1) / weights_per_array);
    m.replicas = std::max(1, replicas);
    return m;
}

LayerCost layer_mvm_cost(const CrossbarArch& a, const LayerMapping& m, int input_bits) {
    LayerCost out;
    const std::int64_t weights_per_array = std::max(1, a.array.cols / m.cols_per_weight);
    // Exact per-array occupancy: full arrays plus the remainder row/column tiles.
    for (int r = 0; r < m.row_tiles; ++r) {
        const int rows = static_cast<int>(std::min<std::int64_t>(a.array.rows, m.k - static_cast<std::int64_t>(r) * a.array.rows));
        for (int c = 0; c < m.col_tiles; ++c) {
            const std::int64_t outs = std::min<std::int64_t>(weights_per_array, m.n - c * weights_per_array);
            const MvmCost mc = array_mvm_cost(a, rows, static_cast<int>(outs * m.cols_per_weight), input_bits);
            out.latency_s = std::max(out.latency_s, mc.latency_s);
            out.energy += mc.energy;
        }
    }
    const double partial_adds = static_cast<double>(m.row_tiles - 1) * m.n;
    out.latency_s += partial_adds / a.digital.simd_ops_per_s;
    out.energy.digital_J += partial_adds * a.digital.simd_energy_J_per_op;
    out.energy.movement_J += static_cast<double>(m.row_tiles) * m.n * 4.0 * a.chip.noc_energy_J_per_B;
    out.macs = static_cast<double>(m.k) * m.n;
    return out;
}

namespace {
ProgramCost program_rows_cells(const CrossbarArch& a, double rows, double cells, double bytes) {
    ProgramCost p;
    p.cells = cells;
    p.bytes = bytes;
    p.pulse_time_s = rows * a.program.pulses_per_cell * a.program.pulse_time_s;
    p.link_time_s = bytes / a.chip.host_bandwidth_Bps;
    p.pulse_energy_J = cells * a.program.pulses_per_cell * a.program.pulse_energy_J;
    p.link_energy_J = bytes * a.chip.host_energy_J_per_B;
    p.time_s = p.pulse_time_s + p.link_time_s;
    p.energy_J = p.pulse_energy_J + p.link_energy_J;
    return p;
}
}  // namespace

ProgramCost program_cost(const CrossbarArch& a, double arrays, int w_bits) {
    const double bytes = arrays * a.array.rows * static_cast<double>(a.array.cols / cols_per_weight(a, w_bits)) * w_bits / 8.0;
    return program_rows_cells(a, arrays * a.array.rows, arrays * a.array.rows * a.array.cols, bytes);
}

ProgramCost program_layer_cost(const CrossbarArch& a, const LayerMapping& m) {
    // Rows: every column tile programs all k inputs' rows; cells: k x n weights x columns per weight.
    const double rows = static_cast<double>(m.k) * m.col_tiles * m.replicas;
    const double cells = static_cast<double>(m.k) * m.n * m.cols_per_weight * m.replicas;
    return program_rows_cells(a, rows, cells, static_cast<double>(m.k) * m.n * m.w_bits / 8.0);
}

ChipFit chip_fit(const CrossbarArch& a, double arrays_needed, int w_bits) {
    ChipFit f;
    f.arrays_needed = arrays_needed;
    f.arrays_available = a.total_arrays();
    f.fits = arrays_needed <= f.arrays_available;
    if (f.fits) {
        f.passes_to_wearout = std::numeric_limits<double>::infinity();
        return f;
    }
    // Layers stream through the chip in order, so a cyclic schedule evicts every layer before its
    // next use: all needed arrays are written once per pass, spread over the available arrays.
    f.arrays_reprogrammed_per_pass = arrays_needed;
    f.reprogram_per_pass = program_cost(a, arrays_needed, w_bits);
    f.passes_to_wearout = a.program.endurance_cycles * f.arrays_available / arrays_needed;
    return f;
}

}  // namespace edgetwin::rram
