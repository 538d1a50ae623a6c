// RRAM benchmarks (numbers for the README, never asserted): Monte-Carlo MVM trials/s with 1 and 2
// OpenMP threads, nodal IR-drop factorisation + solve time for 64/128/256 arrays, and the
// approximation's speed and error against nodal, and the logits study (stories260K-shaped model
// with every linear layer on the crossbar) in token positions/s with 1 and 2 threads.
// Usage: bench_rram [trials] (default 64).
#include <systemc>
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "rram/functional_mvm.h"
#include "rram/ir_drop.h"
#include "rram/logits_study.h"

// libsystemc.so needs an sc_main even though this program has its own main() (build-notes §4.3).
int sc_main(int, char**) { return 0; }

using namespace edgetwin::rram;

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
Eigen::MatrixXd uniform(int r, int c, double lo, double hi, unsigned seed) {
    std::mt19937_64 g(seed);
    std::uniform_real_distribution<double> u(lo, hi);
    Eigen::MatrixXd m(r, c);
    for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = u(g);
    return m;
}
}  // namespace

int main(int argc, char** argv) {
    const int trials = argc > 1 ? std::atoi(argv[1]) : 64;
    // 64 x 64 weights, 8-b weights on 2-bit cells (4 slices x G+/G- = 512 columns), 16 inputs per trial.
    const Eigen::MatrixXd W = uniform(64, 64, -1, 1, 1), X = uniform(64, 16, -1, 1, 2);
    NonIdealities ni;
    ni.prog_sigma = 0.02;
    ni.read_sigma = 0.01;
    ni.p_stuck_off = 0.005;
    ni.drift_nu = 0.01;
    ni.t_s = 3600;
    std::printf("Monte-Carlo MVM (64x64 weights, 8b/2b-cells, 16 inputs per trial, %d trials)\n", trials);
    double rmse1 = 0;
    for (int threads : {1, 2}) {
        omp_set_num_threads(threads);
        const auto t0 = std::chrono::steady_clock::now();
        const MonteCarloResult r = monte_carlo_mvm(W, X, FunctionalSpec{}, ni, trials, 7);
        const double s = seconds_since(t0);
        if (threads == 1) rmse1 = r.mean.rel_rmse;
        std::printf("  threads=%d  %.1f trials/s  rel_rmse=%.5f  snr=%.2f dB  identical_to_1_thread=%s\n", threads,
                    trials / s, r.mean.rel_rmse, r.mean.snr_db, r.mean.rel_rmse == rmse1 ? "yes" : "NO");
    }
    std::printf("IR drop (wire 2.5 ohm, cells 1-40 uS, 0.2 V on all rows)\n");
    for (int n : {64, 128, 256}) {
        const Eigen::MatrixXd G = uniform(n, n, 1e-6, 40e-6, 3);
        const Eigen::VectorXd v = Eigen::VectorXd::Constant(n, 0.2);
        auto t0 = std::chrono::steady_clock::now();
        const NodalIrSolver nodal(G, 2.5);
        const double factor_s = seconds_since(t0);
        t0 = std::chrono::steady_clock::now();
        const Eigen::VectorXd in = nodal.currents(v);
        const double solve_s = seconds_since(t0);
        t0 = std::chrono::steady_clock::now();
        const Eigen::VectorXd ia = ir_drop_approx_currents(G, 2.5, v);
        const double approx_s = seconds_since(t0);
        const Eigen::VectorXd ideal = G.transpose() * v;
        std::printf("  %3dx%-3d nodal: %d unknowns, factor %.4f s, solve %.5f s | approx %.6f s | IR drop %.4f, "
                    "approx error vs nodal %.2e\n",
                    n, n, nodal.unknowns(), factor_s, solve_s, approx_s, (ideal - in).norm() / ideal.norm(),
                    (ia - in).norm() / in.norm());
    }
    std::printf("Logits study (stories260K-shaped, 8-b weights on 2-bit cells, read_sigma 0.05, 2 trials x 16 tokens)\n");
    for (int threads : {1, 2}) {
        omp_set_num_threads(threads);
        LogitsStudySpec spec;
        spec.tokens = 16;
        spec.trials = 2;
        spec.strengths = {0.05};
        const auto t0 = std::chrono::steady_clock::now();
        const LogitsStudyPoint p = logits_study(spec).front();
        const double s = seconds_since(t0);
        std::printf("  threads=%d  %.1f token positions/s (crossbar run; + ideal reference)  top1=%.3f  logit_rel_rmse=%.4f\n",
                    threads, p.positions / s, p.top1_agreement, p.logit_rel_rmse);
    }
    return 0;
}
