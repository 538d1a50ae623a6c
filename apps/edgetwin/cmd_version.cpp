#include <iostream>
#include <memory>

#include "apps/edgetwin/commands.h"
#include "edgetwin/build_info.h"
#include "sim/core/json_io.h"
#include "sim/core/paths.h"

namespace edgetwin::cli {

Action add_version_command(CLI::App& app) {
    app.set_version_flag("--version", std::string("edgetwin ") + kVersion + " (" + kGitCommit + ")");
    auto* cmd = app.add_subcommand("version", "Print version and git commit");
    auto json = std::make_shared<bool>(false);
    cmd->add_flag("--json", *json, "Print {\"edgetwin_version\": ..., \"git_commit\": ..., \"data_dir\": ...}");
    return [json] {
        if (*json)
            std::cout << Json{{"edgetwin_version", kVersion}, {"git_commit", kGitCommit}, {"data_dir", data_dir()}}.dump() << "\n";
        else std::cout << "edgetwin " << kVersion << " (" << kGitCommit << ")\n";
        return 0;
    };
}

}  // namespace edgetwin::cli
