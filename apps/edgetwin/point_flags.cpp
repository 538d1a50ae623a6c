#include "apps/edgetwin/point_flags.h"

#include <optional>

namespace edgetwin::cli {
namespace {

template <class T>
void flag_override(CLI::App* cmd, const char* flag, Sourced<T>& field, const T& value) {
    if (cmd->count(flag)) field = Sourced<T>{value, "command line", flag};
}

template <class T>
void flag_override(CLI::App* cmd, const char* flag, std::optional<Sourced<T>>& field, const T& value) {
    if (cmd->count(flag)) field = Sourced<T>{value, "command line", flag};
}

}  // namespace

void add_point_flags(CLI::App* cmd, PointFlags& f, bool with_freq) {
    cmd->add_option("--platform", f.platform, "Platform preset (edgetwin list platforms) or preset file");
    cmd->add_option("--model", f.model, "Model card name or model file");
    cmd->add_option("--quant", f.quant, "Quantization, e.g. Q4_0, Q4_K_M, q4f16_1, F16");
    cmd->add_option("--runtime", f.runtime, "Runtime profile (default: the platform's)");
    cmd->add_option("--kv-type", f.kv_type, "KV-cache type: f16, q8_0, q4_0, ...");
    cmd->add_option("--n-prompt", f.n_prompt, "Prompt tokens (default 512)");
    cmd->add_option("--n-gen", f.n_gen, "Decode steps (default 128)");
    cmd->add_option("--batch", f.batch, "Independent sequences (default 1)");
    cmd->add_option("--ctx", f.ctx, "KV-cache size in tokens (default n_prompt + n_gen)");
    if (with_freq) cmd->add_option("--freq", f.freq, "Clock setting, e.g. 1.8GHz");
    cmd->add_option("--power-mode", f.power_mode, "Power mode (platforms that have them)");
    cmd->add_option("--threads", f.threads, "Worker threads");
    cmd->add_option("--gpu-layers", f.gpu_layers, "Layers offloaded to the GPU (llama.cpp -ngl)");
    cmd->add_option("--fidelity", f.fidelity, "analytic | tlm");
}

void apply_point_flags(CLI::App* cmd, const PointFlags& f, ScenarioInputs& in) {
    flag_override(cmd, "--platform", in.platform, f.platform);
    flag_override(cmd, "--model", in.model, f.model);
    flag_override(cmd, "--quant", in.quant, f.quant);
    flag_override(cmd, "--runtime", in.runtime, f.runtime);
    flag_override(cmd, "--kv-type", in.kv_type, f.kv_type);
    flag_override(cmd, "--fidelity", in.fidelity, f.fidelity);
    flag_override(cmd, "--n-prompt", in.n_prompt, f.n_prompt);
    flag_override(cmd, "--n-gen", in.n_gen, f.n_gen);
    flag_override(cmd, "--batch", in.batch, f.batch);
    flag_override(cmd, "--ctx", in.ctx, f.ctx);
    if (cmd->get_option_no_throw("--freq") != nullptr) flag_override(cmd, "--freq", in.freq, f.freq);
    flag_override(cmd, "--power-mode", in.power_mode, f.power_mode);
    flag_override(cmd, "--threads", in.threads, f.threads);
    flag_override(cmd, "--gpu-layers", in.gpu_layers, f.gpu_layers);
}

}  // namespace edgetwin::cli
