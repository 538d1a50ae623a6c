// Crossbar hardware profiler: per-op cost equals the cost model written out by hand, accuracy
// fields mean what they say, HDF5 round trip, script validation.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "analysis/rram_profile_h5.h"
#include "rram/hp_inv.h"
#include "rram/matrix_input.h"
#include "rram/profile_script.h"
#include "rram/profiler.h"
#include "sim/core/user_error.h"

using namespace edgetwin;
using namespace edgetwin::rram;

namespace {
ProfilerSettings ideal_settings() {
    ProfilerSettings s;
    s.ideal_adc = true;
    return s;
}
std::string temp_path(const std::string& name) { return "/tmp/edgetwin_test_" + std::to_string(::getpid()) + "_" + name; }
}  // namespace

TEST_CASE("profiler: write/mvm/read time and energy equal the cost model by hand (NeuRRAM preset)", "[rram][profiler]") {
    // neurram: 256x256 arrays, 1-bit cells, G+/G- pairs -> an 8-b weight takes 2 x 7 = 14 columns,
    // 18 weights per array. A 20 x 300 matrix: 2 row tiles (256 + 44 inputs) x 2 column tiles
    // (18 + 2 outputs) = 4 arrays.
    const CrossbarArch a = load_crossbar_preset("neurram");
    CrossbarProfiler p(a, ideal_settings());
    const Eigen::MatrixXd W = random_uniform_matrix(20, 300, 1);

    const ProfileRecord w = p.write_matrix(W, "W");
    CHECK(w.arrays == 4);
    // Write-verify, row by row: 300 rows in each of 2 column tiles x 20 pulses x 100 ns = 1.2 ms,
    // plus 6000 B (300 x 20 x 8 bit) over the 0.4 GB/s host link = 15 us.
    CHECK(w.time_s == Approx(600 * 20 * 100e-9 + 6000 / 0.4e9));
    CHECK(w.link_time_s == Approx(15e-6));
    // 300 x 20 x 14 = 84,000 cells x 20 pulses x 10 pJ = 16.8 uJ; link 6000 B x 20 pJ = 120 nJ.
    CHECK(w.energy.program_J == Approx(84000.0 * 20 * 10e-12));
    CHECK(w.energy.movement_J == Approx(6000 * 20e-12));
    CHECK(w.bytes_in == 6000);

    const Eigen::MatrixXd X = random_uniform_matrix(300, 3, 2);
    const ProfileRecord m = p.mvm(X, "x");
    // Per vector: 8 bit-serial evaluations x (5 ns DAC + 50 ns settle + 1 x 40 ns conversion,
    // one ADC per column) = 760 ns; + 20 partial-sum adds at 1 GOPS = 20 ns. Three vectors in a row,
    // then 900 B in (300 x 3 x 8 bit) and 240 B out (20 x 3 x 32 bit) over the link: 2.85 us.
    CHECK(m.time_s == Approx(3 * (8 * 95e-9 + 20e-9) + 1140 / 0.4e9));
    CHECK(m.link_time_s == Approx(1140 / 0.4e9));
    // Per vector: DAC 8 x 600 driven rows x 0.1 pJ; ADC 8 x 560 read columns x 2 pJ; shift-add
    // 8 x 560 x 0.05 pJ; cells 8 x 84,000 used (300 inputs x 280 columns) x (0.1 V)^2 x 1/2 x 20.5 uS x 50 ns;
    // buffer (600 B inputs + 560 x 4 B sums) x 1 pJ; 20 adds x 5 pJ; NoC 2 x 20 x 4 B x 2 pJ.
    CHECK(m.energy.dac_J == Approx(3 * 8 * 600 * 0.1e-12));
    CHECK(m.energy.adc_J == Approx(3 * 8 * 560 * 2e-12));
    CHECK(m.energy.shift_add_J == Approx(3 * 8 * 560 * 0.05e-12));
    CHECK(m.energy.array_J == Approx(3 * 8 * 84000 * 0.01 * 0.5 * 20.5e-6 * 50e-9));
    CHECK(m.energy.buffer_J == Approx(3 * (600 + 560 * 4) * 1e-12));
    CHECK(m.energy.digital_J == Approx(3 * 20 * 5e-12));
    CHECK(m.energy.movement_J == Approx(3 * 2 * 20 * 4 * 2e-12 + 1140 * 20e-12));
    CHECK(m.bytes_in == 900);
    CHECK(m.bytes_out == 240);

    const ProfileRecord r = p.read_matrix();
    // One wordline at a time (95 ns each: DAC + settle + conversion); the 256-row tiles set the
    // time: 256 x 95 ns, arrays in parallel; 6000 B out over the link. ADC: every used cell once.
    CHECK(r.time_s == Approx(256 * 95e-9 + 6000 / 0.4e9));
    CHECK(r.energy.adc_J == Approx(84000 * 2e-12));
    CHECK(r.energy.dac_J == Approx(600 * 0.1e-12));  // 300 rows read in each of 2 column tiles
    CHECK(r.bytes_out == 6000);
    CHECK(p.records().size() == 3);
    CHECK(p.records()[1].index == 1);
}

TEST_CASE("profiler: ideal device errors stay within the quantisation bound, noise breaks it", "[rram][profiler]") {
    const CrossbarArch a = load_crossbar_preset("neurram");
    const Eigen::MatrixXd W = random_uniform_matrix(24, 64, 3), X = random_uniform_matrix(64, 4, 4);
    CrossbarProfiler ideal(a, ideal_settings());
    const ProfileRecord w = ideal.write_matrix(W);
    CHECK(w.bound_ratio <= 1.0 + 1e-9);  // rounding to the nearest of 127 codes: at most half a code
    CHECK(w.bound_ratio > 0.5);          // and some weight does sit near the middle of a code
    CHECK(w.rel_error < 1.0 / 127);
    const ProfileRecord m = ideal.mvm(X);
    CHECK(m.bound_ratio <= 1.0 + 1e-9);
    CHECK(m.rel_error < 0.02);
    CHECK(m.snr_db > 30);
    Eigen::MatrixXd back;
    const ProfileRecord r = ideal.read_matrix(&back);
    CHECK(r.bound_ratio <= 1.0 + 1e-9);
    CHECK(r.rel_error == Approx(w.rel_error));  // exact read of the programmed levels

    // The preset's 8-bit ADC: reading a single cell over a g_on range adds at most half its LSB.
    ProfilerSettings adc;
    CrossbarProfiler with_adc(a, adc);
    with_adc.write_matrix(W);
    CHECK(with_adc.mvm(X).bound_ratio <= 1.0 + 1e-9);
    CHECK(with_adc.read_matrix().bound_ratio <= 1.0 + 1e-9);

    ProfilerSettings noisy = ideal_settings();
    noisy.ni.prog_sigma = 0.05;
    noisy.ni.read_sigma = 0.05;
    CrossbarProfiler np(a, noisy);
    const ProfileRecord nw = np.write_matrix(W);
    CHECK(nw.bound_ratio > 1.0);
    CHECK(nw.rel_error > 3 * w.rel_error);
    const ProfileRecord nm = np.mvm(X);
    CHECK(nm.rel_error > 3 * m.rel_error);
    CHECK(nm.snr_db < m.snr_db);
    // Same seed, same numbers.
    CrossbarProfiler again(a, noisy);
    again.write_matrix(W);
    CHECK(again.mvm(X).rel_error == nm.rel_error);
}

TEST_CASE("profiler: hp_inv records iterations, residuals, time and energy of rram::hp_inv", "[rram][profiler]") {
    const CrossbarArch a = load_crossbar_preset("pku-hpinv-40nm");
    ProfilerSettings s;
    s.ni.prog_sigma = 0.01;
    s.ni.read_sigma = 0.002;
    CrossbarProfiler p(a, s);
    const Eigen::MatrixXd A = random_conditioned_matrix(16, 16, 2.0, 7);
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(A);
    CHECK(svd.singularValues()(0) / svd.singularValues()(15) == Approx(2.0));
    p.write_matrix(A, "A");
    const Eigen::VectorXd b = random_uniform_matrix(16, 1, 8).col(0);
    Eigen::VectorXd x;
    const ProfileRecord r = p.hp_inv(b, HpInvRequest{}, "b", &x);
    INFO("iterations " << r.iterations << " residual " << r.residual);
    CHECK(r.residual <= 1e-6);
    CHECK(r.iterations <= 12);  // observed: 10 iterations, final residual 7.7e-7 (BlockAMC on 8x8 LP-INV arrays)
    CHECK(r.residuals.size() == static_cast<std::size_t>(r.iterations));
    CHECK(r.rel_error < 1e-5);
    // The same solve through the library call (seed = trial_seed(profiler seed, op index)).
    HpInvOptions opt;
    opt.prog_sigma = 0.01;
    opt.read_sigma = 0.002;
    opt.seed = trial_seed(1, 1);
    const HpInvResult direct = hp_inv(A, b, 20, 3, a, opt);
    CHECK(direct.iterations == r.iterations);
    const double link = 2 * 16 * 3 / 1e9;  // b in and x out at 24 bits, 1 GB/s
    CHECK(r.time_s == Approx(direct.time_s + link));
    CHECK(r.energy.total() == Approx(direct.energy_J + 2 * 16 * 3 * 10e-12));
    CHECK(direct.energy.total() == Approx(direct.energy_J));
}

TEST_CASE("profiler: HDF5 round trip of /rram/profile and residuals", "[rram][profiler][h5]") {
    const CrossbarArch a = load_crossbar_preset("pku-hpinv-40nm");
    CrossbarProfiler p(a, ProfilerSettings{});
    p.write_matrix(random_conditioned_matrix(16, 16, 3.0, 1), "A");
    p.mvm(random_uniform_matrix(16, 2, 2), "x");
    p.read_matrix();
    p.hp_inv(random_uniform_matrix(16, 1, 3).col(0), HpInvRequest{});
    const std::string path = temp_path("profile.h5");
    write_rram_profile_h5(path, p.records(), "pku-hpinv-40nm", Json{{"seed", 1}});
    const RramProfileFile f = read_rram_profile_h5(path);
    std::remove(path.c_str());
    CHECK(f.preset == "pku-hpinv-40nm");
    CHECK(f.config["seed"] == 1);
    REQUIRE(f.records.size() == 4);
    for (std::size_t i = 0; i < 4; ++i) {
        const ProfileRecord &w = p.records()[i], &r = f.records[i];
        CHECK(r.op == w.op);
        CHECK(r.label == w.label);
        CHECK(r.rows == w.rows);
        CHECK(r.arrays == w.arrays);
        CHECK(r.time_s == w.time_s);
        CHECK(r.energy.total() == Approx(w.energy.total()));
        CHECK(r.energy.adc_J == w.energy.adc_J);
        CHECK(r.bytes_in == w.bytes_in);
        CHECK(r.rel_error == w.rel_error);
        CHECK(r.iterations == w.iterations);
        CHECK(r.residuals == w.residuals);
    }
    CHECK(f.records[3].residuals.size() == static_cast<std::size_t>(f.records[3].iterations));
    CHECK_THROWS_AS(read_rram_profile_h5("/nonexistent.h5"), UserError);
}

TEST_CASE("profiler: matrix files and script validation", "[rram][profiler]") {
    const std::string csv = temp_path("m.csv");
    std::ofstream(csv) << "# a 2x3 matrix\n1, 2, 3\n4 5 6e-1\n";
    const Eigen::MatrixXd m = load_matrix_file(csv);
    CHECK(m.rows() == 2);
    CHECK(m(1, 2) == 0.6);
    std::ofstream(csv) << "1, 2\n3\n";
    CHECK_THROWS_WITH(load_matrix_file(csv), Catch::Contains("line 2: 1 values, expected 2"));
    // .npy: version 1.0 header, <f8, 2x2, C order.
    const std::string npy = temp_path("m.npy");
    {
        std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
        header.append(128 - 10 - header.size() - 1, ' ');  // 10-byte preamble + header = 128
        header += '\n';
        std::ofstream out(npy, std::ios::binary);
        out.write("\x93NUMPY\x01\x00", 8);
        const char len[2] = {static_cast<char>(header.size()), 0};
        out.write(len, 2);
        out << header;
        const double v[4] = {1, 2, 3, 4};
        out.write(reinterpret_cast<const char*>(v), sizeof v);
    }
    const Eigen::MatrixXd n = load_matrix_file(npy);
    CHECK(n(0, 1) == 2);
    CHECK(n(1, 0) == 3);
    std::remove(npy.c_str());

    const std::string script = temp_path("ops.json");
    std::ofstream(script) << R"({"schema_version": 1, "ops": [{"op": "mvm", "x": {"random": {}}}]})";
    CHECK_THROWS_WITH(load_profile_script(script), Catch::Contains("ops[0]: mvm before any write_matrix"));
    std::ofstream(script) << R"({"schema_version": 1, "ops": [{"op": "mvmm"}]})";
    CHECK_THROWS_WITH(load_profile_script(script), Catch::Contains("ops[0].op: 'mvmm' (allowed: write_matrix"));
    std::ofstream(script) << R"({"schema_version": 1, "non_idealities": {"ir_drop": "exact"}, "ops": []})";
    CHECK_THROWS_AS(load_profile_script(script), UserError);
    // A 2x3 file matrix and 2-row input vectors: the mismatch names the op.
    std::ofstream(csv) << "1, 2, 3\n4, 5, 6\n";
    std::ofstream(script) << R"({"schema_version": 1, "ops": [{"op": "write_matrix", "matrix": {"file": ")" << csv
                          << R"("}}, {"op": "mvm", "x": {"file": ")" << csv << R"("}}]})";
    const ProfileScript s = load_profile_script(script);
    CHECK_THROWS_WITH(run_profile_script(s, load_crossbar_preset("neurram")),
                      Catch::Contains("ops[1]: input vectors have 2 rows, the matrix has 3 columns"));
    std::remove(csv.c_str());
    std::remove(script.c_str());
}
