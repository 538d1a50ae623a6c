#include "rram/hp_inv.h"

#include <cmath>
#include <memory>
#include <random>
#include <stdexcept>

#include "rram/functional_mvm.h"
#include "rram/mvm_cost.h"

namespace edgetwin::rram {
namespace {

// Symmetric uniform quantiser with 2^bits - 1 magnitude levels on each of G+/G- (differential
// pair), plus programming noise relative to the full range.
Eigen::MatrixXd program_matrix(const Eigen::MatrixXd& A, int bits, double sigma, std::mt19937_64& rng) {
    const double scale = std::max(A.cwiseAbs().maxCoeff(), 1e-300);
    const double levels = std::ldexp(1.0, bits) - 1.0;
    std::normal_distribution<double> n(0.0, 1.0);
    Eigen::MatrixXd Q(A.rows(), A.cols());
    for (Eigen::Index k = 0; k < A.size(); ++k) {
        double q = std::round(A.data()[k] / scale * levels) / levels;
        if (sigma > 0) q += sigma * n(rng);
        Q.data()[k] = q * scale;
    }
    return Q;
}

Eigen::VectorXd quantise_vector(const Eigen::VectorXd& v, int bits) {
    const double s = v.cwiseAbs().maxCoeff();
    if (s == 0) return v;
    const double m = std::ldexp(1.0, bits - 1) - 1.0;
    return (v / s * m).array().round() / m * s;
}

struct Costs {
    const CrossbarArch& a;
    const HpInvOptions& o;
    HpInvResult& r;
    std::mt19937_64& rng;

    double settle() const { return o.inv_settle_s > 0 ? o.inv_settle_s : 10.0 * a.array.settle_s; }
    // One analog inversion of an n x n block: DAC in, op-amps settle, ADC out.
    void inv(int n) {
        // Energy of driving and reading the block as one MVM; time is one closed-loop settle (not
        // one per input bit: the inverter takes the multi-bit input in one shot) plus conversions.
        const MvmCost c = array_mvm_cost(a, n, 2 * n, o.io_bits);
        const int adcs = a.adcs_per_array();
        r.time_s += a.dac.time_s + settle() + ((n + adcs - 1) / adcs) * a.adc.conv_time_s;
        r.energy += c.energy;
        r.energy.array_J += n * o.opamp_power_W * settle();
        r.lp_inv_ops += 1;
    }
    void mvm(int rows, int cols) {
        const MvmCost c = array_mvm_cost(a, rows, 2 * cols, o.io_bits);
        r.time_s += c.latency_s;
        r.energy += c.energy;
        r.lp_mvm_ops += 1;
    }
};

// LP-INV tree: a leaf is one programmed array; an inner node is a BlockAMC 2x2 partition.
struct LpNode {
    int n = 0;
    Eigen::MatrixXd Aq;  // leaf: programmed block
    Eigen::PartialPivLU<Eigen::MatrixXd> lu;
    std::unique_ptr<LpNode> a11, s;
    Eigen::MatrixXd a12q, a21q;

    LpNode(const Eigen::MatrixXd& A, int bits, int array, double sigma, std::mt19937_64& rng) : n(static_cast<int>(A.rows())) {
        if (n <= array) {
            Aq = program_matrix(A, bits, sigma, rng);
            lu.compute(Aq);
            return;
        }
        const int h = n / 2;
        a11 = std::make_unique<LpNode>(A.topLeftCorner(h, h), bits, array, sigma, rng);
        a12q = program_matrix(A.topRightCorner(h, n - h), bits, sigma, rng);
        a21q = program_matrix(A.bottomLeftCorner(n - h, h), bits, sigma, rng);
        // The Schur complement is formed digitally from the programmed blocks and programmed itself.
        const Eigen::MatrixXd S = A.bottomRightCorner(n - h, n - h) - a21q * a11->apply_exact(a12q);
        s = std::make_unique<LpNode>(S, bits, array, sigma, rng);
    }

    // The programmed blocks' exact inverse action (used to form Schur complements).
    Eigen::MatrixXd apply_exact(const Eigen::MatrixXd& R) const {
        if (a11 == nullptr) return lu.solve(R);
        Eigen::MatrixXd out(n, R.cols());
        for (Eigen::Index c = 0; c < R.cols(); ++c) out.col(c) = solve_ideal(R.col(c));
        return out;
    }
    Eigen::VectorXd solve_ideal(const Eigen::VectorXd& r) const {
        if (a11 == nullptr) return lu.solve(r);
        const int h = a11->n;
        const Eigen::VectorXd y1 = a11->solve_ideal(r.head(h));
        const Eigen::VectorXd z = s->solve_ideal(r.tail(n - h) - a21q * y1);
        Eigen::VectorXd x(n);
        x.head(h) = a11->solve_ideal(r.head(h) - a12q * z);
        x.tail(n - h) = z;
        return x;
    }

    // What the analog circuit returns: each block solve and MVM passes DAC/ADC quantisation and noise.
    Eigen::VectorXd solve(const Eigen::VectorXd& r, Costs& c) const {
        if (a11 == nullptr) {
            Eigen::VectorXd x = lu.solve(quantise_vector(r, c.o.io_bits));
            if (c.o.read_sigma > 0) {
                std::normal_distribution<double> nd(0.0, c.o.read_sigma * x.cwiseAbs().maxCoeff());
                for (Eigen::Index i = 0; i < x.size(); ++i) x(i) += nd(c.rng);
            }
            c.inv(n);
            return quantise_vector(x, c.o.io_bits);
        }
        const int h = a11->n;
        const Eigen::VectorXd y1 = a11->solve(r.head(h), c);
        c.mvm(n - h, h);
        const Eigen::VectorXd t = quantise_vector(a21q * quantise_vector(y1, c.o.io_bits), c.o.io_bits);
        const Eigen::VectorXd z = s->solve(r.tail(n - h) - t, c);
        c.mvm(h, n - h);
        const Eigen::VectorXd w = quantise_vector(a12q * quantise_vector(z, c.o.io_bits), c.o.io_bits);
        Eigen::VectorXd x(n);
        x.head(h) = a11->solve(r.head(h) - w, c);
        x.tail(n - h) = z;
        return x;
    }
};

}  // namespace

HpInvResult hp_inv(const Eigen::MatrixXd& G, const Eigen::VectorXd& b, int max_iter, int bits, const CrossbarArch& arch,
                   const HpInvOptions& opt) {
    if (G.rows() != G.cols() || G.rows() != b.size()) throw std::invalid_argument("hp_inv: G must be square and match b");
    if (bits < 1 || bits > 4) throw std::invalid_argument("hp_inv: bits per cell 1..4");
    HpInvResult res;
    std::mt19937_64 rng(trial_seed(opt.seed, 0));
    const LpNode lp(G, bits, opt.array_size, opt.prog_sigma, rng);
    Costs costs{arch, opt, res, rng};

    // HP-MVM: A held to hp_slices * bits magnitude bits; x fed at hp_input_bits (fixed point).
    const double a_scale = G.cwiseAbs().maxCoeff();
    const double a_levels = std::ldexp(1.0, opt.hp_slices * bits) - 1.0;
    const Eigen::MatrixXd A_hp = (G / a_scale * a_levels).array().round() / a_levels * a_scale;
    const int n = static_cast<int>(G.rows());
    const int arrays_r = (n + arch.array.rows - 1) / arch.array.rows;
    const int arrays_c = (2 * n * opt.hp_slices + arch.array.cols - 1) / arch.array.cols;

    const double b_norm = b.norm();
    res.x = Eigen::VectorXd::Zero(n);
    for (int it = 0; it < max_iter; ++it) {
        const Eigen::VectorXd r = b - A_hp * quantise_vector(res.x, opt.hp_input_bits);
        const MvmCost hp = array_mvm_cost(arch, std::min(n, arch.array.rows), std::min(2 * n * opt.hp_slices, arch.array.cols),
                                          opt.hp_input_bits);
        res.time_s += hp.latency_s;  // all slice arrays evaluate concurrently
        res.energy += hp.energy.scaled(static_cast<double>(arrays_r) * arrays_c);
        res.hp_mvm_ops += 1;
        const double r_scale = r.cwiseAbs().maxCoeff();
        if (r_scale == 0) break;
        // Normalise the residual to the converters' full range, then scale the correction back.
        res.x += lp.solve(r / r_scale, costs) * r_scale;
        res.iterations = it + 1;
        res.residuals.push_back((b - G * res.x).norm() / b_norm);
        if (!std::isfinite(res.residuals.back())) break;  // a singular programmed block: diverged
        if (res.residuals.back() <= opt.tolerance) {
            res.converged = true;
            break;
        }
    }
    res.energy_J = res.energy.total();
    return res;
}

}  // namespace edgetwin::rram
