#pragma once
// HP-INV: high-precision solution of A x = b with analog crossbars (Zhong Sun group, measurements
// R19/R20). A low-precision analog inverter (LP-INV: A programmed with `bits`-bit conductances and
// programming noise, solved in one closed-loop op-amp settle) gives a rough correction; the exact
// residual r = b - A x comes from a bit-sliced high-precision MVM (HP-MVM: A in `hp_slices` x
// `bits`-bit slices, x bit-serial at `hp_input_bits`; integer column sums are exact when the ADC
// resolves log2(n (2^bits - 1)) bits). Iterative refinement x += LP-INV(r) converges whenever
// ||I - A_lp^-1 A|| < 1. Matrices larger than one LP-INV array are split by BlockAMC (Schur
// complement: two INV(A11), one INV(S), two MVMs per solve, recursively).
#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "rram/mvm_cost.h"

namespace edgetwin::rram {

struct HpInvOptions {
    int array_size = 8;        // LP-INV array (R19: 8x8)
    double prog_sigma = 0.0;   // LP-INV programming variation, std dev / full conductance range
    double read_sigma = 0.0;   // LP-INV output noise, std dev / max |output|
    int io_bits = 8;           // DAC/ADC resolution of LP-INV inputs and outputs
    int hp_slices = 8;         // HP-MVM weight slices (8 x 3 bits = 24-bit A)
    int hp_input_bits = 24;    // HP-MVM bit-serial input precision
    double tolerance = 1e-6;   // stop when ||b - A x|| / ||b|| <= tolerance
    double inv_settle_s = 0;   // LP-INV closed-loop settling time (0: use the array settle x 10)
    double opamp_power_W = 0;  // per op-amp while settling
    std::uint64_t seed = 1;
};

struct HpInvResult {
    Eigen::VectorXd x;
    int iterations = 0;
    bool converged = false;
    std::vector<double> residuals;  // relative residual ||b - A x_k|| / ||b|| after iteration k
    int lp_inv_ops = 0, lp_mvm_ops = 0, hp_mvm_ops = 0;
    double time_s = 0, energy_J = 0;
    ComponentEnergy energy;  // by component; op-amp settling counts as array energy
};

// `arch` provides conductance range, converter and array costs (e.g. data/rram/pku-hpinv-40nm.json).
HpInvResult hp_inv(const Eigen::MatrixXd& G, const Eigen::VectorXd& b, int max_iter, int bits,
                   const CrossbarArch& arch, const HpInvOptions& opt = {});

}  // namespace edgetwin::rram
