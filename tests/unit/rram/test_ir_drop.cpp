// IR drop: nodal solution against hand-solvable limits, and the fast approximation's error vs nodal.
#include <catch2/catch.hpp>

#include <random>

#include "rram/ir_drop.h"

using namespace edgetwin::rram;

namespace {
Eigen::MatrixXd conductances(int r, int c, unsigned seed) {
    std::mt19937_64 g(seed);
    std::uniform_real_distribution<double> u(1e-6, 40e-6);  // NeuRRAM-like 1..40 uS window
    Eigen::MatrixXd m(r, c);
    for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = u(g);
    return m;
}
}  // namespace

TEST_CASE("nodal IR drop: vanishing wire resistance gives G^T v, one cell matches the series circuit", "[rram]") {
    const Eigen::MatrixXd G = conductances(16, 12, 1);
    const Eigen::VectorXd v = Eigen::VectorXd::LinSpaced(16, 0.0, 0.2);
    const Eigen::VectorXd ideal = G.transpose() * v;
    const Eigen::VectorXd nodal = NodalIrSolver(G, 1e-6).currents(v);
    CHECK((nodal - ideal).norm() / ideal.norm() < 1e-6);
    // 1x1 array: source -r- cell G -r- ground -> I = V / (2r + 1/G).
    Eigen::MatrixXd g1(1, 1);
    g1(0, 0) = 20e-6;
    Eigen::VectorXd v1(1);
    v1(0) = 0.2;
    CHECK(NodalIrSolver(g1, 100.0).currents(v1)(0) == Approx(0.2 / (200.0 + 1.0 / 20e-6)));
}

TEST_CASE("IR-drop approximation error against nodal analysis (stated)", "[rram]") {
    // Measured here, quoted in rram/ir_drop.h: relative error of column currents vs nodal
    // (2 sweeps): 1.6e-7 (32), 2.9e-5 (64), 2.9e-3 (128) at 2.5 ohm per cell pitch.
    for (int n : {32, 64, 128}) {
        const Eigen::MatrixXd G = conductances(n, n, 2);
        const Eigen::VectorXd v = Eigen::VectorXd::Constant(n, 0.2);
        const Eigen::VectorXd ideal = G.transpose() * v;
        const Eigen::VectorXd nodal = NodalIrSolver(G, 2.5).currents(v);
        const Eigen::VectorXd approx = ir_drop_approx_currents(G, 2.5, v);
        const double drop = (ideal - nodal).norm() / ideal.norm();     // the effect being modelled
        const double err = (approx - nodal).norm() / nodal.norm();     // the approximation's error
        INFO("n=" << n << " IR drop " << drop << " approximation error " << err);
        CHECK(drop > 1e-4);
        CHECK(err < 0.01 * drop);  // 2 sweeps capture > 99 % of the IR-drop effect up to 128x128
        // More sweeps converge to the nodal solution.
        CHECK((ir_drop_approx_currents(G, 2.5, v, 5) - nodal).norm() / nodal.norm() < err);
        CHECK(nodal.sum() < ideal.sum());
    }
}
