#include "rram/functional_mvm.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace edgetwin::rram {
namespace {

std::uint64_t splitmix64(std::uint64_t z) {
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double adc_quantise(double i, double full_scale, int bits) {
    if (bits <= 0) return i;
    const double lsb = 2.0 * full_scale / std::ldexp(1.0, bits);  // signed range [-FS, FS]
    const double q = std::round(i / lsb) * lsb;
    return std::clamp(q, -full_scale, full_scale);
}

}  // namespace

std::uint64_t trial_seed(std::uint64_t seed, std::uint64_t trial) { return splitmix64(splitmix64(seed) ^ splitmix64(trial + 1)); }

ProgrammedCrossbar::ProgrammedCrossbar(const Eigen::MatrixXd& W, const FunctionalSpec& spec, const NonIdealities& ni,
                                       std::uint64_t seed)
    : spec_(spec), ni_(ni), W_(W), outputs_(static_cast<int>(W.rows())) {
    if (spec.bits_per_cell < 1 || spec.bits_per_cell > 4 || spec.weight_bits < 2 || spec.input_bits < 2)
        throw std::invalid_argument("ProgrammedCrossbar: bits_per_cell 1..4, weight_bits and input_bits >= 2");
    levels_ = 1 << spec.bits_per_cell;
    w_scale_ = std::max(W.cwiseAbs().maxCoeff(), 1e-300);
    if (ni.quantise) {
        slices_ = (spec.weight_bits - 1 + spec.bits_per_cell - 1) / spec.bits_per_cell;
        w_max_int_ = std::ldexp(1.0, spec.weight_bits - 1) - 1.0;
    }
    const int inputs = static_cast<int>(W.cols());
    const double span = spec.g_on_S - spec.g_off_S;
    G_.resize(inputs, static_cast<Eigen::Index>(outputs_) * slices_ * 2);
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    const double drift = ni.drift_nu > 0 ? std::pow(ni.t_s / ni.t0_s, -ni.drift_nu) : 1.0;
    for (int o = 0; o < outputs_; ++o) {
        for (int j = 0; j < inputs; ++j) {
            const double w = W(o, j);
            const double mag = std::abs(w) / w_scale_;
            // Magnitude as an integer code split into base-`levels` digits (one per slice).
            double code = ni.quantise ? std::round(mag * w_max_int_) : mag;
            for (int s = 0; s < slices_; ++s) {
                double digit;
                if (ni.quantise) {
                    digit = std::fmod(code, levels_);
                    code = std::floor(code / levels_);
                } else {
                    digit = code;  // continuous level in [0, 1]
                }
                const double g_digit = spec.g_off_S + digit / (ni.quantise ? levels_ - 1 : 1) * span;
                for (int pol = 0; pol < 2; ++pol) {
                    const bool carries = (pol == 0) == (w >= 0);
                    double g = carries ? g_digit : spec.g_off_S;
                    if (ni.prog_sigma > 0) g = std::max(0.0, g + ni.prog_sigma * span * normal(rng));
                    const double u = uni(rng);  // one draw per cell keeps streams aligned across settings
                    if (u < ni.p_stuck_on) g = spec.g_on_S;
                    else if (u < ni.p_stuck_on + ni.p_stuck_off) g = spec.g_off_S;
                    G_(j, (static_cast<Eigen::Index>(o) * slices_ + s) * 2 + pol) = g * drift;
                }
            }
        }
    }
    if (ni.ir == IrMode::Nodal && ni.wire_r_ohm > 0 && ni.read_sigma == 0)
        nodal_ = std::make_unique<NodalIrSolver>(G_, ni.wire_r_ohm);
}

Eigen::VectorXd ProgrammedCrossbar::mvm(const Eigen::VectorXd& x, std::mt19937_64& rng) const {
    Eigen::VectorXd y = Eigen::VectorXd::Zero(outputs_);
    const double x_scale = x.cwiseAbs().maxCoeff();
    if (x_scale == 0) return y;
    const double x_max_int = std::ldexp(1.0, spec_.input_bits - 1) - 1.0;
    Eigen::VectorXd v(x.size());
    for (Eigen::Index j = 0; j < x.size(); ++j) v(j) = std::round(x(j) / x_scale * x_max_int) / x_max_int * spec_.v_read_V;

    Eigen::VectorXd I;
    if (ni_.ir == IrMode::None || ni_.wire_r_ohm <= 0) {
        I = G_.transpose() * v;
        if (ni_.read_sigma > 0) {
            // Independent Gaussian noise G(1 + s n) on every cell sums, on a column without IR drop,
            // to one Gaussian of variance s^2 sum_j v_j^2 G_jc^2: the same distribution, one draw per column.
            std::normal_distribution<double> normal(0.0, 1.0);
            const Eigen::VectorXd sd = (G_.array().square().matrix().transpose() * v.array().square().matrix()).cwiseSqrt();
            for (Eigen::Index c = 0; c < I.size(); ++c) I(c) += ni_.read_sigma * sd(c) * normal(rng);
        }
    } else {
        // With IR drop the cell currents interact, so the noise is drawn per cell.
        const Eigen::MatrixXd* G = &G_;
        Eigen::MatrixXd noisy;
        if (ni_.read_sigma > 0) {
            std::normal_distribution<double> normal(0.0, ni_.read_sigma);
            noisy = G_;
            for (Eigen::Index k = 0; k < noisy.size(); ++k) noisy.data()[k] *= 1.0 + normal(rng);
            G = &noisy;
        }
        if (ni_.ir == IrMode::Approx) I = ir_drop_approx_currents(*G, ni_.wire_r_ohm, v);
        else if (nodal_) I = nodal_->currents(v);
        else I = NodalIrSolver(*G, ni_.wire_r_ohm).currents(v);
    }

    const double fs = static_cast<double>(G_.rows()) * spec_.v_read_V * spec_.g_on_S;  // largest column current
    const double base = ni_.quantise ? levels_ : 1.0;
    const double unit = spec_.v_read_V * (spec_.g_on_S - spec_.g_off_S) / (ni_.quantise ? levels_ - 1 : 1);
    for (int o = 0; o < outputs_; ++o) {
        double acc = 0, weight = 1;
        for (int s = 0; s < slices_; ++s, weight *= base) {
            const Eigen::Index c = (static_cast<Eigen::Index>(o) * slices_ + s) * 2;
            acc += weight * (adc_quantise(I(c), fs, spec_.adc_bits) - adc_quantise(I(c + 1), fs, spec_.adc_bits));
        }
        y(o) = acc / unit * w_scale_ / w_max_int_ * x_scale;
    }
    return y;
}

Eigen::VectorXd ProgrammedCrossbar::quantisation_bound(const Eigen::VectorXd& x) const {
    const double x_scale = x.cwiseAbs().maxCoeff();
    const double x_max_int = std::ldexp(1.0, spec_.input_bits - 1) - 1.0;
    const double dw = ni_.quantise ? 0.5 * w_scale_ / w_max_int_ : 0.0;  // half a weight code
    const double dx = 0.5 * x_scale / x_max_int;                         // half an input code
    Eigen::VectorXd b = (W_.cwiseAbs() * Eigen::VectorXd::Constant(x.size(), dx)).array() +
                        dw * (x.cwiseAbs().array() + dx).sum();
    if (spec_.adc_bits > 0) {
        // Half an ADC LSB on each of the 2 * slices columns, scaled by its shift-and-add weight.
        const double fs = static_cast<double>(G_.rows()) * spec_.v_read_V * spec_.g_on_S;
        const double lsb = 2.0 * fs / std::ldexp(1.0, spec_.adc_bits);
        const double base = ni_.quantise ? levels_ : 1.0;
        const double unit = spec_.v_read_V * (spec_.g_on_S - spec_.g_off_S) / (ni_.quantise ? levels_ - 1 : 1);
        double weights = 0, wgt = 1;
        for (int s = 0; s < slices_; ++s, wgt *= base) weights += wgt;
        b.array() += 2.0 * weights * 0.5 * lsb / unit * w_scale_ / w_max_int_ * x_scale;
    }
    return b;
}

double ProgrammedCrossbar::decode_scale() const {
    const double unit_g = (spec_.g_on_S - spec_.g_off_S) / (ni_.quantise ? levels_ - 1 : 1);
    return w_scale_ / w_max_int_ / unit_g;
}

Eigen::MatrixXd ProgrammedCrossbar::decode(const Eigen::MatrixXd& G) const {
    const Eigen::Index inputs = G.rows();
    Eigen::MatrixXd W(outputs_, inputs);
    const double base = ni_.quantise ? levels_ : 1.0, scale = decode_scale();
    for (int o = 0; o < outputs_; ++o) {
        for (Eigen::Index j = 0; j < inputs; ++j) {
            double acc = 0, weight = 1;
            for (int s = 0; s < slices_; ++s, weight *= base) {
                const Eigen::Index c = (static_cast<Eigen::Index>(o) * slices_ + s) * 2;
                acc += weight * (G(j, c) - G(j, c + 1));
            }
            W(o, j) = acc * scale;
        }
    }
    return W;
}

Eigen::MatrixXd ProgrammedCrossbar::effective_weights() const { return decode(G_); }

Eigen::MatrixXd ProgrammedCrossbar::read_weights(std::mt19937_64& rng) const {
    std::normal_distribution<double> normal(0.0, 1.0);
    Eigen::MatrixXd I(G_.rows(), G_.cols());
    const double fs = spec_.v_read_V * spec_.g_on_S;  // one cell at g_on: the ADC range of a single-row read
    for (Eigen::Index k = 0; k < G_.size(); ++k) {
        const double g = G_.data()[k] * (ni_.read_sigma > 0 ? 1.0 + ni_.read_sigma * normal(rng) : 1.0);
        I.data()[k] = adc_quantise(spec_.v_read_V * g, fs, spec_.adc_bits) / spec_.v_read_V;
    }
    return decode(I);
}

double ProgrammedCrossbar::write_bound() const { return ni_.quantise ? 0.5 * w_scale_ / w_max_int_ : 0.0; }

double ProgrammedCrossbar::read_bound() const {
    if (spec_.adc_bits <= 0) return write_bound();
    const double g_step = spec_.g_on_S / std::ldexp(1.0, spec_.adc_bits);  // half of 2 g_on / 2^bits
    const double base = ni_.quantise ? levels_ : 1.0;
    double weights = 0, wgt = 1;
    for (int s = 0; s < slices_; ++s, wgt *= base) weights += wgt;
    return write_bound() + 2.0 * weights * g_step * decode_scale();
}

MonteCarloResult monte_carlo_mvm(const Eigen::MatrixXd& W, const Eigen::MatrixXd& X, const FunctionalSpec& spec,
                                 const NonIdealities& ni, int trials, std::uint64_t seed) {
    std::vector<double> err(trials, 0.0), ref(trials, 0.0);
    const Eigen::MatrixXd Y = W * X;
#pragma omp parallel for schedule(static)
    for (int t = 0; t < trials; ++t) {
        const std::uint64_t s = trial_seed(seed, static_cast<std::uint64_t>(t));
        const ProgrammedCrossbar xb(W, spec, ni, s);
        std::mt19937_64 rng(splitmix64(s));
        for (Eigen::Index c = 0; c < X.cols(); ++c) {
            const Eigen::VectorXd y = xb.mvm(X.col(c), rng);
            err[t] += (y - Y.col(c)).squaredNorm();
            ref[t] += Y.col(c).squaredNorm();
        }
    }
    MonteCarloResult r;
    double e = 0, f = 0;
    for (int t = 0; t < trials; ++t) {
        r.rel_rmse.push_back(std::sqrt(err[t] / ref[t]));
        e += err[t];
        f += ref[t];
    }
    r.mean.rel_rmse = std::sqrt(e / f);
    r.mean.snr_db = e > 0 ? 10.0 * std::log10(f / e) : INFINITY;
    return r;
}

}  // namespace edgetwin::rram
