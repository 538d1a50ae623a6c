// edgetwin CLI: a thin shell over the library. User errors print one line and exit 2; internal
// errors exit 1.
#include <systemc>

#include <iostream>

#include "apps/edgetwin/commands.h"
#include "sim/core/user_error.h"

// libsystemc.so provides main() and calls sc_main; we use our own main() (build-notes §4.3).
int sc_main(int, char**) { return 0; }

int main(int argc, char** argv) {
    CLI::App app{"edgetwin: digital-twin profiler for quantized LLM inference on edge hardware"};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Help for every subcommand");
    auto run = edgetwin::cli::add_run_command(app);
    auto list = edgetwin::cli::add_list_command(app);
    auto version = edgetwin::cli::add_version_command(app);
    auto calibrate = edgetwin::cli::add_calibrate_command(app);
    auto inspect = edgetwin::cli::add_inspect_command(app);
    auto sweep = edgetwin::cli::add_sweep_command(app);
    auto merge = edgetwin::cli::add_merge_command(app);
    auto analyze = edgetwin::cli::add_analyze_command(app);
    auto rram = edgetwin::cli::add_rram_command(app);
    auto replay = edgetwin::cli::add_replay_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "edgetwin: " << e.what() << " (see edgetwin --help)\n";
        return 2;
    }
    try {
        if (app.got_subcommand("run")) return run();
        if (app.got_subcommand("list")) return list();
        if (app.got_subcommand("version")) return version();
        if (app.got_subcommand("calibrate")) return calibrate();
        if (app.got_subcommand("inspect")) return inspect();
        if (app.got_subcommand("sweep")) return sweep();
        if (app.got_subcommand("merge")) return merge();
        if (app.got_subcommand("analyze")) return analyze();
        if (app.got_subcommand("rram")) return rram();
        if (app.got_subcommand("replay")) return replay();
        return 2;
    } catch (const edgetwin::UserError& e) {
        std::cerr << "edgetwin: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "edgetwin: internal error: " << e.what() << "\n";
        return 1;
    }
}
