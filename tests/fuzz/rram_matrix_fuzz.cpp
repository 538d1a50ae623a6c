// libFuzzer target for the crossbar profiler's matrix reader (rram/matrix_input.h), one executable
// per format: EDGETWIN_FUZZ_MATRIX_FILE names the scratch file ("m.csv": text, "m.npy": NumPy), whose
// extension picks the parser. The parsers are internal to rram/matrix_input.cpp, so each input goes
// through the public load_matrix_file via one reused file in a per-process scratch directory.
// Malformed input must end in UserError; what loads must be a non-empty, all-finite matrix (the
// reader's contract). Any other exception, crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz_scratch.h"
#include "rram/matrix_input.h"
#include "sim/core/output_guard.h"
#include "sim/core/user_error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = edgetwin::fuzz::ScratchDir::instance().write(EDGETWIN_FUZZ_MATRIX_FILE, data, size);
    try {
        const Eigen::MatrixXd m = edgetwin::rram::load_matrix_file(path);
        if (m.rows() < 1 || m.cols() < 1 || !m.allFinite()) {
            std::fprintf(stderr, "load_matrix_file returned a %ldx%ld matrix %s\n", static_cast<long>(m.rows()),
                         static_cast<long>(m.cols()), m.allFinite() ? "" : "with non-finite entries");
            std::abort();
        }
    } catch (const edgetwin::UserError&) {
    }
    edgetwin::reset_file_claims();
    return 0;
}
