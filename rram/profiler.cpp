#include "rram/profiler.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "rram/hp_inv.h"

namespace edgetwin::rram {

// The written matrix, its mapping and one programmed crossbar per array tile.
struct CrossbarProfiler::Programmed {
    Eigen::MatrixXd W;
    LayerMapping map;
    int weights_per_array = 1;
    std::vector<ProgrammedCrossbar> tiles;  // row tile r, column tile c at r * col_tiles + c
    int rows = 0;                           // array rows (inputs per row tile)

    int in_begin(int r) const { return r * rows; }
    int in_count(int r) const { return std::min<int>(rows, static_cast<int>(W.cols()) - r * rows); }
    int out_begin(int c) const { return c * weights_per_array; }
    int out_count(int c) const { return std::min<int>(weights_per_array, static_cast<int>(W.rows()) - c * weights_per_array); }
    const ProgrammedCrossbar& tile(int r, int c) const { return tiles[static_cast<std::size_t>(r) * map.col_tiles + c]; }
};

namespace {

void check_finite(const Eigen::MatrixXd& m, const char* what) {
    if (m.size() == 0) throw std::invalid_argument(std::string(what) + " is empty");
    if (!m.allFinite()) throw std::invalid_argument(std::string(what) + " has a non-finite entry");
}

// Error metrics of `got` against `exact`; `bound` (same shape, or empty) for the bound ratio.
void set_accuracy(ProfileRecord& r, const Eigen::MatrixXd& got, const Eigen::MatrixXd& exact, const Eigen::MatrixXd& bound) {
    const Eigen::MatrixXd err = got - exact;
    const double e = err.norm(), ref = exact.norm();
    r.rel_error = ref > 0 ? e / ref : e;
    r.max_abs_error = err.cwiseAbs().maxCoeff();
    r.snr_db = e > 0 ? 20.0 * std::log10(ref / e) : INFINITY;
    if (bound.size() == 0) return;
    double ratio = 0;
    for (Eigen::Index k = 0; k < err.size(); ++k) {
        const double a = std::abs(err.data()[k]), b = bound.data()[k];
        ratio = std::max(ratio, b > 0 ? a / b : (a > 0 ? INFINITY : 0.0));
    }
    r.bound_ratio = ratio;
}

}  // namespace

CrossbarProfiler::CrossbarProfiler(CrossbarArch arch, ProfilerSettings settings)
    : arch_(std::move(arch)), settings_(settings) {
    if (settings_.ni.ir != IrMode::None && settings_.ni.wire_r_ohm <= 0) settings_.ni.wire_r_ohm = arch_.array.wire_r_ohm;
}

CrossbarProfiler::~CrossbarProfiler() = default;

FunctionalSpec CrossbarProfiler::functional_spec() const {
    FunctionalSpec s;
    s.bits_per_cell = arch_.array.bits_per_cell;
    s.weight_bits = settings_.weight_bits;
    s.input_bits = settings_.input_bits;
    s.adc_bits = settings_.ideal_adc ? 0 : arch_.adc.bits;
    s.g_on_S = arch_.array.g_on_S;
    s.g_off_S = arch_.array.g_off_S;
    s.v_read_V = arch_.array.v_read_V;
    return s;
}

ProfileRecord& CrossbarProfiler::begin(const std::string& op, const std::string& label) {
    ProfileRecord r;
    r.index = static_cast<int>(records_.size());
    r.op = op;
    r.label = label;
    records_.push_back(std::move(r));
    return records_.back();
}

void CrossbarProfiler::add_link(ProfileRecord& r) const {
    const double bytes = r.bytes_in + r.bytes_out;
    r.link_time_s += bytes / arch_.chip.host_bandwidth_Bps;
    r.time_s += bytes / arch_.chip.host_bandwidth_Bps;
    r.energy.movement_J += bytes * arch_.chip.host_energy_J_per_B;
}

const CrossbarProfiler::Programmed& CrossbarProfiler::programmed(const char* op) const {
    if (!prog_) throw std::invalid_argument(std::string(op) + " needs a matrix: run write_matrix first");
    return *prog_;
}

const ProfileRecord& CrossbarProfiler::write_matrix(const Eigen::MatrixXd& W, const std::string& label) {
    check_finite(W, "matrix");
    auto p = std::make_unique<Programmed>();
    p->W = W;
    p->map = map_linear(arch_, W.cols(), W.rows(), settings_.weight_bits);
    p->weights_per_array = std::max(1, arch_.array.cols / p->map.cols_per_weight);
    p->rows = arch_.array.rows;
    const FunctionalSpec spec = functional_spec();
    p->tiles.reserve(static_cast<std::size_t>(p->map.row_tiles) * p->map.col_tiles);
    const std::uint64_t write_seed = trial_seed(settings_.seed, records_.size());
    Eigen::MatrixXd eff(W.rows(), W.cols()), bound(W.rows(), W.cols());
    for (int r = 0; r < p->map.row_tiles; ++r) {
        for (int c = 0; c < p->map.col_tiles; ++c) {
            const auto block = W.block(p->out_begin(c), p->in_begin(r), p->out_count(c), p->in_count(r));
            p->tiles.emplace_back(block, spec, settings_.ni, trial_seed(write_seed, p->tiles.size()));
            const ProgrammedCrossbar& t = p->tiles.back();
            eff.block(p->out_begin(c), p->in_begin(r), p->out_count(c), p->in_count(r)) = t.effective_weights();
            bound.block(p->out_begin(c), p->in_begin(r), p->out_count(c), p->in_count(r)).setConstant(t.write_bound());
        }
    }
    prog_ = std::move(p);

    ProfileRecord& rec = begin("write_matrix", label);
    rec.rows = static_cast<int>(W.rows());
    rec.cols = static_cast<int>(W.cols());
    rec.arrays = prog_->map.arrays();
    const ProgramCost pc = program_layer_cost(arch_, prog_->map);
    rec.time_s = pc.time_s;  // pulses + the weight image over the host link
    rec.link_time_s = pc.link_time_s;
    rec.energy.program_J = pc.pulse_energy_J;
    rec.energy.movement_J = pc.link_energy_J;
    rec.bytes_in = pc.bytes;
    set_accuracy(rec, eff, W, bound);
    return rec;
}

const ProfileRecord& CrossbarProfiler::read_matrix(Eigen::MatrixXd* out) {
    const Programmed& p = programmed("read_matrix");
    std::mt19937_64 rng(trial_seed(settings_.seed ^ 0x7265616400000000ULL, reads_++));
    Eigen::MatrixXd got(p.W.rows(), p.W.cols()), bound(p.W.rows(), p.W.cols());
    ProfileRecord rec;
    for (int r = 0; r < p.map.row_tiles; ++r) {
        for (int c = 0; c < p.map.col_tiles; ++c) {
            const ProgrammedCrossbar& t = p.tile(r, c);
            got.block(p.out_begin(c), p.in_begin(r), p.out_count(c), p.in_count(r)) = t.read_weights(rng);
            bound.block(p.out_begin(c), p.in_begin(r), p.out_count(c), p.in_count(r)).setConstant(t.read_bound());
            // One wordline at a time, every used column converted; arrays read concurrently.
            const MvmCost row = array_mvm_cost(arch_, 1, p.out_count(c) * p.map.cols_per_weight, 1);
            rec.time_s = std::max(rec.time_s, p.in_count(r) * row.latency_s);
            rec.energy += row.energy.scaled(p.in_count(r));
        }
    }
    rec.op = "read_matrix";
    rec.rows = static_cast<int>(p.W.rows());
    rec.cols = static_cast<int>(p.W.cols());
    rec.arrays = p.map.arrays();
    rec.bytes_out = static_cast<double>(p.W.size()) * settings_.weight_bits / 8.0;
    add_link(rec);
    set_accuracy(rec, got, p.W, bound);
    ProfileRecord& stored = begin("read_matrix", "");
    rec.index = stored.index;
    stored = std::move(rec);
    if (out) *out = got;
    return stored;
}

const ProfileRecord& CrossbarProfiler::mvm(const Eigen::MatrixXd& X, const std::string& label, Eigen::MatrixXd* out) {
    const Programmed& p = programmed("mvm");
    check_finite(X, "input vectors");
    if (X.rows() != p.W.cols())
        throw std::invalid_argument("input vectors have " + std::to_string(X.rows()) + " rows, the matrix has " +
                                    std::to_string(p.W.cols()) + " columns");
    std::mt19937_64 rng(trial_seed(settings_.seed ^ 0x6d766d0000000000ULL, reads_++));
    Eigen::MatrixXd Y = Eigen::MatrixXd::Zero(p.W.rows(), X.cols()), bound = Eigen::MatrixXd::Zero(p.W.rows(), X.cols());
    for (Eigen::Index v = 0; v < X.cols(); ++v) {
        for (int r = 0; r < p.map.row_tiles; ++r) {
            const Eigen::VectorXd xs = X.col(v).segment(p.in_begin(r), p.in_count(r));
            for (int c = 0; c < p.map.col_tiles; ++c) {
                const ProgrammedCrossbar& t = p.tile(r, c);
                Y.col(v).segment(p.out_begin(c), p.out_count(c)) += t.mvm(xs, rng);
                bound.col(v).segment(p.out_begin(c), p.out_count(c)) += t.quantisation_bound(xs);
            }
        }
    }
    ProfileRecord& rec = begin("mvm", label);
    rec.rows = static_cast<int>(p.W.rows());
    rec.cols = static_cast<int>(p.W.cols());
    rec.vectors = static_cast<int>(X.cols());
    rec.arrays = p.map.arrays();
    // Vectors pass the mapped layer one after another (all its arrays evaluate each one concurrently).
    const LayerCost lc = layer_mvm_cost(arch_, p.map, settings_.input_bits);
    rec.time_s = X.cols() * lc.latency_s;
    rec.energy = lc.energy.scaled(static_cast<double>(X.cols()));
    rec.bytes_in = static_cast<double>(X.size()) * settings_.input_bits / 8.0;
    rec.bytes_out = static_cast<double>(Y.size()) * 4.0;  // 32-bit shift-and-add results
    add_link(rec);
    set_accuracy(rec, Y, p.W * X, bound);
    if (out) *out = Y;
    return rec;
}

const ProfileRecord& CrossbarProfiler::hp_inv(const Eigen::VectorXd& b, const HpInvRequest& req, const std::string& label,
                                              Eigen::VectorXd* out) {
    const Programmed& p = programmed("hp_inv");
    if (p.W.rows() != p.W.cols())
        throw std::invalid_argument("hp_inv needs a square matrix, the written one is " + std::to_string(p.W.rows()) + "x" +
                                    std::to_string(p.W.cols()));
    check_finite(b, "right-hand side");
    // A singular system has no unique solution: HP-INV and the fp64 reference would both return NaN.
    const Eigen::FullPivLU<Eigen::MatrixXd> lu(p.W);
    if (!lu.isInvertible())
        throw std::invalid_argument("the written matrix is singular (rank " + std::to_string(lu.rank()) + " of " +
                                    std::to_string(p.W.rows()) + "): A x = b has no unique solution");
    if (b.size() != p.W.rows())
        throw std::invalid_argument("right-hand side has " + std::to_string(b.size()) + " entries, the matrix has " +
                                    std::to_string(p.W.rows()) + " rows");
    HpInvOptions opt;
    opt.array_size = req.lp_array;
    opt.tolerance = req.tolerance;
    opt.prog_sigma = settings_.ni.prog_sigma;
    opt.read_sigma = settings_.ni.read_sigma;
    opt.seed = trial_seed(settings_.seed, records_.size());
    const HpInvResult res = rram::hp_inv(p.W, b, req.max_iter, arch_.array.bits_per_cell, arch_, opt);
    const Eigen::VectorXd exact = p.W.partialPivLu().solve(b);

    ProfileRecord& rec = begin("hp_inv", label);
    rec.rows = rec.cols = static_cast<int>(p.W.rows());
    rec.vectors = 1;
    rec.arrays = p.map.arrays();
    rec.time_s = res.time_s;
    rec.energy = res.energy;
    rec.bytes_in = rec.bytes_out = static_cast<double>(b.size()) * opt.hp_input_bits / 8.0;  // fixed-point b in, x out
    add_link(rec);
    set_accuracy(rec, res.x, exact, Eigen::MatrixXd());
    rec.iterations = res.iterations;
    rec.residuals = res.residuals;
    rec.residual = res.residuals.empty() ? ProfileRecord::kNaN : res.residuals.back();
    if (out) *out = res.x;
    return rec;
}

}  // namespace edgetwin::rram
