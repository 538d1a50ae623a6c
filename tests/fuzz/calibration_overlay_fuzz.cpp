// libFuzzer target for calibration overlays as `edgetwin run --calibration FILE` applies them
// (analysis/calibration/overlay.h): apply_calibration takes a path, so each input is written to one
// reused file in a per-process scratch directory, applied to a scenario for rpi5-8gb, and the
// scenario then resolved (resolve_design_point), which puts the overlay's hardware_set/runtime_set
// onto the preset and runtime profile. Two scenarios: scenarios/quickstart.json (names its runtime,
// so a different one is refused) and flags only (the overlay's runtime is used). Malformed input must
// end in UserError; any other exception, crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "analysis/calibration/overlay.h"
#include "fuzz_scratch.h"
#include "sim/core/output_guard.h"
#include "sim/core/user_error.h"
#include "sim/scenario/scenario.h"

namespace {

using edgetwin::ScenarioInputs;

const ScenarioInputs& quickstart() {
    static const ScenarioInputs in = edgetwin::read_scenario_file(std::string(EDGETWIN_SOURCE_DIR) + "/scenarios/quickstart.json");
    return in;
}

const ScenarioInputs& flags_only() {
    static const ScenarioInputs in = [] {
        ScenarioInputs i = edgetwin::default_scenario_inputs();
        i.model.value = "tinyllama-1.1b";
        i.quant.value = "Q4_0";
        i.platform.value = "rpi5-8gb";
        return i;
    }();
    return in;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // Both bases must be valid on their own, or every input would stop at the same place.
    for (const ScenarioInputs* base : {&quickstart(), &flags_only()}) (void)edgetwin::resolve_design_point(*base);
    edgetwin::reset_file_claims();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = edgetwin::fuzz::ScratchDir::instance().write("overlay.json", data, size);
    for (const ScenarioInputs* base : {&quickstart(), &flags_only()}) {
        ScenarioInputs in = *base;
        try {
            const double band = edgetwin::apply_calibration(in, path);
            if (!(band >= 0)) __builtin_trap();  // documented: a non-negative relative error
            (void)edgetwin::resolve_design_point(in);
        } catch (const edgetwin::UserError&) {
        }
    }
    edgetwin::reset_file_claims();
    return 0;
}
