#include "analysis/validation/bands.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <tuple>
#include <utility>
#include <vector>

#include "analysis/validation/corpus.h"
#include "sim/core/paths.h"
#include "sim/core/user_error.h"

namespace edgetwin::validation {
namespace {

// Split-conformal interval: with n exchangeable residuals, [x_(k), x_(n+1-k)] (1-based order statistics)
// holds a new one with probability (n + 1 - 2k) / (n + 1); k = floor(0.1 (n + 1)) makes that >= 80 %
// (k = 0, too few rows for that: the full range, (n - 1) / (n + 1)).
std::pair<double, double> conformal_80(const std::vector<double>& sorted) {
    const std::size_t n = sorted.size();
    const auto k = static_cast<std::size_t>(std::floor(0.1 * static_cast<double>(n + 1)));
    if (k == 0) return {sorted.front(), sorted.back()};
    return {sorted[k - 1], sorted[n - k]};
}

bool banded_class(const std::string& c) { return c == "decode" || c == "prefill"; }

}  // namespace

double rate_ratio(const ScoredRow& r) {
    const bool time_metric = r.row.obs.metric == "ttft_s" || r.row.obs.metric == "prefill_s";
    return time_metric ? r.predicted / r.row.obs.value : r.row.obs.value / r.predicted;
}

Band BandTable::lookup(const std::string& runtime, const std::string& family, const std::string& metric_class) const {
    for (const std::string& scope : {"runtime:" + runtime, "family:" + family, std::string("all")}) {
        const auto it = bands.find(scope + "|" + metric_class);
        if (it != bands.end() && it->second.n >= kMinBandRows) return it->second;
    }
    return Band{};
}

BandTable bands_from_train_rows(const Scorecard& sc) {
    std::map<std::string, std::vector<double>> ratios;
    for (const auto& r : sc.rows) {
        // A fitted row's residual says how well the fit went, not how far a prediction strays: only
        // train rows nothing was fitted to shape a band.
        if (r.row.test || !r.row.obs.fitted.empty() || !r.predicted_ok() || !banded_class(r.metric_class)) continue;
        const double x = rate_ratio(r);
        for (const std::string& scope : {"runtime:" + r.row.obs.runtime, "family:" + r.row.family, std::string("all")})
            ratios[scope + "|" + r.metric_class].push_back(x);
    }
    BandTable t;
    for (auto& [key, v] : ratios) {
        std::sort(v.begin(), v.end());
        Band b;
        std::tie(b.lo, b.hi) = conformal_80(v);
        b.n = static_cast<int>(v.size());
        const std::string scope = key.substr(0, key.find('|'));
        b.scope = scope == "all" ? "all rows" : scope.substr(0, scope.find(':')) + " " + scope.substr(scope.find(':') + 1);
        t.bands[key] = b;
    }
    return t;
}

double test_coverage(const Scorecard& sc, const BandTable& t, int* n_rows) {
    int n = 0, in = 0;
    for (const auto& r : sc.rows) {
        if (!r.row.test || !r.predicted_ok() || !banded_class(r.metric_class)) continue;
        const Band b = t.lookup(r.row.obs.runtime, r.row.family, r.metric_class);
        if (b.n == 0) continue;
        const double x = rate_ratio(r);
        ++n;
        in += (x >= b.lo && x <= b.hi) ? 1 : 0;
    }
    if (n_rows) *n_rows = n;
    return n > 0 ? static_cast<double>(in) / n : 0.0;
}

Json band_table_json(const BandTable& t) {
    Json bands = Json::object();
    for (const auto& [key, b] : t.bands) bands[key] = {{"lo", b.lo}, {"hi", b.hi}, {"n", b.n}, {"scope", b.scope}};
    return {{"schema_version", 1},
            {"what", "split-conformal 80 % intervals of measured/predicted (rates; times inverted) over the validation "
                     "corpus train rows nothing was fitted to, per runtime, platform family and all rows; written by bench/validate "
                     "--write-bands"},
            {"min_rows", kMinBandRows},
            {"bands", bands}};
}

BandTable band_table_from_json(const Json& j, const std::string& file) {
    if (!j.is_object() || !j.contains("bands") || !j["bands"].is_object())
        throw UserError(file, "bands", "expected an object of bands (written by bench/validate --write-bands)");
    BandTable t;
    for (const auto& [key, v] : j["bands"].items()) {
        if (!v.is_object() || !v.contains("lo") || !v.contains("hi") || !v["lo"].is_number() || !v["hi"].is_number() ||
            !v.contains("n") || !v["n"].is_number_integer())
            throw UserError(file, "bands." + key, "expected {lo, hi, n, scope}");
        Band b;
        b.lo = v["lo"].get<double>();
        b.hi = v["hi"].get<double>();
        b.n = v["n"].get<int>();
        b.scope = v.value("scope", key);
        if (!(b.lo > 0) || !(b.hi >= b.lo)) throw UserError(file, "bands." + key, "needs 0 < lo <= hi");
        t.bands[key] = b;
    }
    return t;
}

const BandTable& shipped_bands() {
    static const BandTable table = load_shipped_bands();
    return table;
}

Band shipped_band_for(const Json& preset, const Json& runtime, const std::string& metric_class) {
    const std::string family = preset.is_object() ? preset.value("family", std::string()) : std::string();
    const std::string name = runtime.is_object() ? runtime.value("name", std::string()) : std::string();
    return shipped_bands().lookup(name, corpus_family(family), metric_class);
}

BandTable load_shipped_bands() {
    const std::string path = data_dir() + "/validation/bands.json";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return {};
    return band_table_from_json(load_json_file(path), path);
}

}  // namespace edgetwin::validation
