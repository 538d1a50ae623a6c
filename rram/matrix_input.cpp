#include "rram/matrix_input.h"

#include <cmath>
#include <cstring>
#include <random>
#include <sstream>
#include <vector>

#include "sim/core/input_file.h"
#include "sim/core/user_error.h"

namespace edgetwin::rram {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Eigen::MatrixXd load_text(const std::string& path, std::istream& in) {
    std::vector<std::vector<double>> rows;
    std::string line;
    for (int line_no = 1; std::getline(in, line); ++line_no) {
        if (auto h = line.find('#'); h != std::string::npos) line.resize(h);
        for (char& c : line)
            if (c == ',' || c == ';' || c == '\t' || c == '\r') c = ' ';
        std::istringstream ls(line);
        std::vector<double> row;
        std::string tok;
        while (ls >> tok) {
            char* end = nullptr;
            const double v = std::strtod(tok.c_str(), &end);
            if (end == tok.c_str() || *end != '\0' || !std::isfinite(v))
                throw UserError(path, "line " + std::to_string(line_no), "'" + brief(tok) + "' is not a finite number");
            row.push_back(v);
        }
        if (row.empty()) continue;
        if (!rows.empty() && row.size() != rows.front().size())
            throw UserError(path, "line " + std::to_string(line_no),
                            std::to_string(row.size()) + " values, expected " + std::to_string(rows.front().size()) +
                                " like the first row");
        rows.push_back(std::move(row));
    }
    if (rows.empty()) throw UserError(path, "", "no numbers in the file (expected one matrix row per line)");
    Eigen::MatrixXd m(rows.size(), rows.front().size());
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size(); ++c) m(r, c) = rows[r][c];
    return m;
}

// Value of `key` in a .npy header dict such as {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }.
std::string npy_field(const std::string& header, const std::string& key, const std::string& path) {
    const auto k = header.find("'" + key + "'");
    if (k == std::string::npos) throw UserError(path, "npy header", "missing '" + key + "'");
    auto v = header.find(':', k);
    if (v == std::string::npos) throw UserError(path, "npy header", "malformed '" + key + "'");
    ++v;
    while (v < header.size() && header[v] == ' ') ++v;
    const char open = header[v];
    const char close = open == '(' ? ')' : open == '\'' ? '\'' : ',';
    const auto e = header.find(close, v + 1);
    if (e == std::string::npos) throw UserError(path, "npy header", "malformed '" + key + "'");
    return open == '(' || open == '\'' ? header.substr(v + 1, e - v - 1) : header.substr(v, e - v);
}

Eigen::MatrixXd load_npy(const std::string& path, const std::string& bytes) {
    auto bad = [&](const std::string& why) -> Eigen::MatrixXd { throw UserError(path, "", "not a readable .npy file: " + why); };
    if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0) return bad("no \\x93NUMPY magic");
    const int major = static_cast<unsigned char>(bytes[6]);
    std::size_t header_len = 0, offset = 0;
    if (major == 1) {
        header_len = static_cast<unsigned char>(bytes[8]) | static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8;
        offset = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12) return bad("truncated header");
        for (int i = 0; i < 4; ++i) header_len |= static_cast<std::size_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
        offset = 12;
    } else {
        return bad("format version " + std::to_string(major) + " (allowed 1, 2, 3)");
    }
    if (offset + header_len > bytes.size()) return bad("truncated header");
    const std::string header = bytes.substr(offset, header_len);
    const std::string descr = npy_field(header, "descr", path);
    const bool fortran = npy_field(header, "fortran_order", path).find("True") != std::string::npos;
    std::vector<long long> shape;
    std::istringstream ss(npy_field(header, "shape", path));
    for (std::string dim; std::getline(ss, dim, ',');) {
        if (dim.find_first_not_of(' ') == std::string::npos) continue;
        const long long d = std::atoll(dim.c_str());
        if (d <= 0 || d > (1LL << 24)) return bad("dimension '" + dim + "' (allowed 1..16777216)");
        shape.push_back(d);
    }
    if (shape.empty() || shape.size() > 2) return bad("shape of " + std::to_string(shape.size()) + " dimensions (allowed 1 or 2)");
    const long long rows = shape[0], cols = shape.size() == 2 ? shape[1] : 1;
    std::size_t width = 0;
    if (descr == "<f8" || descr == "<i8") width = 8;
    else if (descr == "<f4" || descr == "<i4") width = 4;
    else return bad("dtype '" + descr + "' (allowed <f8, <f4, <i8, <i4)");
    const std::size_t data_at = offset + header_len;
    if (bytes.size() - data_at < static_cast<std::size_t>(rows * cols) * width) return bad("fewer data bytes than the shape needs");
    Eigen::MatrixXd m(rows, cols);
    for (long long k = 0; k < rows * cols; ++k) {
        const char* p = bytes.data() + data_at + k * width;
        double v = 0;
        if (descr == "<f8") { double d; std::memcpy(&d, p, 8); v = d; }
        else if (descr == "<f4") { float f; std::memcpy(&f, p, 4); v = f; }
        else if (descr == "<i8") { std::int64_t i; std::memcpy(&i, p, 8); v = static_cast<double>(i); }
        else { std::int32_t i; std::memcpy(&i, p, 4); v = i; }
        if (!std::isfinite(v)) return bad("element " + std::to_string(k) + " is not finite");
        if (fortran) m(k % rows, k / rows) = v;
        else m(k / cols, k % cols) = v;
    }
    return m;
}

}  // namespace

Eigen::MatrixXd load_matrix_file(const std::string& path) {
    std::string bytes = read_input_file(path, "matrix", kMaxMatrixInputBytes);
    if (ends_with(path, ".npy")) return load_npy(path, bytes);
    std::istringstream in(strip_utf8_bom(std::move(bytes)));
    return load_text(path, in);
}

Eigen::MatrixXd random_uniform_matrix(int rows, int cols, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index k = 0; k < m.size(); ++k) m.data()[k] = u(g);
    return m;
}

Eigen::MatrixXd random_conditioned_matrix(int rows, int cols, double condition, std::uint64_t seed) {
    std::mt19937_64 g(seed);
    std::normal_distribution<double> n(0.0, 1.0);
    auto orthogonal = [&](int size) {
        Eigen::MatrixXd a(size, size);
        for (Eigen::Index k = 0; k < a.size(); ++k) a.data()[k] = n(g);
        Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
        Eigen::MatrixXd q = qr.householderQ();
        // Sign-fix with R's diagonal so Q is Haar distributed.
        const Eigen::MatrixXd r = qr.matrixQR();
        for (int i = 0; i < size; ++i)
            if (r(i, i) < 0) q.col(i) = -q.col(i);
        return q;
    };
    const Eigen::MatrixXd U = orthogonal(rows), V = rows == cols ? U : orthogonal(cols);
    const int k = std::min(rows, cols);
    Eigen::MatrixXd S = Eigen::MatrixXd::Zero(rows, cols);
    for (int i = 0; i < k; ++i) S(i, i) = k == 1 ? 1.0 : std::pow(condition, -static_cast<double>(i) / (k - 1));
    return U * S * V.transpose();
}

}  // namespace edgetwin::rram
