// The `edgetwin._edgetwin` extension: the library's run and sweep behind a JSON boundary, so the
// Python side (python/edgetwin/__init__.py) stays a thin layer of dicts and DataFrames. User errors
// become ValueError with the same one-line message the CLI prints.
#include <pybind11/pybind11.h>

#include <systemc>

#include "analysis/calibration/overlay.h"
#include "analysis/output_kind.h"
#include "analysis/validation/bands.h"
#include "edgetwin/build_info.h"
#include "sim/core/json_io.h"
#include "sim/core/output_guard.h"
#include "sim/core/user_error.h"
#include "sim/runner/simulate.h"
#include "sim/runner/sweep_runner.h"
#include "sim/scenario/scenario.h"

// libsystemc references sc_main; the module never enters it (build-notes §4.3). Exported: pybind11 hides
// symbols by default, and libsystemc, loaded with this module, must resolve it here.
__attribute__((visibility("default"))) int sc_main(int, char**) { return 0; }

namespace {

using edgetwin::Json;
using edgetwin::Sourced;
using edgetwin::UserError;

const char* kOrigin = "edgetwin.run()";

// run(**settings): the keyword names of the CLI's run flags (platform, model, quant, runtime, kv_type,
// n_prompt, n_gen, batch, ctx, freq, power_mode, threads, gpu_layers, fidelity, calibration).
std::string run_json(const std::string& settings_text) {
    const Json s = Json::parse(settings_text);
    edgetwin::ScenarioInputs in = edgetwin::default_scenario_inputs();
    in.file = kOrigin;
    in.h5_path = "none";
    auto text = [&](const char* key, Sourced<std::string>& field) {
        if (!s.contains(key)) return;
        if (!s[key].is_string()) throw UserError(kOrigin, key, "expected a string");
        field = Sourced<std::string>{s[key].get<std::string>(), kOrigin, key};
    };
    auto integer = [&](const char* key, Sourced<long long>& field) {
        if (!s.contains(key)) return;
        if (!s[key].is_number_integer()) throw UserError(kOrigin, key, "expected an integer");
        field = Sourced<long long>{s[key].get<long long>(), kOrigin, key};
    };
    static const char* known[] = {"platform", "model", "quant", "runtime", "kv_type", "n_prompt", "n_gen", "batch", "ctx",
                                  "freq", "power_mode", "threads", "gpu_layers", "fidelity", "calibration"};
    for (const auto& [key, value] : s.items()) {
        bool ok = false;
        for (const char* k : known) ok |= key == k;
        if (!ok)
            throw UserError(kOrigin, key, "unknown setting (allowed: platform, model, quant, runtime, kv_type, n_prompt, "
                                          "n_gen, batch, ctx, freq, power_mode, threads, gpu_layers, fidelity, calibration)");
    }
    text("platform", in.platform);
    text("model", in.model);
    text("quant", in.quant);
    text("runtime", in.runtime);
    text("kv_type", in.kv_type);
    text("fidelity", in.fidelity);
    integer("n_prompt", in.n_prompt);
    integer("n_gen", in.n_gen);
    integer("batch", in.batch);
    integer("ctx", in.ctx);
    for (const char* key : {"freq", "power_mode"}) {
        Sourced<std::string> v;
        text(key, v);
        if (s.contains(key)) (std::string(key) == "freq" ? in.freq : in.power_mode) = v;
    }
    for (const char* key : {"threads", "gpu_layers"}) {
        Sourced<long long> v;
        integer(key, v);
        if (s.contains(key)) (std::string(key) == "threads" ? in.threads : in.gpu_layers) = v;
    }
    double calib_band = -1;
    if (s.contains("calibration")) calib_band = edgetwin::apply_calibration(in, s["calibration"].get<std::string>());
    const edgetwin::DesignPoint point = edgetwin::resolve_design_point(in);
    edgetwin::build_validated_platform(point, in);
    const edgetwin::RunResult r =
        edgetwin::with_input_origins(point, in, [&] { return edgetwin::simulate(point); });
    Json j = edgetwin::summary_to_json(r);
    // The validation corpus's 80 % band for this runtime (family), as `run --json` gives it.
    Json band = Json::object();
    for (const char* cls : {"decode", "prefill"}) {
        edgetwin::validation::Band b = edgetwin::validation::shipped_band_for(point.platform.preset, point.platform.runtime, cls);
        if (calib_band >= 0) {
            b.lo = std::min(b.n ? b.lo : 1.0, 1 - calib_band);
            b.hi = std::max(b.n ? b.hi : 1.0, 1 + calib_band);
            b.n = std::max(b.n, 1);
        }
        const double v = std::string(cls) == "decode" ? r.summary.decode_tok_s : r.summary.prefill_tok_s;
        if (b.n > 0 && v > 0) band[std::string(cls) + "_tok_s"] = {v * b.lo, v * b.hi};
    }
    if (!band.empty()) j["band"] = band;
    return j.dump();
}

// sweep(scenario file, output .h5, jobs): runs the scenario's sweep section into a fresh file.
Json sweep_file(const std::string& scenario_path, const std::string& output, int jobs) {
    const Json scenario = edgetwin::load_json_file(scenario_path);
    // The CLI's output rules: never a device, a link target or one of our inputs, and never over a
    // file that is not an edgetwin sweep result.
    edgetwin::claim_output_path(output, "result file");
    edgetwin::check_replace_allowed(output, edgetwin::OutputKind::SweepResult, false);
    if (jobs < 1) throw UserError("edgetwin.sweep()", "jobs", std::to_string(jobs) + " (allowed: >= 1)");
    edgetwin::SweepOptions o;
    o.output = output;
    o.jobs = jobs;
    o.fresh = true;  // sweep() returns this run's points, not a resumed file's
    const edgetwin::SweepReport r = edgetwin::run_sweep(scenario, scenario_path, o);
    return Json{{"generated", r.generated}, {"dropped", r.dropped}, {"simulated", r.ran}, {"failed", r.failed}};
}

template <class Fn>
auto user_errors_as_value_error(Fn&& fn) -> decltype(fn()) {
    try {
        return fn();
    } catch (const UserError& e) {
        throw pybind11::value_error(e.what());
    } catch (const Json::exception& e) {
        throw pybind11::value_error(std::string("bad settings: ") + e.what());
    }
}

}  // namespace

PYBIND11_MODULE(_edgetwin, m) {
    m.doc() = "edgetwin simulator core (use the edgetwin package, not this module)";
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    m.def("run_json", [](const std::string& settings) { return user_errors_as_value_error([&] { return run_json(settings); }); },
          "Simulate one design point; settings and result as JSON text");
    m.def("sweep_file",
          [](const std::string& scenario, const std::string& output, int jobs) {
              return user_errors_as_value_error([&] { return sweep_file(scenario, output, jobs).dump(); });
          },
          "Run a scenario's sweep section into a fresh HDF5 file; returns counts as JSON text");
    m.def("version", [] { return std::string(edgetwin::kVersion) + " (" + edgetwin::kGitCommit + ")"; });
}
