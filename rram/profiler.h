#pragma once
// Hardware profiler for a crossbar preset: a user writes a matrix, reads it back, multiplies
// vectors and solves A x = b on the simulated chip, and gets per operation the simulated time,
// energy by component, bytes over the host link and the accuracy against exact fp64.
//
// Costs come from rram/mvm_cost and rram/layer_mapping (the same model the platform family uses);
// numbers from rram/functional_mvm with the given seeded non-idealities (one ProgrammedCrossbar
// per array tile of the mapping, so IR drop and ADC range are per array). The host link moves
// operands in and results out at chip.host_bandwidth / host_energy_per_byte.
//
// Functional limitation: the numerical model always stores signs on G+/G- pairs; a preset with
// offset encoding is costed with its own columns per weight but computed differentially.
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "rram/functional_mvm.h"
#include "rram/layer_mapping.h"

namespace edgetwin::rram {

struct ProfilerSettings {
    int weight_bits = 8;     // signed weights as written to the arrays
    int input_bits = 8;      // signed inputs fed to the DACs
    bool ideal_adc = false;  // true: column currents read exactly (arch ADC bits otherwise)
    NonIdealities ni;        // ni.wire_r_ohm = 0 with ni.ir != None takes the preset's wire resistance
    std::uint64_t seed = 1;
};

struct ProfileRecord {
    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    int index = 0;
    std::string op;     // write_matrix | read_matrix | mvm | hp_inv
    std::string label;  // user's name for the operand
    int rows = 0, cols = 0;  // matrix outputs x inputs
    int vectors = 0;         // input vectors (mvm) or right-hand sides (hp_inv)
    std::int64_t arrays = 0;
    double time_s = 0, link_time_s = 0;  // link_time_s is part of time_s
    ComponentEnergy energy;
    double bytes_in = 0, bytes_out = 0;
    // Accuracy against exact fp64 (the written matrix for write/read, W x for mvm, A^-1 b for hp_inv).
    double rel_error = kNaN;       // ||result - exact|| / ||exact||
    double max_abs_error = kNaN;
    double snr_db = kNaN;          // 20 log10(||exact|| / ||result - exact||)
    double bound_ratio = kNaN;     // max_i |err_i| / quantisation bound_i: <= 1 when only quantisation acts
    int iterations = 0;            // hp_inv
    double residual = kNaN;        // hp_inv: final ||b - A x|| / ||b||
    std::vector<double> residuals; // hp_inv: after each iteration
};

struct HpInvRequest {
    int max_iter = 20;
    double tolerance = 1e-6;
    int lp_array = 8;  // LP-INV array size (R19: 8x8); larger systems are split by BlockAMC
};

class CrossbarProfiler {
public:
    CrossbarProfiler(CrossbarArch arch, ProfilerSettings settings);
    ~CrossbarProfiler();

    // Programs W (outputs x inputs) with write-verify; replaces any matrix written before.
    const ProfileRecord& write_matrix(const Eigen::MatrixXd& W, const std::string& label = "");
    // Reads every cell back; `out` (optional) receives the decoded weights.
    const ProfileRecord& read_matrix(Eigen::MatrixXd* out = nullptr);
    // Y = W X for the columns of X (inputs x vectors); `out` receives Y as the chip computes it.
    const ProfileRecord& mvm(const Eigen::MatrixXd& X, const std::string& label = "", Eigen::MatrixXd* out = nullptr);
    // Solves W x = b by HP-INV (W square) with `bits_per_cell` LP-INV cells; time and energy are
    // rram::hp_inv's (LP-INV solves, block MVMs, HP-MVM) plus the link. Programming the LP-INV
    // copy of W is not charged here (count it as part of write_matrix). `out` receives x.
    const ProfileRecord& hp_inv(const Eigen::VectorXd& b, const HpInvRequest& req, const std::string& label = "",
                                Eigen::VectorXd* out = nullptr);

    const std::vector<ProfileRecord>& records() const { return records_; }
    const CrossbarArch& arch() const { return arch_; }
    const ProfilerSettings& settings() const { return settings_; }
    FunctionalSpec functional_spec() const;

private:
    struct Programmed;
    ProfileRecord& begin(const std::string& op, const std::string& label);
    void add_link(ProfileRecord& r) const;
    const Programmed& programmed(const char* op) const;

    CrossbarArch arch_;
    ProfilerSettings settings_;
    std::unique_ptr<Programmed> prog_;
    std::vector<ProfileRecord> records_;
    std::uint64_t reads_ = 0;  // read-noise stream counter
};

}  // namespace edgetwin::rram
