#pragma once
// One fully specified simulation: workload, platform request, runtime, settings, fidelity.
// Produced by scenario parsing (validated), consumed by simulate(); hashable for sweeps.
#include <string>

#include "hwmodels/platform_registry.h"
#include "models/model_spec.h"
#include "models/quant_scheme.h"

namespace edgetwin {

struct WorkloadSettings {
    int n_prompt = 128;  // prompt tokens processed in the prefill
    int n_gen = 64;      // decode steps after the prefill (llama-bench tg semantics)
    int batch = 1;       // independent sequences
    int ctx = 0;         // KV-cache size in tokens; 0 = n_prompt + n_gen
    int effective_ctx() const { return ctx > 0 ? ctx : n_prompt + n_gen; }
};

struct AlertThresholds {
    double temperature_C = 1e9;
    double power_W = 1e9;
    double memory_share = 1.0;  // footprint / capacity of any level
};

struct DesignPoint {
    std::string origin = "command line";  // scenario file, for messages
    std::string name;
    std::string model_ref;  // card name or file as the user wrote it
    ModelSpec model;
    QuantScheme quant;
    WorkloadSettings workload;
    PlatformRequest platform;
    std::string platform_ref, runtime_ref;
    std::string fidelity = "analytic";
    AlertThresholds alerts;

    // Canonical JSON of everything that determines the result (keys sorted).
    Json resolved() const;
    // 16 hex digits of FNV-1a-64 over resolved().dump().
    std::string config_hash() const;
};

Json model_to_json(const ModelSpec& m);

}  // namespace edgetwin
