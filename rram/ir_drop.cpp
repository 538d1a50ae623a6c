#include "rram/ir_drop.h"

#include <stdexcept>
#include <vector>

namespace edgetwin::rram {
namespace {

// Thomas algorithm for a symmetric tridiagonal system: diag d, off-diagonal -g (constant), rhs b.
void solve_line(std::vector<double>& d, double g, std::vector<double>& b) {
    const std::size_t n = d.size();
    for (std::size_t i = 1; i < n; ++i) {
        const double m = -g / d[i - 1];
        d[i] -= m * -g;
        b[i] -= m * b[i - 1];
    }
    b[n - 1] /= d[n - 1];
    for (std::size_t i = n - 1; i-- > 0;) b[i] = (b[i] + g * b[i + 1]) / d[i];
}

}  // namespace

NodalIrSolver::NodalIrSolver(const Eigen::MatrixXd& G, double wire_r_ohm)
    : rows_(static_cast<int>(G.rows())), cols_(static_cast<int>(G.cols())), g_w_(1.0 / wire_r_ohm) {
    const int R = rows_, C = cols_, off = R * C;
    std::vector<Eigen::Triplet<double>> t;
    t.reserve(static_cast<std::size_t>(R) * C * 8);
    auto wl = [&](int i, int j) { return i * C + j; };
    auto bl = [&](int i, int j) { return off + i * C + j; };
    for (int i = 0; i < R; ++i) {
        for (int j = 0; j < C; ++j) {
            const double g = G(i, j);
            // Wordline node: source or left neighbour, right neighbour, cell to the bitline node.
            t.emplace_back(wl(i, j), wl(i, j), g + g_w_ + (j < C - 1 ? g_w_ : 0.0));
            if (j > 0) t.emplace_back(wl(i, j), wl(i, j - 1), -g_w_);
            if (j < C - 1) t.emplace_back(wl(i, j), wl(i, j + 1), -g_w_);
            t.emplace_back(wl(i, j), bl(i, j), -g);
            // Bitline node: upper neighbour, lower neighbour or the virtual ground at the last row.
            t.emplace_back(bl(i, j), bl(i, j), g + g_w_ + (i > 0 ? g_w_ : 0.0));
            if (i > 0) t.emplace_back(bl(i, j), bl(i - 1, j), -g_w_);
            if (i < R - 1) t.emplace_back(bl(i, j), bl(i + 1, j), -g_w_);
            t.emplace_back(bl(i, j), wl(i, j), -g);
        }
    }
    Eigen::SparseMatrix<double> A(2 * off, 2 * off);
    A.setFromTriplets(t.begin(), t.end());
    ldlt_.compute(A);
    if (ldlt_.info() != Eigen::Success) throw std::runtime_error("IR-drop nodal matrix factorisation failed");
}

Eigen::VectorXd NodalIrSolver::currents(const Eigen::VectorXd& v) const {
    const int R = rows_, C = cols_;
    Eigen::VectorXd rhs = Eigen::VectorXd::Zero(2 * R * C);
    for (int i = 0; i < R; ++i) rhs(i * C) = g_w_ * v(i);
    const Eigen::VectorXd x = ldlt_.solve(rhs);
    Eigen::VectorXd out(C);
    for (int j = 0; j < C; ++j) out(j) = g_w_ * x(R * C + (R - 1) * C + j);
    return out;
}

Eigen::VectorXd ir_drop_approx_currents(const Eigen::MatrixXd& G, double wire_r_ohm, const Eigen::VectorXd& v,
                                        int sweeps) {
    const int R = static_cast<int>(G.rows()), C = static_cast<int>(G.cols());
    const double g_w = 1.0 / wire_r_ohm;
    Eigen::MatrixXd vwl(R, C), vbl = Eigen::MatrixXd::Zero(R, C);
    std::vector<double> d, b;
    Eigen::VectorXd out(C);
    for (int sweep = 0; sweep < sweeps; ++sweep) {
        for (int i = 0; i < R; ++i) {  // wordlines, bitline voltages held from the previous sweep
            d.assign(C, 0.0);
            b.assign(C, 0.0);
            for (int j = 0; j < C; ++j) {
                d[j] = G(i, j) + g_w + (j < C - 1 ? g_w : 0.0);
                b[j] = G(i, j) * vbl(i, j);
            }
            b[0] += g_w * v(i);
            solve_line(d, g_w, b);
            for (int j = 0; j < C; ++j) vwl(i, j) = b[j];
        }
        for (int j = 0; j < C; ++j) {  // bitlines fed by the cell currents of those wordline voltages
            d.assign(R, 0.0);
            b.assign(R, 0.0);
            for (int i = 0; i < R; ++i) {
                d[i] = G(i, j) + g_w + (i > 0 ? g_w : 0.0);
                b[i] = G(i, j) * vwl(i, j);
            }
            solve_line(d, g_w, b);
            for (int i = 0; i < R; ++i) vbl(i, j) = b[i];
            out(j) = g_w * b[R - 1];
        }
    }
    return out;
}

}  // namespace edgetwin::rram
