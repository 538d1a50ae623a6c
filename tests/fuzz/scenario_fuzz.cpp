// libFuzzer target for scenario files as `edgetwin run` and `edgetwin sweep` read them: the text is
// parsed in memory (parse_json_text, the rules load_json_file applies), its structure read
// (read_scenario_json) and its names resolved against the presets, model cards and runtime profiles
// in data/ (resolve_design_point). A file with a "sweep" section is expanded (expand_sweep) and
// checked as sweep_runner.cpp does: every point read back, and the first point carrying each axis
// value resolved. Malformed input must end in UserError; any other exception, crash or sanitizer
// report is a finding.
//
// Skipped (valid, just big): sweeps of more than 256 points. kMaxSweepPoints allows 10^6 points of
// ~3 kB each, so "samples": 1000000 alone is gigabytes by design; larger counts are still passed on,
// since their rejection is cheap and worth covering.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/core/json_io.h"
#include "sim/core/output_guard.h"
#include "sim/core/user_error.h"
#include "sim/runner/sweep_spec.h"
#include "sim/scenario/scenario.h"

namespace {

using edgetwin::Json;

constexpr long double kMaxFuzzedPoints = 256;
constexpr std::size_t kMaxResolvedPerInput = 8;

// Upper bound on the points expand_sweep would build (before constraints drop any).
long double sweep_points(const Json& scenario) {
    const Json& sweep = scenario.at("sweep");
    if (!sweep.is_object()) return 0;
    std::string mode = "grid";
    if (sweep.contains("mode") && sweep["mode"].is_string()) mode = sweep["mode"].get<std::string>();
    if (mode == "random" || mode == "lhs") {
        if (!sweep.contains("samples") || !sweep["samples"].is_number()) return 0;
        return sweep["samples"].get<long double>();
    }
    if (!sweep.contains("axes") || !sweep["axes"].is_object()) return 0;
    long double product = 1, longest = 0;
    for (const auto& axis : sweep["axes"])
        if (axis.is_array()) {
            product *= static_cast<long double>(axis.size());
            longest = std::max(longest, static_cast<long double>(axis.size()));
        }
    return mode == "zip" ? longest : product;
}

void check_sweep(const Json& scenario) {
    const long double n = sweep_points(scenario);
    if (n > kMaxFuzzedPoints && n <= static_cast<long double>(edgetwin::kMaxSweepPoints)) return;
    const edgetwin::ExpandedSweep sweep = edgetwin::expand_sweep(scenario, "fuzz.json");
    for (const Json& point : sweep.points) (void)edgetwin::read_scenario_json(point, "fuzz.json");
    std::size_t resolved = 0;
    for (const auto& [axis, values] : sweep.first_point_with_value)
        for (const auto& [value, index] : values) {
            if (resolved++ == kMaxResolvedPerInput) return;
            try {
                (void)edgetwin::resolve_design_point(edgetwin::read_scenario_json(sweep.points.at(index), "fuzz.json"));
            } catch (const edgetwin::UserError&) {  // a point that does not resolve is a failed point
            }
        }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const Json scenario = edgetwin::parse_json_text(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
        const edgetwin::ScenarioInputs in = edgetwin::read_scenario_json(scenario, "fuzz.json");
        if (in.has_sweep) check_sweep(scenario);
        else (void)edgetwin::resolve_design_point(in);
    } catch (const edgetwin::UserError&) {
    }
    edgetwin::reset_file_claims();
    return 0;
}
