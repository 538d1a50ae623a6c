// edgetwin CLI: a thin shell over the library. User errors print one line and exit 2; internal
// errors exit 1.
#include <systemc>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "apps/edgetwin/commands.h"
#include "analysis/bench/llama_bench_args.h"
#include "sim/core/input_file.h"
#include "sim/core/output_guard.h"
#include "sim/core/user_error.h"

// libsystemc.so provides main() and calls sc_main; we use our own main() (build-notes §4.3).
int sc_main(int, char**) { return 0; }

namespace {

// Every error is one line on stderr (a scripted caller reads the last line); a message with an embedded
// newline or a huge quoted value is folded and cut.
std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return edgetwin::brief(text, 2000);
}

}  // namespace

int main(int argc, char** argv) {
    edgetwin::install_interrupt_cleanup();
    // Past `ulimit -f` a write must fail with EFBIG (reported in one line), not kill the process.
    std::signal(SIGXFSZ, SIG_IGN);
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
    auto bench = edgetwin::cli::add_bench_command(app);
    auto completion = edgetwin::cli::add_completion_command(app);
    // CLI11 reports a misspelt subcommand as "a subcommand is required"; name it and the choices.
    if (argc > 1 && argv[1][0] == '-') {
        const std::string opt = argv[1];
        if (opt != "-h" && opt != "--help" && opt != "--help-all" && opt != "--version") {
            std::cerr << "edgetwin: unknown option '" << edgetwin::brief(opt)
                      << "' before the subcommand (allowed: --help, --help-all, --version)\n";
            return 2;
        }
    }
    if (argc > 1 && argv[1][0] != '-') {
        std::string names;
        bool known = false;
        for (const CLI::App* sub : app.get_subcommands({})) {
            known |= sub->get_name() == argv[1];
            names += (names.empty() ? "" : ", ") + sub->get_name();
        }
        if (!known) {
            std::cerr << "edgetwin: unknown subcommand '" << edgetwin::brief(argv[1]) << "' (allowed: " << names << ")\n";
            return 2;
        }
    }
    try {
        if (argc > 1 && std::string(argv[1]) == "bench") {
            // llama-bench's single-dash flags (-ngl, -pg, -ctk) become long options CLI11 can parse.
            std::vector<std::string> args(argv + 1, argv + argc);
            args = edgetwin::rewrite_llama_bench_flags(args);
            std::reverse(args.begin(), args.end());  // CLI11 takes the vector reversed
            app.parse(args);
        } else {
            app.parse(argc, argv);
        }
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "edgetwin: " << one_line(e.what()) << " (see edgetwin --help)\n";
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
        if (app.got_subcommand("bench")) return bench();
        if (app.got_subcommand("completion")) return completion();
        return 2;
    } catch (const edgetwin::UserError& e) {
        std::cerr << "edgetwin: " << one_line(e.what()) << "\n";
        return 2;
    } catch (const std::bad_alloc&) {
        std::cerr << "edgetwin: out of memory\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "edgetwin: internal error: " << one_line(e.what()) << "\n";
        return 1;
    }
}
