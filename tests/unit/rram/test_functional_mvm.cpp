// Functional crossbar MVM: contract with Eigen matmul, monotonic non-idealities, determinism.
#include <catch2/catch.hpp>
#include <omp.h>

#include "rram/functional_mvm.h"

using namespace edgetwin::rram;

namespace {

Eigen::MatrixXd random_matrix(int r, int c, unsigned seed) {
    std::mt19937_64 g(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    Eigen::MatrixXd m(r, c);
    for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = u(g);
    return m;
}

double mc_error(const NonIdealities& ni, const FunctionalSpec& spec = {}) {
    const Eigen::MatrixXd W = random_matrix(16, 32, 1), X = random_matrix(32, 8, 2);
    return monte_carlo_mvm(W, X, spec, ni, 8, 42).mean.rel_rmse;
}

}  // namespace

TEST_CASE("crossbar MVM with non-idealities off equals Eigen matmul within its quantisation bound", "[rram]") {
    const Eigen::MatrixXd W = random_matrix(16, 32, 3);
    for (int bpc : {1, 2, 3, 4}) {
        for (int adc : {0, 12}) {
            FunctionalSpec spec;
            spec.bits_per_cell = bpc;
            spec.adc_bits = adc;
            const ProgrammedCrossbar xb(W, spec, NonIdealities{}, 7);
            std::mt19937_64 rng(1);
            for (int t = 0; t < 5; ++t) {
                const Eigen::VectorXd x = random_matrix(32, 1, 100 + t).col(0);
                const Eigen::VectorXd y = xb.mvm(x, rng), ref = W * x;
                const Eigen::VectorXd bound = xb.quantisation_bound(x);
                for (Eigen::Index i = 0; i < y.size(); ++i) CHECK(std::abs(y(i) - ref(i)) <= bound(i) * (1 + 1e-9));
                CHECK((y - ref).norm() / ref.norm() < (adc ? 0.02 : 0.01));  // 8-b weights and inputs
            }
        }
    }
    // Bound is tight enough to mean something: a 2x coarser weight grid breaks it for some output.
    FunctionalSpec spec;
    const ProgrammedCrossbar fine(W, spec, NonIdealities{}, 7);
    spec.weight_bits = 4;
    const ProgrammedCrossbar coarse(W, spec, NonIdealities{}, 7);
    std::mt19937_64 rng(1);
    const Eigen::VectorXd x = random_matrix(32, 1, 5).col(0);
    CHECK(((coarse.mvm(x, rng) - W * x).cwiseAbs().array() > fine.quantisation_bound(x).array()).any());
}

TEST_CASE("each non-ideality alone increases MVM error monotonically with its strength", "[rram]") {
    NonIdealities base;
    base.quantise = false;  // isolate each effect from conductance quantisation
    const double floor = mc_error(base);
    auto sweep = [&](auto set, std::vector<double> strengths) {
        double prev = floor;
        for (double s : strengths) {
            NonIdealities ni = base;
            set(ni, s);
            const double e = mc_error(ni);
            INFO("strength " << s << " error " << e << " previous " << prev);
            CHECK(e > prev);
            prev = e;
        }
    };
    SECTION("programming variation") { sweep([](NonIdealities& n, double s) { n.prog_sigma = s; }, {0.005, 0.02, 0.05}); }
    SECTION("read noise") { sweep([](NonIdealities& n, double s) { n.read_sigma = s; }, {0.005, 0.02, 0.05}); }
    SECTION("stuck-at-on") { sweep([](NonIdealities& n, double s) { n.p_stuck_on = s; }, {0.002, 0.01, 0.05}); }
    SECTION("stuck-at-off") { sweep([](NonIdealities& n, double s) { n.p_stuck_off = s; }, {0.01, 0.05, 0.2}); }
    SECTION("IR drop (nodal)") {
        sweep([](NonIdealities& n, double s) { n.wire_r_ohm = s; n.ir = IrMode::Nodal; }, {0.5, 2, 8});
    }
    SECTION("drift") { sweep([](NonIdealities& n, double s) { n.drift_nu = s; n.t_s = 1e4; }, {0.005, 0.02, 0.05}); }
    SECTION("conductance quantisation (fewer bits per cell, one slice)") {
        double prev = floor;
        for (int bits : {4, 3, 2, 1}) {
            FunctionalSpec spec;
            spec.bits_per_cell = bits;
            spec.weight_bits = bits + 1;  // one slice: the cell's levels are the weight's levels
            const double e = mc_error(NonIdealities{}, spec);
            INFO("bits " << bits << " error " << e);
            CHECK(e > prev);
            prev = e;
        }
    }
}

TEST_CASE("Monte-Carlo MVM gives identical results with 1 and 2 OpenMP threads", "[rram]") {
    NonIdealities ni;
    ni.prog_sigma = 0.02;
    ni.read_sigma = 0.01;
    ni.p_stuck_off = 0.01;
    ni.drift_nu = 0.01;
    ni.t_s = 100;
    const Eigen::MatrixXd W = random_matrix(16, 32, 1), X = random_matrix(32, 4, 2);
    const int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    const MonteCarloResult one = monte_carlo_mvm(W, X, FunctionalSpec{}, ni, 16, 99);
    omp_set_num_threads(2);
    const MonteCarloResult two = monte_carlo_mvm(W, X, FunctionalSpec{}, ni, 16, 99);
    omp_set_num_threads(saved);
    CHECK(one.rel_rmse == two.rel_rmse);  // bitwise
    CHECK(one.mean.rel_rmse == two.mean.rel_rmse);
    CHECK(one.mean.snr_db == two.mean.snr_db);
    CHECK(one.mean.snr_db > 10.0);
    // A different seed gives a different draw (the seed is actually used).
    CHECK(monte_carlo_mvm(W, X, FunctionalSpec{}, ni, 16, 100).rel_rmse != one.rel_rmse);
}

TEST_CASE("read noise summed per column has the per-cell noise's spread", "[rram]") {
    // Without IR drop the model draws one Gaussian per column; with (negligible) IR drop it draws
    // one per cell. Both must give the same output spread: compare sample standard deviations.
    const Eigen::MatrixXd W = random_matrix(4, 32, 8);
    const Eigen::VectorXd x = random_matrix(32, 1, 9).col(0);
    NonIdealities column, cell;
    column.read_sigma = cell.read_sigma = 0.05;
    cell.ir = IrMode::Approx;
    cell.wire_r_ohm = 1e-9;  // IR drop ~1e-13 of the signal
    const ProgrammedCrossbar a(W, FunctionalSpec{}, column, 3), b(W, FunctionalSpec{}, cell, 3);
    auto spread = [&](const ProgrammedCrossbar& xb) {
        std::mt19937_64 rng(5);
        const int n = 10000;
        Eigen::VectorXd sum = Eigen::VectorXd::Zero(4), sq = Eigen::VectorXd::Zero(4);
        for (int k = 0; k < n; ++k) {
            const Eigen::VectorXd y = xb.mvm(x, rng);
            sum += y;
            sq += y.cwiseProduct(y);
        }
        return Eigen::VectorXd((sq / n - (sum / n).cwiseProduct(sum / n)).cwiseSqrt());
    };
    const Eigen::VectorXd sa = spread(a), sb = spread(b);
    for (int i = 0; i < 4; ++i) {
        INFO("output " << i << ": column draw sd " << sa(i) << ", cell draws sd " << sb(i));
        CHECK(sa(i) > 0);
        CHECK(sa(i) == Approx(sb(i)).epsilon(0.04));  // sd sampling error of 10000 draws ~0.7 % each
    }
}
