#pragma once
// Builders for tests: small platforms and models written inline, so each test shows its numbers.
#include "models/quant_recipes.h"
#include "sim/scenario/design_point.h"

namespace edgetwin::test {

// A generic platform: `cores` cores at 1 GHz, DRAM (bandwidth, latency) holding weights and KV,
// and a fast SRAM for activations. Compute is made negligible unless `macs_per_cycle` is small.
inline Json generic_preset(int cores, const std::string& dram_bw, const std::string& dram_latency = "0s",
                           double macs_per_cycle = 1e6) {
    return Json{{"schema_version", 1},
                {"family", "generic"},
                {"name", "test-board"},
                {"default_runtime", "test-runtime"},
                {"cpu",
                 {{"cores", cores},
                  {"clock", "1GHz"},
                  {"clock_min", "100MHz"},
                  {"clock_max", "2GHz"},
                  {"macs_per_cycle", {{"default", macs_per_cycle}}},
                  {"flops_per_cycle", macs_per_cycle},
                  {"cycles_per_transcendental", 0},
                  {"dequant_ops_per_cycle", macs_per_cycle},
                  {"active_power", "1W"},
                  {"tile", "4KiB"}}},
                {"memories",
                 Json::array({{{"name", "sram"}, {"capacity", "64MiB"}, {"bandwidth", "1000GB/s"}},
                              {{"name", "dram"},
                               {"capacity", "4GiB"},
                               {"bandwidth", dram_bw},
                               {"latency", dram_latency},
                               {"read_energy_per_byte", "10pJ"},
                               {"write_energy_per_byte", "10pJ"}}})},
                {"placement", {{"weights", "dram"}, {"kv", "dram"}, {"activations", "sram"}}},
                {"power", {{"static", "1W"}}},
                {"thermal", {{"resistance", "10K/W"}, {"capacitance", "5J/K"}}}};
}

inline Json generic_runtime(const std::string& op_overhead, const std::string& token_overhead, int threads = 0) {
    return Json{{"schema_version", 1},       {"family", "generic"},
                {"name", "test-runtime"},    {"threads", threads},
                {"op_overhead", op_overhead}, {"token_overhead", token_overhead},
                {"compute_efficiency", 1.0}};
}

// d_model 256, 4 heads (MHA), d_ff 768, 2 layers, vocab 1024, untied.
inline ModelSpec tiny_model() {
    ModelSpec m;
    m.name = "tiny";
    m.n_layer = 2;
    m.d_model = 256;
    m.n_head = 4;
    m.n_head_kv = 4;
    m.head_dim = 64;
    m.d_ff = 768;
    m.n_vocab = 1024;
    m.n_ctx_train = 512;
    return m;
}

inline DesignPoint make_point(const Json& preset, const Json& runtime, const ModelSpec& model, GgmlType quant,
                              int n_prompt, int n_gen, const std::string& fidelity) {
    DesignPoint p;
    p.origin = "test";
    p.model = model;
    p.model_ref = model.name;
    p.quant = uniform_scheme(quant);
    p.workload.n_prompt = n_prompt;
    p.workload.n_gen = n_gen;
    p.platform.preset = preset;
    p.platform.file = "test-preset";
    p.platform.runtime = runtime;
    p.platform.runtime_file = "test-runtime";
    p.platform_ref = "test-board";
    p.runtime_ref = "test-runtime";
    p.fidelity = fidelity;
    return p;
}

}  // namespace edgetwin::test
