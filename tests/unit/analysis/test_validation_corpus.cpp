// The validation corpus (data/validation): the frozen split rule, provenance of every row, and the
// accuracy the blind (test) rows must keep. bench/validate prints the full table.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

#include "analysis/validation/bands.h"
#include "analysis/validation/scorecard.h"
#include "sim/core/paths.h"
#include "sim/core/user_error.h"

using namespace edgetwin;
using namespace edgetwin::validation;

TEST_CASE("validation split: FNV-1a-64 of the id, as data/validation/README.md writes it", "[validation][corpus]") {
    // Hand check (python3: h = 14695981039346656037; for c in b"edgetwin-validation-v1|J1": h ^= c;
    // h = h * 1099511628211 % 2**64): the split of existing rows must never move.
    CHECK(split_hash("J1") == 8691812645353717069ull);
    CHECK(split_hash("J2") == 8691809346818832436ull);
    CHECK(split_hash("S13-pp") == 15915250454003205108ull);
    CHECK_FALSE(hash_says_test("J1"));  // 69
    CHECK(hash_says_test("J2"));        // 36
    CHECK(hash_says_test("S13-pp"));    // 8, but S13 is fitted: train (below)
}

TEST_CASE("validation corpus: every row has a pinned source, fitted rows are train, >= 40 % test", "[validation][corpus]") {
    const Corpus c = load_corpus(data_dir() + "/validation");
    REQUIRE(c.rows.size() >= 40);
    CHECK(c.test_share() >= 0.40);
    for (const auto& r : c.rows) {
        INFO(r.obs.id << " " << r.obs.source);
        CHECK(r.obs.reference.size() > 10);
        if (!r.obs.fitted.empty()) CHECK_FALSE(r.test);
        CHECK(r.test == (r.obs.fitted.empty() && hash_says_test(r.obs.id)));
        CHECK(r.obs.value > 0);
    }
}

namespace {

// A scored train row whose measured/predicted decode rate is `ratio`.
ScoredRow scored(double ratio, const std::string& runtime, bool test = false, const std::string& fitted = "") {
    ScoredRow r;
    r.row.obs.metric = "decode_tok_s";
    r.row.obs.runtime = runtime;
    r.row.obs.value = ratio * 10.0;
    r.row.obs.fitted = fitted;
    r.row.family = "jetson";
    r.row.test = test;
    r.metric_class = "decode";
    r.predicted = 10.0;
    return r;
}

}  // namespace

TEST_CASE("validation bands: split-conformal order statistics of unfitted train rows", "[validation][bands]") {
    Scorecard sc;
    // 19 unfitted train rows with ratios 0.60, 0.65, ..., 1.50: k = floor(0.1 x 20) = 2, so the band is
    // [x_(2), x_(18)] = [0.65, 1.45], which holds a new draw with probability (20 - 4) / 20 = 80 %.
    for (int i = 0; i < 19; ++i) sc.rows.push_back(scored(0.60 + 0.05 * i, "rt"));
    // A fitted row (ratio 1.0 by construction) and a test row never shape a band.
    sc.rows.push_back(scored(5.0, "rt", false, "fitted to it"));
    sc.rows.push_back(scored(9.0, "rt", true));
    const BandTable t = bands_from_train_rows(sc);
    const Band b = t.lookup("rt", "jetson", "decode");
    CHECK(b.n == 19);
    CHECK(b.lo == Approx(0.65));
    CHECK(b.hi == Approx(1.45));
    CHECK(b.scope == "runtime rt");
    // Four rows: k = 0, the full range; but a scope needs 5 rows, so the lookup falls back.
    Scorecard few;
    for (double x : {0.9, 1.0, 1.1, 1.2}) few.rows.push_back(scored(x, "other"));
    for (int i = 0; i < 5; ++i) few.rows.push_back(scored(1.0, "rt"));
    CHECK(bands_from_train_rows(few).lookup("other", "jetson", "decode").scope == "family jetson");
    // Coverage: the test row at 9.0 lies outside [0.65, 1.45].
    int n = 0;
    CHECK(test_coverage(sc, t, &n) == 0.0);
    CHECK(n == 1);
}

TEST_CASE("validation corpus: blind-row accuracy and shipped bands (README table)", "[validation][corpus]") {
    const Corpus c = load_corpus(data_dir() + "/validation");
    const Scorecard sc = score_corpus(c);
    // Ratchets on the blind rows as of this commit (bench/validate: decode 19.1 %, prefill 21.2 %, of which
    // the Pi 5 Llama-3.1-8B Q8_0 row alone makes 7 points): a change that loses accuracy where nothing was
    // fitted fails here. The goal is 10 % / 15 %.
    for (const auto& b : sc.overall) {
        INFO(b.metric_class << " test MAPE " << b.test.mape << " over " << b.test.n);
        if (b.metric_class == "decode") CHECK(b.test.mape <= 0.20);
        if (b.metric_class == "prefill") CHECK(b.test.mape <= 0.22);
    }
    // data/validation/bands.json is what `run` reports: it must be the table these rows give, and its
    // 80 % bands must hold at least 80 % of the blind rows.
    const BandTable fresh = bands_from_train_rows(sc);
    const BandTable shipped = load_shipped_bands();
    REQUIRE(shipped.bands.size() == fresh.bands.size());
    for (const auto& [key, b] : fresh.bands) {
        INFO(key << " (regenerate: build/bench/validate --rows none --write-bands data/validation/bands.json)");
        REQUIRE(shipped.bands.count(key) == 1);
        CHECK(shipped.bands.at(key).lo == Approx(b.lo).epsilon(1e-9));
        CHECK(shipped.bands.at(key).hi == Approx(b.hi).epsilon(1e-9));
        CHECK(shipped.bands.at(key).n == b.n);
    }
    CHECK(test_coverage(sc, shipped) >= 0.80);
}
