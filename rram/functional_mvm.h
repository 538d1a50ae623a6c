#pragma once
// Functional (numerical) crossbar MVM with device non-idealities, in Eigen. A weight matrix W
// (outputs x inputs) is bit-sliced over columns, signs on G+/G- column pairs, each slice digit a
// conductance level; inputs drive the wordlines as voltages; column currents are optionally
// IR-drop degraded and ADC-quantised, then shift-and-added back to numbers.
//
// Non-idealities (each off at its zero value):
//   quantisation  conductance levels from bits_per_cell (continuous when quantise = false)
//   prog_sigma    programming variation, std dev / (g_on - g_off), drawn once when programmed
//   read_sigma    read noise, std dev / G, drawn on every read (without IR drop the per-cell
//                 Gaussians are summed per column exactly in distribution: one draw per column)
//   p_stuck_on/off  stuck-at-g_on / g_off fault probability per cell
//   wire_r_ohm + ir  IR drop (nodal exact or the tridiagonal approximation, rram/ir_drop.h)
//   drift_nu      G(t) = G0 (t / t0)^-nu, at read time t_s after programming (t0_s reference)
#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <random>

#include "rram/ir_drop.h"

namespace edgetwin::rram {

enum class IrMode { None, Nodal, Approx };

struct FunctionalSpec {
    int bits_per_cell = 2;
    int weight_bits = 8;   // signed; magnitude bits = weight_bits - 1 over ceil(./bits_per_cell) slices
    int input_bits = 8;    // signed inputs
    int adc_bits = 0;      // 0 = ideal readout
    double g_on_S = 40e-6, g_off_S = 1e-6, v_read_V = 0.2;
};

struct NonIdealities {
    bool quantise = true;
    double prog_sigma = 0, read_sigma = 0;
    double p_stuck_on = 0, p_stuck_off = 0;
    double wire_r_ohm = 0;
    IrMode ir = IrMode::None;
    double drift_nu = 0, t_s = 1, t0_s = 1;
};

// Counter-based seeding so trial t gets the same stream whatever thread runs it.
std::uint64_t trial_seed(std::uint64_t seed, std::uint64_t trial);

class ProgrammedCrossbar {
public:
    ProgrammedCrossbar(const Eigen::MatrixXd& W, const FunctionalSpec& spec, const NonIdealities& ni, std::uint64_t seed);
    // y ~ W x as the hardware computes it; read noise drawn from rng.
    Eigen::VectorXd mvm(const Eigen::VectorXd& x, std::mt19937_64& rng) const;
    const Eigen::MatrixXd& conductances() const { return G_; }  // inputs x physical columns
    int slices() const { return slices_; }
    // Worst-case |y_i - (W x)_i| from weight, input and ADC quantisation alone (non-idealities off).
    Eigen::VectorXd quantisation_bound(const Eigen::VectorXd& x) const;
    // The weights the programmed conductances stand for (noise-free read, exact decoding): what
    // write-verify left in the array, drift included.
    Eigen::MatrixXd effective_weights() const;
    // Reads the array back cell by cell (one wordline at a time, as the verify step does): read
    // noise per cell, then the column ADC set to a single cell's current range, then decoding.
    Eigen::MatrixXd read_weights(std::mt19937_64& rng) const;
    // Worst-case |w_read - w| per weight from quantisation alone: half a weight code, and for
    // read_weights() also half an ADC step on each of the 2 x slices cells of a weight.
    double write_bound() const;
    double read_bound() const;
    const FunctionalSpec& spec() const { return spec_; }

private:
    double decode_scale() const;  // weight per unit of (G+ - G-) on the least significant slice
    Eigen::MatrixXd decode(const Eigen::MatrixXd& G) const;

    FunctionalSpec spec_;
    NonIdealities ni_;
    Eigen::MatrixXd W_;
    int outputs_ = 0, slices_ = 1, levels_ = 2;
    double w_scale_ = 1, w_max_int_ = 1;
    Eigen::MatrixXd G_;  // column (o, s, pol) at index (o * slices + s) * 2 + pol
    std::unique_ptr<NodalIrSolver> nodal_;
};

// Error metrics of y against y_ref over many outputs.
struct MvmError {
    double rel_rmse = 0;  // ||y - y_ref|| / ||y_ref||
    double snr_db = 0;    // 20 log10(||y_ref|| / ||y - y_ref||)
};

// Monte-Carlo over `trials` independent programmings of W (OpenMP over trials), each evaluated on
// every column of X. Trial t uses trial_seed(seed, t), and per-trial sums are reduced in trial
// order, so results are identical for any thread count.
struct MonteCarloResult {
    MvmError mean;                  // from the summed squared errors of all trials
    std::vector<double> rel_rmse;   // per trial
};
MonteCarloResult monte_carlo_mvm(const Eigen::MatrixXd& W, const Eigen::MatrixXd& X, const FunctionalSpec& spec,
                                 const NonIdealities& ni, int trials, std::uint64_t seed);

}  // namespace edgetwin::rram
