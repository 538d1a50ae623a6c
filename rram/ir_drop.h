#pragma once
// IR drop in a crossbar: wordlines driven at column 0, bitlines held at virtual ground by the
// readout at the last row, wire resistance r between adjacent cells on both line types.
//   nodal:  exact Kirchhoff solution of all 2*R*C wire nodes (Eigen sparse LDLT; factor once,
//           solve per input vector).
//   approx: block Gauss-Seidel sweeps: every wordline solved as a tridiagonal line with its
//           bitlines held (0 V in the first sweep), then every bitline with the resulting cell
//           currents. O(sweeps * R * C) per input, no factorisation. Error against nodal
//           (tests/unit/rram/test_ir_drop.cpp, bench_rram), 2 sweeps, cells uniform 1-40 uS,
//           0.2 V on every row: relative column-current error 3e-5 / 3e-3 / 1e-2 for 64 / 128 /
//           256 arrays at 2.5 / 2.5 / 1 ohm (IR drops of 13 % / 36 % / 47 %); 6.5e-2 for 256 at
//           2.5 ohm (67 % drop), where more sweeps are needed (5 sweeps: 2.4e-3).
#include <Eigen/Dense>
#include <Eigen/SparseCholesky>
#include <memory>

namespace edgetwin::rram {

class NodalIrSolver {
public:
    // G: rows x cols cell conductances [S]; wire_r_ohm > 0.
    NodalIrSolver(const Eigen::MatrixXd& G, double wire_r_ohm);
    // Column output currents [A] for wordline drive voltages v [V] (size rows).
    Eigen::VectorXd currents(const Eigen::VectorXd& v) const;
    int unknowns() const { return 2 * rows_ * cols_; }

private:
    int rows_, cols_;
    double g_w_;
    Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> ldlt_;
};

Eigen::VectorXd ir_drop_approx_currents(const Eigen::MatrixXd& G, double wire_r_ohm, const Eigen::VectorXd& v,
                                        int sweeps = 2);

}  // namespace edgetwin::rram
