#pragma once
// Helpers for the calibration tests: expected error positions and column lookup in example text.
#include <catch2/catch.hpp>

#include <string>

#include "analysis/calibration/observations.h"
#include "sim/core/user_error.h"

namespace edgetwin::test {

// Runs `f`, which must throw UserError naming `file` and "line L column C".
template <class F>
void require_error_at(F&& f, const std::string& file, int line, int col) {
    try {
        f();
        FAIL("expected a UserError at line " << line << " column " << col);
    } catch (const UserError& e) {
        INFO(e.what());
        CHECK(e.file() == file);
        CHECK(e.key_path() == "line " + std::to_string(line) + " column " + std::to_string(col));
    }
}

// 1-based column of `needle` in `line` (the test fails if absent).
inline int col_of(const std::string& line, const std::string& needle) {
    const auto p = line.find(needle);
    REQUIRE(p != std::string::npos);
    return static_cast<int>(p) + 1;
}

// `text` with the first `from` replaced by `to`.
inline std::string corrupt(std::string text, const std::string& from, const std::string& to) {
    const auto p = text.find(from);
    REQUIRE(p != std::string::npos);
    return text.replace(p, from.size(), to);
}

// A Raspberry Pi 5 observation (value left for the test to fill): decode when ng > 0, else prefill.
inline calib::Observation rpi5_observation(const std::string& source, const std::string& model,
                                           const std::string& quant, long long np, long long ng) {
    calib::Observation o;
    o.source = source;
    o.platform = "rpi5-8gb";
    o.model = model;
    o.quant = quant;
    o.n_prompt = np;
    o.n_gen = ng;
    o.metric = ng == 0 ? "prefill_tok_s" : "decode_tok_s";
    return o;
}

}  // namespace edgetwin::test
