#pragma once
// Error bands from the validation corpus: for each runtime (else platform family, else all rows) and
// metric class, a split-conformal 80 % interval of measured/predicted over the TRAIN rows nothing was
// fitted to (a fitted row's residual is the fit's, not a prediction's), in rate terms
// (times inverted), so that a prediction p reads "measured is likely within [p*lo, p*hi]". Test rows
// only measure how often that holds (coverage); they never shape a band.
#include <map>
#include <string>

#include "analysis/validation/scorecard.h"
#include "sim/core/json_io.h"

namespace edgetwin::validation {

struct Band {
    double lo = 1, hi = 1;  // multiplicative factors on a predicted rate
    int n = 0;              // train rows behind it
    std::string scope;      // "runtime llama.cpp-cpu-arm", "family jetson", "all rows"
};

struct BandTable {
    // key: scope name ("runtime:<name>", "family:<name>", "all") + "|" + metric class
    std::map<std::string, Band> bands;
    // Runtime first, then the platform family, then every row; a scope needs kMinRows train rows.
    Band lookup(const std::string& runtime, const std::string& family, const std::string& metric_class) const;
};

constexpr int kMinBandRows = 5;

// measured/predicted in rate terms: prefill/decode tok/s as they are, times (ttft_s, prefill_s) inverted.
double rate_ratio(const ScoredRow& r);

BandTable bands_from_train_rows(const Scorecard& sc);
// Share of the test rows (with a prediction, decode and prefill classes) whose measured value lies in
// the band of their runtime/family.
double test_coverage(const Scorecard& sc, const BandTable& t, int* n_rows = nullptr);

Json band_table_json(const BandTable& t);
// Throws UserError naming the file on a malformed table.
BandTable band_table_from_json(const Json& j, const std::string& file);

// The band file shipped with the data (data/validation/bands.json), empty when absent.
BandTable load_shipped_bands();
// The same, read once per process (commands call it before simulating, so a broken file stops them
// before any result is written).
const BandTable& shipped_bands();

// The shipped band for a resolved configuration (its "platform" preset and "runtime" profile JSON).
Band shipped_band_for(const Json& preset, const Json& runtime, const std::string& metric_class);

}  // namespace edgetwin::validation
