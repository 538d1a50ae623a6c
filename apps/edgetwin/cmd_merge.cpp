// `edgetwin merge OUT IN...`: joins shard/rank result files of one sweep.
#include <iostream>

#include "analysis/h5_merge.h"
#include "apps/edgetwin/commands.h"
#include "apps/edgetwin/output_flags.h"
#include "sim/core/input_file.h"
#include "sim/core/output_guard.h"

namespace edgetwin::cli {

Action add_merge_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("merge", "Join result files of one sweep (shards, ranks) into one");
    auto output = std::make_shared<std::string>();
    auto inputs = std::make_shared<std::vector<std::string>>();
    auto force = std::make_shared<bool>(false);
    cmd->add_option("output", *output, "Merged HDF5 file")->required();
    cmd->add_option("inputs", *inputs, "Shard files")->required();
    add_force_flag(cmd, *force);
    return [output, inputs, force] {
        for (const auto& in : *inputs) note_input_file(in, "shard '" + brief(in) + "'");
        prepare_output(*output, OutputKind::SweepResult, *force);
        const MergeReport r = merge_results_h5(*output, *inputs);
        std::cout << "merged " << r.files << " files: " << r.rows << " points (" << r.duplicates
                  << " duplicates skipped) -> " << *output << "\n";
        return 0;
    };
}

}  // namespace edgetwin::cli
