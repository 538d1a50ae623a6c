#pragma once
// Matrices a user hands to the crossbar profiler: text (CSV or whitespace separated, one row per
// line, '#' comments) or NumPy .npy (little-endian float64/float32/int32/int64, C or Fortran
// order, 1-D or 2-D), or a seeded random matrix with a prescribed 2-norm condition number.
#include <Eigen/Dense>
#include <cstdint>
#include <string>

namespace edgetwin::rram {

// Throws UserError naming `path` on unreadable or malformed content. A 1-D .npy is one column.
Eigen::MatrixXd load_matrix_file(const std::string& path);

// U diag(s) V^T with Haar-random orthogonal U, V (QR of Gaussian matrices, sign-fixed) and
// singular values geometrically spaced from 1 to 1/condition, so cond_2 = condition exactly
// (up to rounding). Square matrices use V = U (symmetric positive definite): by eigenvalue
// interlacing every leading block and its Schur complement then has condition <= `condition`,
// which BlockAMC's 2x2 partitioning needs (a leading block of a general orthogonal matrix can be
// nearly singular).
Eigen::MatrixXd random_conditioned_matrix(int rows, int cols, double condition, std::uint64_t seed);

// Entries uniform in [-1, 1].
Eigen::MatrixXd random_uniform_matrix(int rows, int cols, std::uint64_t seed);

}  // namespace edgetwin::rram
