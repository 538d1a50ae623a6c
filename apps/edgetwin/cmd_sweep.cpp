// `edgetwin sweep FILE`: expands the scenario's sweep section and runs it (resumable), optionally as
// one shard of a Slurm job array; `--emit-sbatch` writes the job-array script instead.
#include <unistd.h>

#ifdef EDGETWIN_HAVE_MPI
#include <mpi.h>
#endif

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>

#include "analysis/h5_merge.h"
#include "analysis/output_kind.h"
#include "analysis/validation/bands.h"
#include "apps/edgetwin/commands.h"
#include "apps/edgetwin/output_flags.h"
#include "sim/core/input_file.h"
#include "sim/core/output_guard.h"
#include "sim/core/user_error.h"
#include "sim/runner/sweep_runner.h"

namespace edgetwin::cli {
namespace {

struct SweepArgs {
    std::string scenario, output, shard, emit_sbatch, store = "full";
    int jobs = 1;
    bool fresh = false, force = false, no_retry = false, json = false;
};

void parse_shard(const std::string& text, SweepOptions& o) {
    const auto slash = text.find('/');
    try {
        if (slash == std::string::npos) throw std::invalid_argument("no slash");
        o.shard_index = std::stoi(text.substr(0, slash));
        o.shard_count = std::stoi(text.substr(slash + 1));
    } catch (const std::exception&) {
        throw UserError("command line", "--shard", "'" + text + "' is not i/N (e.g. 0/4)");
    }
    if (o.shard_count < 1 || o.shard_index < 0 || o.shard_index >= o.shard_count)
        throw UserError("command line", "--shard", "'" + text + "': need 0 <= i < N");
}

// Slurm job arrays: SLURM_ARRAY_TASK_ID counts from SLURM_ARRAY_TASK_MIN.
bool shard_from_slurm(SweepOptions& o) {
    const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
    const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
    if (!id || !count) return false;
    const char* min = std::getenv("SLURM_ARRAY_TASK_MIN");
    auto number = [](const char* name, const char* text) {
        try {
            std::size_t used = 0;
            const long v = std::stol(text, &used);
            if (used == std::strlen(text) && v >= 0 && v < (1L << 30)) return v;
        } catch (const std::exception&) {
        }
        throw UserError("environment", name, "'" + brief(text) + "' is not a non-negative whole number");
    };
    const long first = min ? number("SLURM_ARRAY_TASK_MIN", min) : 0;
    const long task = number("SLURM_ARRAY_TASK_ID", id), tasks = number("SLURM_ARRAY_TASK_COUNT", count);
    if (task < first || tasks < 1 || task - first >= tasks)
        throw UserError("environment", "SLURM_ARRAY_TASK_ID", std::to_string(task) + " is outside the array [" +
                                                                 std::to_string(first) + ", " + std::to_string(first + tasks - 1) + "]");
    parse_shard(std::to_string(task - first) + "/" + std::to_string(tasks), o);
    return true;
}

// Exit status of a sweep that finished with some failed points (0: all succeeded, 2: refused to start).
constexpr int kExitSomePointsFailed = 3;

// The sweep's result file: a new file, or an edgetwin sweep file to resume (same sweep; checked by
// run_sweep) or replace (--fresh). Anything else there is refused unless --force, which replaces it.
void prepare_sweep_output(const std::string& output, bool force, SweepOptions& o) {
    claim_output_path(output, "result file");
    const std::string existing = describe_existing_output(output);
    check_replace_allowed(output, OutputKind::SweepResult, force);
    if (!existing.empty() && existing != output_kind_name(OutputKind::SweepResult)) o.fresh = true;
}

std::string stem_of(const std::string& path) {
    return path.size() > 3 && path.compare(path.size() - 3, 3, ".h5") == 0 ? path.substr(0, path.size() - 3) : path;
}

int emit_sbatch(const SweepArgs& a, const std::string& output, int shards) {
    check_replace_allowed(a.emit_sbatch, OutputKind::SbatchScript, a.force);
    std::ostringstream f;
    char self[4096] = {0};
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    const std::string exe = n > 0 ? std::string(self, static_cast<std::size_t>(n)) : "edgetwin";
    char* abs = ::realpath(a.scenario.c_str(), nullptr);
    const std::string scenario = abs ? abs : a.scenario;
    std::free(abs);
    const std::string stem = stem_of(output);
    f << "#!/bin/bash\n"
      << "# Slurm job array for " << scenario << ": each task runs one shard into its own file;\n"
      << "# afterwards: " << exe << " merge " << output << " " << stem << ".shard*.h5\n"
      << "#SBATCH --job-name=edgetwin-sweep\n"
      << "#SBATCH --array=0-" << shards - 1 << "\n"
      << "#SBATCH --cpus-per-task=" << a.jobs << "\n"
      << "#SBATCH --time=02:00:00\n"
      << "set -euo pipefail\n"
      << exe << " sweep " << scenario << " -j ${SLURM_CPUS_PER_TASK:-" << a.jobs << "} --shard ${SLURM_ARRAY_TASK_ID}/"
      << shards << " -o " << stem << ".shard${SLURM_ARRAY_TASK_ID}.h5\n";
    write_text_file_atomically(a.emit_sbatch, "sbatch script", f.str());
    std::cerr << "wrote " << a.emit_sbatch << " (" << shards << " array tasks)\n";
    return 0;
}

int run(const SweepArgs& a, CLI::App* cmd) {
    const Json scenario = load_json_file(a.scenario);
    validation::shipped_bands();  // /points carries the corpus bands: a broken table stops us before any point
    if (!scenario.contains("sweep"))
        throw UserError(a.scenario, "sweep", "no sweep section; run a single point with `edgetwin run`");
    SweepOptions o;
    o.store = parse_store_level(a.store, "command line", "--store");
    o.jobs = a.jobs;
    if (o.jobs < 1 || o.jobs > 1024) throw UserError("command line", "-j", "allowed 1..1024");
    o.fresh = a.fresh;
    o.retry_failed = !a.no_retry;
    o.progress_tty = ::isatty(2);
    std::string output = a.output;
    if (cmd->count("--output") && output.empty())
        throw UserError("command line", "--output", "empty file name (leave -o out for the scenario's outputs.h5)");
    if (output.empty()) {
        const Json outs = scenario.contains("outputs") ? scenario["outputs"] : Json::object();
        if (!outs.is_object()) throw UserError(a.scenario, "outputs", "expected an object");
        output = optional_string(outs, "h5", "results.h5", a.scenario, "outputs");
    }
    if (!a.emit_sbatch.empty()) {
        int shards = 4;
        if (cmd->count("--shard")) {
            SweepOptions tmp;
            parse_shard("0/" + a.shard.substr(a.shard.find('/') + 1), tmp);
            shards = tmp.shard_count;
        }
        return emit_sbatch(a, output, shards);
    }
#ifdef EDGETWIN_HAVE_MPI
    // Under mpirun each rank runs shard rank/size into its own file; rank 0 merges them at the end.
    // A failed rank leaves the other ranks' files complete and mergeable by hand.
    if (std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE")) {
        MPI_Init(nullptr, nullptr);
        int rank = 0, size = 1;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        if (size > 1) {
            o.shard_index = rank;
            o.shard_count = size;
            o.output = stem_of(output) + ".rank" + std::to_string(rank) + ".h5";
            o.progress_tty = false;
            int status = 0;
            try {
                run_sweep(scenario, a.scenario, o);
            } catch (const std::exception& e) {
                std::cerr << "edgetwin: rank " << rank << ": " << e.what() << "\n";
                status = 1;
            }
            int worst = 0;
            MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
            if (rank == 0 && worst == 0) {
                std::vector<std::string> parts;
                for (int r = 0; r < size; ++r) parts.push_back(stem_of(output) + ".rank" + std::to_string(r) + ".h5");
                const MergeReport m = merge_results_h5(output, parts);
                for (const auto& p : parts) std::remove(p.c_str());
                std::cout << "sweep: " << size << " ranks, " << m.rows << " points -> " << output << "\n";
            }
            MPI_Finalize();
            return worst == 0 ? 0 : 1;
        }
        MPI_Finalize();
    }
#endif
    const bool sharded = cmd->count("--shard") ? (parse_shard(a.shard, o), true) : shard_from_slurm(o);
    if (sharded && a.output.empty())
        output = stem_of(output) + ".shard" + std::to_string(o.shard_index) + ".h5";
    o.output = output;
    prepare_sweep_output(output, a.force, o);
    set_interrupt_message("edgetwin: sweep interrupted; the points finished so far are kept in " + output +
                          ": rerun the same command to resume");

    const SweepReport r = run_sweep(scenario, a.scenario, o);
    if (a.json) {
        std::cout << Json{{"output", output},        {"generated", r.generated}, {"dropped", r.dropped},
                          {"dropped_by", r.dropped_by}, {"in_shard", r.in_shard}, {"already_done", r.skipped},
                          {"retried", r.retried},       {"simulated", r.ran},      {"failed", r.failed + r.failed_kept},
                          {"wall_s", r.wall_s}}
                         .dump()
                  << "\n";
    } else {
        std::cout << "sweep: " << r.generated << " generated, " << r.dropped << " dropped by constraints";
        for (const auto& [c, n] : r.dropped_by) std::cout << " [" << n << " by '" << c << "']";
        std::cout << "; " << r.in_shard << " in this shard, " << r.skipped << " already done";
        if (r.retried) std::cout << " (" << r.retried << " failed before, retried)";
        std::cout << ", " << r.ran << " simulated, " << r.failed << " failed; " << r.wall_s << " s -> " << output << "\n";
    }
    const std::size_t failed = r.failed + r.failed_kept;
    if (failed == 0) return 0;
    std::cerr << "edgetwin: " << output << ": " << failed << " of " << r.in_shard
              << " points failed (their /points rows have status error and the reason); fix the cause and rerun"
              << (r.failed_kept ? " without --no-retry" : "") << " to retry them\n";
    return kExitSomePointsFailed;
}

}  // namespace

Action add_sweep_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("sweep", "Run a scenario's sweep section (resumable; shards for Slurm)");
    auto a = std::make_shared<SweepArgs>();
    cmd->add_option("scenario", a->scenario, "Scenario JSON with a sweep section")->required();
    cmd->add_option("-j,--jobs", a->jobs, "Parallel workers (threads for analytic, processes for tlm)");
    cmd->add_option("-o,--output", a->output, "HDF5 result file (default: outputs.h5 of the scenario)");
    cmd->add_option("--shard", a->shard, "Run shard i of N (i/N); default from SLURM_ARRAY_TASK_ID/COUNT");
    cmd->add_flag("--fresh", a->fresh, "Replace an existing result file of this sweep instead of resuming it");
    cmd->add_flag("--no-retry", a->no_retry, "On resume, keep the points that failed before instead of simulating them again");
    add_force_flag(cmd, a->force);
    cmd->add_flag("--json", a->json, "Print the sweep's summary as one JSON object");
    cmd->add_option("--store", a->store,
                    "What each point keeps beside its /points row: points (nothing), summary (memory, alerts, rails) "
                    "or full (also ops and the per-token timeline; default)");
    cmd->add_option("--emit-sbatch", a->emit_sbatch, "Write a Slurm job-array script (N = --shard's N, default 4)");
    return [a, cmd] { return run(*a, cmd); };
}

}  // namespace edgetwin::cli
