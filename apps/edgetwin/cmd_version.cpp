#include <iostream>

#include "apps/edgetwin/commands.h"
#include "edgetwin/build_info.h"

namespace edgetwin::cli {

Action add_version_command(CLI::App& app) {
    app.add_subcommand("version", "Print version and git commit");
    return [] {
        std::cout << "edgetwin " << kVersion << " (" << kGitCommit << ")\n";
        return 0;
    };
}

}  // namespace edgetwin::cli
