// `edgetwin analyze FILE`: filter /points rows and print them, or the Pareto front of objectives,
// which is also stored in the file as /analysis/pareto.
#include <hdf5.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "analysis/h5_safe_vfd.h"
#include "analysis/h5_table.h"
#include "analysis/point_query.h"
#include "apps/edgetwin/commands.h"
#include "sim/core/text_table.h"
#include "sim/core/json_io.h"
#include "sim/core/user_error.h"

namespace edgetwin::cli {
namespace {

struct AnalyzeArgs {
    std::string file, pareto;
    std::vector<std::string> filters;
    bool json = false;
};

// One row of `analyze --json`: the columns of the table, numbers as numbers (NaN as null).
Json row_json(const PointRow& r) {
    auto num = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
    return Json{{"config_hash", r.config_hash}, {"run", r.run}, {"platform", r.platform}, {"runtime", r.runtime},
                {"model", r.model}, {"quant", r.quant}, {"fidelity", r.fidelity}, {"status", r.status}, {"error", r.error},
                {"n_prompt", r.n_prompt}, {"n_gen", r.n_gen}, {"clock_hz", num(r.clock_hz)},
                {"prefill_tok_s", num(r.prefill_tok_s)}, {"decode_tok_s", num(r.decode_tok_s)}, {"ttft_s", num(r.ttft_s)},
                {"energy_per_token_J", num(r.energy_per_token_J)}, {"avg_power_W", num(r.avg_power_W)},
                {"bottleneck", r.bottleneck}};
}

void store_front(const std::string& path, const std::vector<PointRow>& rows, const std::vector<std::size_t>& front,
                 const std::vector<Objective>& objectives, const std::string& spec) {
    // Through the full-disk-safe driver: a failed write leaves the file as it was.
    h5::Handle f(H5Fopen(path.c_str(), H5F_ACC_RDWR, h5::safe_file_access().get()), H5Fclose, "open " + path);
    if (!h5::link_exists(f.get(), "analysis"))
        h5::Handle(H5Gcreate2(f.get(), "analysis", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create /analysis");
    h5::Handle g(H5Gopen2(f.get(), "analysis", H5P_DEFAULT), H5Gclose, "open /analysis");
    if (h5::link_exists(g.get(), "pareto")) h5::check(H5Ldelete(g.get(), "pareto", H5P_DEFAULT), "replace pareto");
    std::vector<h5::Column> cols{{"config_hash", h5::ColType::Str, 16, "", "point on the front"},
                                 {"run", h5::ColType::Str, 64, "", "its /runs group"}};
    for (const auto& o : objectives)
        cols.push_back({o.column, h5::ColType::F64, 0, "", std::string(o.maximize ? "maximised" : "minimised")});
    const h5::RowLayout layout(cols);
    h5::RowBuffer buf(layout);
    for (std::size_t i : front) {
        unsigned char* row = buf.add_row();
        layout.set(row, 0, rows[i].config_hash);
        layout.set(row, 1, rows[i].run);
        for (std::size_t k = 0; k < objectives.size(); ++k) layout.set(row, 2 + k, point_value(rows[i], objectives[k].column));
    }
    h5::Handle d = h5::create_table(g.get(), "pareto", layout, buf, 256);
    h5::write_string_attr(d.get(), "objectives", spec);
    d.reset();
    g.reset();
    h5::flush_and_close(f, path);  // a refused write is reported, the file keeps its previous state
}

int run(const AnalyzeArgs& a) {
    const std::vector<Objective> objectives = a.pareto.empty() ? std::vector<Objective>{} : parse_objectives(a.pareto);
    std::vector<PointRow> rows;
    for (const auto& r : read_points_h5(a.file)) {
        bool keep = true;
        for (const auto& f : a.filters) keep = keep && point_matches(r, f);
        if (keep && (a.pareto.empty() || r.status == "ok")) rows.push_back(r);
    }
    std::vector<std::size_t> shown(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) shown[i] = i;
    if (!objectives.empty()) shown = pareto_front(rows, objectives);
    // The front is stored in the file it came from when that file may be written; a read-only result
    // (an archive, someone else's file) is analysed all the same.
    const bool store = !a.pareto.empty() && ::access(a.file.c_str(), W_OK) == 0;
    if (store) {
        h5::QuietErrors quiet;
        try {
            store_front(a.file, rows, shown, objectives, a.pareto);
        } catch (const h5::Failure& e) {
            throw UserError(a.file, "analysis/pareto", std::string("cannot store the front: ") + e.what());
        }
    }
    if (a.json) {
        Json rows_out = Json::array();
        for (std::size_t i : shown) rows_out.push_back(row_json(rows[i]));
        std::cout << Json{{"file", a.file}, {"rows", rows_out}, {"rows_matched", rows.size()},
                          {"pareto", a.pareto.empty() ? Json(nullptr) : Json(a.pareto)}, {"front_stored", store}}
                         .dump()
                  << "\n";
        return 0;
    }
    auto fmt = [](const char* f, double v) {
        char b[32];
        std::snprintf(b, sizeof b, f, v);
        return std::string(b);
    };
    std::vector<std::vector<std::string>> table;
    for (std::size_t i : shown) {
        const PointRow& r = rows[i];
        table.push_back({r.config_hash, r.platform, r.model, r.quant, std::to_string(r.threads),
                         fmt("%.0f", r.cpu_clock_hz / 1e6), r.gpu_clock_hz > 0 ? fmt("%.0f", r.gpu_clock_hz / 1e6) : "-",
                         fmt("%.2f", r.prefill_tok_s), fmt("%.2f", r.decode_tok_s), fmt("%.4g", r.energy_per_token_J),
                         fmt("%.3f", r.avg_power_W), r.status});
    }
    std::cout << format_text_table({"config_hash", "platform", "model", "quant", "threads", "cpu_MHz", "gpu_MHz", "prefill/s",
                                    "decode/s", "J/token", "power_W", "status"},
                                   table, {4, 5, 6, 7, 8, 9, 10});
    std::fflush(stdout);
    std::printf("%zu of %zu rows%s\n", shown.size(), rows.size(),
                a.pareto.empty() ? "" : store ? " on the Pareto front (stored in /analysis/pareto)"
                                              : " on the Pareto front (not stored: the file is read-only)");
    return 0;
}

}  // namespace

Action add_analyze_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("analyze", "Filter result rows; Pareto front of objectives (stored in /analysis)");
    auto a = std::make_shared<AnalyzeArgs>();
    cmd->add_option("file", a->file, "Result file (.h5)")->required();
    cmd->add_option("--pareto", a->pareto, "Objectives, e.g. decode_tok_s:max,energy_per_token_J:min");
    cmd->add_option("--filter", a->filters, "Row filter, e.g. \"decode_tok_s>=10\", \"fits==true\" (repeatable)");
    cmd->add_flag("--json", a->json, "Print {\"rows\": [...], ...} as one JSON object instead of the table");
    return [a] { return run(*a); };
}

}  // namespace edgetwin::cli
