// bench/validate: predicts every row of the validation corpus (data/validation, see its README) with the
// presets as they are and prints measured, predicted and error per row, then MAPE per metric class,
// platform family x runtime, board and model, with train and test rows apart. A program, not a test:
// it reports; tests/unit/analysis/test_validation_corpus.cpp asserts.
// Error bands (analysis/validation/bands.h) come from the train rows; their coverage of the test rows is
// printed, and --write-bands FILE stores them (data/validation/bands.json is what `run` reports).
// --transfer adds leave-one-board-out and leave-one-model-out refits of each runtime's parameters (slow:
// one fit per runtime and held-out board or model).
// Usage: validate [--corpus DIR] [--rows all|test|train|none] [--json] [--write-bands FILE] [--transfer]
#include <systemc>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "analysis/validation/bands.h"
#include "analysis/validation/scorecard.h"
#include "analysis/validation/transfer.h"
#include "sim/core/output_guard.h"
#include "sim/core/json_io.h"
#include "sim/core/paths.h"
#include "sim/core/user_error.h"

int sc_main(int, char**) { return 0; }

using namespace edgetwin;
using namespace edgetwin::validation;

namespace {

std::string pct(double f) {
    char b[32];
    std::snprintf(b, sizeof b, "%+.1f%%", 100.0 * f);
    return b;
}

std::string stats_text(const ErrorStats& s) {
    if (s.n == 0 && s.refused == 0) return "-";
    char b[96];
    std::snprintf(b, sizeof b, "%5.1f%% (n=%d, worst %.0f%%%s)", 100.0 * s.mape, s.n, 100.0 * s.worst,
                  s.refused ? (", " + std::to_string(s.refused) + " refused").c_str() : "");
    return b;
}

void print_breakdown(const char* title, const std::vector<Breakdown>& rows) {
    std::size_t w = std::strlen(title);
    for (const auto& b : rows) w = std::max(w, b.key.size());
    std::printf("\n%-*s  %-7s  %-34s  %s\n", static_cast<int>(w), title, "metric", "train MAPE", "test MAPE");
    for (const auto& b : rows)
        std::printf("%-*s  %-7s  %-34s  %s\n", static_cast<int>(w), b.key.c_str(), b.metric_class.c_str(),
                    stats_text(b.train).c_str(), stats_text(b.test).c_str());
}

Json stats_json(const ErrorStats& s) { return {{"n", s.n}, {"refused", s.refused}, {"mape", s.mape}, {"worst", s.worst}}; }

Json breakdown_json(const std::vector<Breakdown>& rows) {
    Json a = Json::array();
    for (const auto& b : rows)
        a.push_back({{"key", b.key}, {"metric_class", b.metric_class}, {"train", stats_json(b.train)}, {"test", stats_json(b.test)}});
    return a;
}

Json transfer_json(const std::vector<TransferRow>& rows) {
    Json a = Json::array();
    for (const auto& t : rows)
        a.push_back({{"runtime", t.runtime}, {"held_out", t.held_out}, {"fit_rows", t.n_fit}, {"test_rows", t.n_test},
                     {"mape_before", t.mape_before}, {"mape_after", t.mape_after}, {"fitted", t.fitted}, {"note", t.note}});
    return a;
}

// Per held-out board/model: its test rows' MAPE with the shipped presets and after refitting the
// runtime's parameters on the other boards'/models' train rows; then the row-weighted means.
void print_transfer(const char* title, const std::vector<TransferRow>& rows) {
    std::printf("\n%s (runtime parameters refitted without the held-out rows' board/model):\n", title);
    double before = 0, after = 0;
    int n = 0;
    for (const auto& t : rows) {
        std::printf("  %-28s %-28s fit on %3d, test %3d: MAPE %5.1f%% -> %5.1f%%  %s\n", t.runtime.c_str(),
                    t.held_out.c_str(), t.n_fit, t.n_test, 100 * t.mape_before, 100 * t.mape_after, t.note.c_str());
        before += t.mape_before * t.n_test;
        after += t.mape_after * t.n_test;
        n += t.n_test;
    }
    if (n > 0) std::printf("  all held-out test rows (%d): MAPE %.1f%% -> %.1f%%\n", n, 100 * before / n, 100 * after / n);
}

void print_rows(const Scorecard& sc, const std::string& which) {
    if (which == "none") return;
    std::printf("%-16s %-5s %-26s %-22s %-16s %-9s %-15s %10s %10s %8s\n", "id", "split", "platform", "runtime", "model",
                "quant", "metric", "measured", "predicted", "error");
    for (const auto& r : sc.rows) {
        if ((which == "test" && !r.row.test) || (which == "train" && r.row.test)) continue;
        const auto& o = r.row.obs;
        std::printf("%-16s %-5s %-26s %-22s %-16s %-9s %-15s %10.4g ", o.id.c_str(), r.row.test ? "test" : "train",
                    o.platform.c_str(), o.runtime.c_str(), o.model.c_str(), o.quant.c_str(), o.metric.c_str(), o.value);
        if (r.predicted_ok()) std::printf("%10.4g %8s\n", r.predicted, pct(r.error()).c_str());
        else std::printf("%10s   refused: %s\n", "-", r.refusal.c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir = data_dir() + "/validation", rows = "all", bands_out;
    bool json = false, transfer = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--corpus" && i + 1 < argc) dir = argv[++i];
        else if (a == "--rows" && i + 1 < argc) rows = argv[++i];
        else if (a == "--json") json = true;
        else if (a == "--transfer") transfer = true;
        else if (a == "--write-bands" && i + 1 < argc) bands_out = argv[++i];
        else {
            std::fprintf(stderr, "validate: unknown argument '%s' (usage: validate [--corpus DIR] [--rows all|test|train|none] [--json] [--write-bands FILE] [--transfer])\n", a.c_str());
            return 2;
        }
    }
    if (rows != "all" && rows != "test" && rows != "train" && rows != "none") {
        std::fprintf(stderr, "validate: --rows: '%s' is not one of all, test, train, none\n", rows.c_str());
        return 2;
    }
    try {
        const Corpus corpus = load_corpus(dir);
        if (corpus.test_share() < 0.40) {
            std::fprintf(stderr, "validate: %s: only %.0f%% of %zu rows are test rows (the split needs at least 40%%)\n",
                         dir.c_str(), 100.0 * corpus.test_share(), corpus.rows.size());
            return 2;
        }
        const Scorecard sc = score_corpus(corpus);
        const BandTable bands = bands_from_train_rows(sc);
        int n_covered_rows = 0;
        const double coverage = test_coverage(sc, bands, &n_covered_rows);
        if (!bands_out.empty()) {
            write_text_file_atomically(bands_out, "error band table", band_table_json(bands).dump(1) + "\n");
        }
        std::vector<TransferRow> lobo, lomo;
        if (transfer) {
            lobo = leave_one_out_transfer(sc, HoldOut::Board);
            lomo = leave_one_out_transfer(sc, HoldOut::Model);
        }
        if (json) {
            Json out = {{"corpus", dir}, {"n_rows", sc.rows.size()}, {"n_train", sc.n_train}, {"n_test", sc.n_test}};
            Json rj = Json::array();
            for (const auto& r : sc.rows) {
                const auto& o = r.row.obs;
                Json j = {{"id", o.id}, {"split", r.row.test ? "test" : "train"}, {"family", r.row.family},
                          {"platform", o.platform}, {"runtime", o.runtime}, {"model", o.model}, {"quant", o.quant},
                          {"metric", o.metric}, {"measured", o.value}, {"source", o.reference}};
                if (r.predicted_ok()) {
                    j["predicted"] = r.predicted;
                    j["error"] = r.error();
                } else j["refused"] = r.refusal;
                if (!o.fitted.empty()) j["fitted"] = o.fitted;
                rj.push_back(j);
            }
            out["rows"] = rj;
            out["overall"] = breakdown_json(sc.overall);
            out["by_family_runtime"] = breakdown_json(sc.by_family_runtime);
            out["by_board"] = breakdown_json(sc.by_board);
            out["by_model"] = breakdown_json(sc.by_model);
            out["bands"] = band_table_json(bands)["bands"];
            out["band_test_coverage"] = {{"share", coverage}, {"rows", n_covered_rows}};
            if (transfer) {
                out["leave_one_board_out"] = transfer_json(lobo);
                out["leave_one_model_out"] = transfer_json(lomo);
            }
            std::cout << out.dump(1) << "\n";
            return 0;
        }
        std::printf("validation corpus %s: %zu rows in %zu files; %d train, %d test (%.0f%%)\n\n", dir.c_str(),
                    sc.rows.size(), corpus.files.size(), sc.n_train, sc.n_test, 100.0 * corpus.test_share());
        print_rows(sc, rows);
        print_breakdown("all rows", sc.overall);
        print_breakdown("family / runtime", sc.by_family_runtime);
        print_breakdown("board", sc.by_board);
        print_breakdown("model", sc.by_model);
        std::printf("\nerror bands (split-conformal 80 %% interval of measured/predicted over unfitted train rows; a scope needs %d rows):\n", kMinBandRows);
        for (const auto& [key, b] : bands.bands)
            if (b.n >= kMinBandRows) std::printf("  %-44s x%.2f .. x%.2f (n=%d)\n", key.c_str(), b.lo, b.hi, b.n);
        std::printf("band coverage of the test rows: %.0f%% of %d rows\n", 100.0 * coverage, n_covered_rows);
        if (transfer) {
            print_transfer("leave-one-board-out", lobo);
            print_transfer("leave-one-model-out", lomo);
        }
    } catch (const UserError& e) {
        std::fprintf(stderr, "validate: %s\n", e.what());
        return 2;
    }
    return 0;
}
