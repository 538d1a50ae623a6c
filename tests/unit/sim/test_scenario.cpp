#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "sim/core/user_error.h"
#include "sim/scenario/scenario.h"

using namespace edgetwin;

namespace {
std::string write_temp(const std::string& text) {
    char name[] = "/tmp/edgetwin_scenario_XXXXXX";
    const int fd = ::mkstemp(name);
    REQUIRE(fd >= 0);
    std::ofstream(name) << text;
    return name;
}

std::string error_of(const std::string& text) {
    const std::string path = write_temp(text);
    try {
        resolve_design_point(read_scenario_file(path));
    } catch (const UserError& e) {
        std::remove(path.c_str());
        std::string msg = e.what();
        return msg.substr(msg.find(": ") + 2);  // drop the temp path
    }
    std::remove(path.c_str());
    return "";
}

const char* kGood = R"({
  // comments are allowed
  "schema_version": 1,
  "workload": {"model": "tinyllama-1.1b", "quant": "Q8_0", "n_prompt": 64, "n_gen": 16},
  "hardware": {"platform": "rpi5-8gb", "freq": "1.8GHz", "set": {"memories[0].efficiency": 0.5}},
  "runtime": {"threads": 2}
})";
}  // namespace

TEST_CASE("a scenario resolves presets, overrides and settings", "[scenario]") {
    const std::string path = write_temp(kGood);
    const ScenarioInputs in = read_scenario_file(path);
    const DesignPoint p = resolve_design_point(in);
    std::remove(path.c_str());
    CHECK(p.model.n_layer == 22);
    CHECK(p.quant.default_type == GgmlType::Q8_0);
    CHECK(*p.platform.settings.freq_hz == Approx(1.8e9));
    CHECK(*p.platform.settings.threads == 2);
    CHECK(p.platform.preset["memories"][0]["efficiency"] == 0.5);
    CHECK(p.runtime_ref == "llama.cpp-cpu-arm");  // the preset's default_runtime
    CHECK(p.config_hash().size() == 16);
}

TEST_CASE("scenario mistakes are one line naming the key and what is allowed", "[scenario]") {
    CHECK(error_of("{\"schema_version\": 1,,}").rfind("malformed JSON at line 1 column 22", 0) == 0);
    CHECK(error_of(R"({"schema_version":1,"workload":{"model":"nope","quant":"Q4_0"},"hardware":{"platform":"rpi5-8gb"}})")
              .rfind("workload.model: unknown model 'nope' (known: ", 0) == 0);
    CHECK(error_of(R"({"schema_version":1,"workload":{"model":"stories15M","quant":"Q4_0"},"hardware":{"platform":"rpi5-8gb","freq":"240 MHzz"}})") ==
          "hardware.freq: '240 MHzz': unknown frequency unit 'MHzz' (allowed: Hz, kHz, MHz, GHz)");
    CHECK(error_of(R"({"schema_version":1,"workload":{"model":"stories15M","quant":"Q4_0","n_gen":-3},"hardware":{"platform":"rpi5-8gb"}})") ==
          "workload.n_gen: value -3 is out of range; allowed [0, 1048576]");
    CHECK(error_of(R"({"schema_version":1,"workload":{"model":"stories15M","quant":"Q4_0"},"hardware":{"platform":"rpi5-8gb","set":{"cpu.bogus.x":1}}})") ==
          "hardware.set.cpu.bogus.x: 'bogus' does not exist in the preset");
    CHECK(error_of(R"({"schema_version":1,"workload":{"model":"stories15M","quant":"Q4_0"},"hardware":{"platform":"rpi5-8gb"},"runn":{}})")
              .rfind("runn: unknown key (allowed: workload, hardware, runtime, run, alerts, outputs, sweep, schema_version", 0) == 0);
}

TEST_CASE("a llama2.c runtime implies its own run: BOS + 255 steps, fp32 KV cache of seq_len", "[scenario]") {
    // run.c: steps = 256 from BOS (1 prompt position + 255 generated), key/value caches float[seq_len].
    ScenarioInputs in = default_scenario_inputs();
    in.platform.value = "esp32s3-r2";
    in.runtime.value = "llama2.c-esp-dsp";
    in.model.value = "stories260K";
    in.quant.value = "F32";
    DesignPoint p = resolve_design_point(in);
    CHECK(p.workload.n_prompt == 1);
    CHECK(p.workload.n_gen == 255);
    CHECK(p.workload.ctx == 512);  // stories260K's seq_len
    CHECK(p.quant.kv_type == GgmlType::F32);
    // What the user sets wins; the rest still follows the runtime.
    in.n_gen = {10, "command line", "--n-gen"};
    p = resolve_design_point(in);
    CHECK(p.workload.n_gen == 10);
    CHECK(p.workload.n_prompt == 1);
    // A runtime without implied settings keeps llama-bench's pp512/tg128 and an f16 cache.
    ScenarioInputs rpi = default_scenario_inputs();
    rpi.platform.value = "rpi5-8gb";
    rpi.model.value = "tinyllama-1.1b";
    rpi.quant.value = "Q4_0";
    p = resolve_design_point(rpi);
    CHECK(p.workload.n_prompt == 512);
    CHECK(p.workload.n_gen == 128);
    CHECK(p.quant.kv_type == GgmlType::F16);
}
