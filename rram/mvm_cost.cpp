#include "rram/mvm_cost.h"

#include <algorithm>
#include <cmath>

namespace edgetwin::rram {

ComponentEnergy& ComponentEnergy::operator+=(const ComponentEnergy& o) {
    dac_J += o.dac_J;
    array_J += o.array_J;
    adc_J += o.adc_J;
    shift_add_J += o.shift_add_J;
    buffer_J += o.buffer_J;
    digital_J += o.digital_J;
    movement_J += o.movement_J;
    program_J += o.program_J;
    return *this;
}

ComponentEnergy ComponentEnergy::scaled(double f) const {
    ComponentEnergy e = *this;
    e.dac_J *= f;
    e.array_J *= f;
    e.adc_J *= f;
    e.shift_add_J *= f;
    e.buffer_J *= f;
    e.digital_J *= f;
    e.movement_J *= f;
    e.program_J *= f;
    return e;
}

MvmCost array_mvm_cost(const CrossbarArch& a, int rows_active, int cols_active, int input_bits) {
    rows_active = std::clamp(rows_active, 1, a.array.rows);
    cols_active = std::clamp(cols_active, 1, a.array.cols);
    MvmCost c;
    c.evaluations = (input_bits + a.dac.bits - 1) / a.dac.bits;
    // Active columns spread over the array's ADCs; each ADC converts its columns one after another.
    const int adcs = a.adcs_per_array();
    const int conv_per_adc = (cols_active + adcs - 1) / adcs;
    const double t_eval = a.dac.time_s + a.array.settle_s, t_conv = conv_per_adc * a.adc.conv_time_s;
    // Without S&H each evaluation waits for its conversions; with S&H it is a two-stage pipeline.
    c.latency_s = a.adc.sample_hold ? t_eval + (c.evaluations - 1) * std::max(t_eval, t_conv) + t_conv
                                    : c.evaluations * (t_eval + t_conv);
    c.conversions = static_cast<double>(c.evaluations) * cols_active;

    // Cell read energy V^2 G t: expected value for input slices whose levels are uniform over
    // [0, V] (mean V^2 fraction 1/3 for multi-bit DACs, 1/2 for 1-bit) and conductances uniform over
    // [g_off, g_on]. Written out so the derivation is visible, not a fitted constant.
    const double v2_fraction = a.dac.bits == 1 ? 0.5 : 1.0 / 3.0;
    const double g_mean = 0.5 * (a.array.g_on_S + a.array.g_off_S);
    const double cell_J = a.array.v_read_V * a.array.v_read_V * v2_fraction * g_mean * a.array.settle_s;

    c.energy.dac_J = c.evaluations * static_cast<double>(rows_active) * a.dac.energy_J;
    c.energy.array_J = c.evaluations * static_cast<double>(rows_active) * cols_active * cell_J;
    c.energy.adc_J = c.conversions * a.adc.energy_J;
    c.energy.shift_add_J = c.conversions * a.digital.shift_add_energy_J;
    // Inputs read once from the input buffer (bits packed), 32-bit partial sums written per column.
    const double bytes = rows_active * input_bits / 8.0 + cols_active * 4.0;
    c.energy.buffer_J = bytes * a.digital.buffer_energy_J_per_B;
    return c;
}

int cols_per_weight(const CrossbarArch& a, int w_bits) {
    const int bpc = a.array.bits_per_cell;
    if (a.chip.sign == SignEncoding::Differential) {
        const int magnitude = std::max(1, w_bits - 1);  // sign carried by the pair
        return 2 * ((magnitude + bpc - 1) / bpc);
    }
    return (w_bits + bpc - 1) / bpc;  // offset-binary: all bits stored, offset removed digitally
}

double macs_per_array_mvm(const CrossbarArch& a, int w_bits) {
    const int outputs = a.array.cols / cols_per_weight(a, w_bits);
    return static_cast<double>(a.array.rows) * outputs;
}

double ops_per_joule(const CrossbarArch& a, int input_bits, int w_bits) {
    const int used_cols = (a.array.cols / cols_per_weight(a, w_bits)) * cols_per_weight(a, w_bits);
    const MvmCost c = array_mvm_cost(a, a.array.rows, used_cols, input_bits);
    return 2.0 * macs_per_array_mvm(a, w_bits) / c.energy.total();
}

}  // namespace edgetwin::rram
