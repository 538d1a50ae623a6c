#pragma once
// Subcommands of the edgetwin CLI. Each registers its options on the app and runs when selected.
#include <CLI/CLI.hpp>
#include <functional>

namespace edgetwin::cli {

using Action = std::function<int()>;

// Each returns the action to run if its subcommand was selected.
Action add_run_command(CLI::App& app);
Action add_list_command(CLI::App& app);
Action add_version_command(CLI::App& app);
Action add_calibrate_command(CLI::App& app);
Action add_inspect_command(CLI::App& app);
Action add_sweep_command(CLI::App& app);
Action add_merge_command(CLI::App& app);
Action add_analyze_command(CLI::App& app);
Action add_rram_command(CLI::App& app);
Action add_replay_command(CLI::App& app);
Action add_bench_command(CLI::App& app);
Action add_completion_command(CLI::App& app);

}  // namespace edgetwin::cli
