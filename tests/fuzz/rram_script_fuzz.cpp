// libFuzzer target for the crossbar profiling script loader (rram/profile_script.h): each input is
// written to script.json in a per-process scratch directory (load_profile_script takes a path and
// resolves operand files next to it) that also holds the operands the seed scripts name
// (ones8.csv, tridiag8.csv from data/rram/examples, and small .npy files), then the script's crossbar
// preset is loaded as `edgetwin rram profile` does. Malformed input must end in UserError; any other
// exception, crash or sanitizer report is a finding.
//
// Skipped (valid, just slow): scripts asking for a random matrix over 64 rows or columns. The loader
// builds random operands itself, and a 4096 x 4096 conditioned matrix (the allowed maximum) is two
// dense QR factorisations - seconds each - which would turn the run into a benchmark of Eigen.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_scratch.h"
#include "rram/crossbar_arch.h"
#include "rram/profile_script.h"
#include "sim/core/json_io.h"
#include "sim/core/output_guard.h"
#include "sim/core/user_error.h"

namespace {

using edgetwin::Json;

constexpr long long kMaxRandomSide = 64;

bool asks_for_big_random_matrix(const Json& j) {
    if (j.is_array()) {
        for (const auto& v : j)
            if (asks_for_big_random_matrix(v)) return true;
    } else if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            if ((it.key() == "rows" || it.key() == "cols") && it->is_number_integer() &&
                (it->is_number_unsigned() ? it->get<std::uint64_t>() > kMaxRandomSide : it->get<long long>() > kMaxRandomSide))
                return true;
            if (asks_for_big_random_matrix(*it)) return true;
        }
    }
    return false;
}

// Operand files for the seed scripts: written once, next to script.json.
void write_operands(const edgetwin::fuzz::ScratchDir& d) {
    const std::string examples = std::string(EDGETWIN_SOURCE_DIR) + "/data/rram/examples/";
    d.copy_in(examples + "ones8.csv", "ones8.csv");
    d.copy_in(examples + "tridiag8.csv", "tridiag8.csv");
    // 2x2 float64 C-order [[2, 1], [1, 3]] and a 2-vector int32 [1, -1] (format version 1).
    auto npy = [](const std::string& descr, const std::string& shape, const std::string& data) {
        std::string h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        while ((10 + h.size() + 1) % 64 != 0) h += ' ';
        h += '\n';
        std::string out = "\x93NUMPY";
        out += '\x01';
        out += '\x00';
        out += static_cast<char>(h.size() & 0xff);
        out += static_cast<char>(h.size() >> 8);
        return out + h + data;
    };
    auto f8 = [](std::initializer_list<double> v) {
        std::string s;
        for (double x : v) s.append(reinterpret_cast<const char*>(&x), 8);
        return s;
    };
    auto i4 = [](std::initializer_list<std::int32_t> v) {
        std::string s;
        for (std::int32_t x : v) s.append(reinterpret_cast<const char*>(&x), 4);
        return s;
    };
    d.write("a2.npy", npy("<f8", "(2, 2)", f8({2, 1, 1, 3})));
    d.write("b2.npy", npy("<i4", "(2,)", i4({1, -1})));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    write_operands(edgetwin::fuzz::ScratchDir::instance());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        if (asks_for_big_random_matrix(edgetwin::parse_json_text(text, "fuzz"))) return 0;
    } catch (const edgetwin::UserError&) {
        // The loader reads the same text and must reject it the same way: still run it.
    }
    const std::string path = edgetwin::fuzz::ScratchDir::instance().write("script.json", text);
    try {
        const edgetwin::rram::ProfileScript s = edgetwin::rram::load_profile_script(path);
        if (!s.preset.empty()) (void)edgetwin::rram::load_crossbar_preset(s.preset);
    } catch (const edgetwin::UserError&) {
    }
    edgetwin::reset_file_claims();
    return 0;
}
