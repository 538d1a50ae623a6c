// The validation corpus (data/validation): the frozen split rule, provenance of every row, and the
// accuracy the blind (test) rows must keep. bench/validate prints the full table.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>

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
