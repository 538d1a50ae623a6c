#pragma once
// Scenario files: one experiment as JSON (comments allowed), one section per concern:
//   workload  - model, quant, kv_type, n_prompt, n_gen, batch, ctx
//   hardware  - platform preset, settings (freq, power_mode), validated overrides ("set")
//   runtime   - profile, threads, gpu_layers, overrides ("set")
//   run       - fidelity
//   alerts    - thresholds recorded with their simulated time
//   outputs   - h5 and report paths
//   sweep     - axes expanded by `edgetwin sweep` (see sim/runner/sweep_spec.h)
// Parsing gives plain inputs that remember where each value came from (file + key, or a CLI flag);
// resolve() validates them and builds the design point. Errors name that origin.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "sim/core/user_error.h"
#include "sim/scenario/design_point.h"

namespace edgetwin {

template <class T>
struct Sourced {
    T value{};
    std::string origin;      // file, or "command line"
    std::string key;         // key path in the file, or the flag ("--freq")
    bool defaulted = false;  // nobody set it: a runtime's implied setting may replace it
};

struct ScenarioInputs {
    std::string file = "command line";
    std::string name = "run";
    Sourced<std::string> model, quant, kv_type, platform, runtime, fidelity;
    Sourced<long long> n_prompt, n_gen, batch, ctx;
    std::optional<Sourced<std::string>> freq;  // unit-bearing text ("240MHz")
    std::optional<Sourced<std::string>> power_mode;
    std::optional<Sourced<long long>> threads, gpu_layers;
    Json hardware_set = Json::object();  // dotted key -> value applied onto the preset
    Json runtime_set = Json::object();
    // Entries of hardware_set/runtime_set that came from elsewhere than `file` (a calibration
    // overlay): "runtime.set.<key>" -> {file, key path in it}, so a bad value names that file.
    std::map<std::string, std::pair<std::string, std::string>> set_origins;
    AlertThresholds alerts;
    std::string h5_path = "results.h5";
    std::string report_path;  // empty: no report
    bool has_sweep = false;   // the file has a "sweep" section (run it with `edgetwin sweep`)
    Json source;              // the scenario as read (null for flags only): stored with the results, so the
                              // file is read once and what is stored is what was simulated
};

// Defaults for a run given only by flags (llama-bench's pp512/tg128, f16 KV, analytic engine).
ScenarioInputs default_scenario_inputs();
// Reads and validates the structure of a scenario file (unknown keys, types, units).
ScenarioInputs read_scenario_file(const std::string& path);
// The same for a scenario already parsed (sweep points); `origin` names it in errors.
ScenarioInputs read_scenario_json(const Json& scenario, const std::string& origin);
// Resolves names (model card, preset, runtime), applies overrides, validates ranges.
DesignPoint resolve_design_point(const ScenarioInputs& in);

// Applies {"a.b[1].c": value} overrides onto `target`; the parent of each leaf must exist.
void apply_overrides(Json& target, const Json& overrides, const std::string& origin, const std::string& key);

}  // namespace edgetwin

namespace edgetwin {
class IPlatform;
// Builds the point's platform once to validate it, reporting setting and override mistakes against
// the flag or scenario key the user wrote (not the preset file).
std::unique_ptr<IPlatform> build_validated_platform(const DesignPoint& point, const ScenarioInputs& in);
// Rethrows a platform's UserError against what the user wrote: a "settings" key becomes the flag or
// scenario key it came from, a key of the preset or runtime file the scenario's "set" entry for it.
[[noreturn]] void rethrow_against_inputs(const UserError& e, const DesignPoint& point, const ScenarioInputs& in);
// Runs `fn` (e.g. a simulation, whose mapping step can still refuse a setting) and reports its user
// errors through rethrow_against_inputs.
template <class Fn>
auto with_input_origins(const DesignPoint& point, const ScenarioInputs& in, Fn&& fn) -> decltype(fn()) {
    try {
        return fn();
    } catch (const UserError& e) {
        rethrow_against_inputs(e, point, in);
    }
}
}  // namespace edgetwin
