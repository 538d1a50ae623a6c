#include "analysis/validation/scorecard.h"

#include <cmath>
#include <functional>

#include "analysis/calibration/fit.h"
#include "sim/core/user_error.h"

namespace edgetwin::validation {
namespace {

void add(ErrorStats& s, const ScoredRow& r) {
    if (!r.predicted_ok()) {
        ++s.refused;
        return;
    }
    const double e = std::fabs(r.error());
    s.mape = (s.mape * s.n + e) / (s.n + 1);
    s.worst = std::max(s.worst, e);
    ++s.n;
}

std::vector<Breakdown> breakdown(const std::vector<ScoredRow>& rows, const std::function<std::string(const ScoredRow&)>& key_of) {
    std::map<std::pair<std::string, std::string>, Breakdown> by;
    for (const auto& r : rows) {
        const auto k = std::make_pair(key_of(r), r.metric_class);
        Breakdown& b = by[k];
        b.key = k.first;
        b.metric_class = k.second;
        add(r.row.test ? b.test : b.train, r);
    }
    std::vector<Breakdown> out;
    for (auto& [k, b] : by) out.push_back(b);
    return out;
}

}  // namespace

std::string metric_class_of(const std::string& metric) {
    if (metric == "decode_tok_s" || metric == "combined_tok_s") return "decode";
    if (metric == "prefill_tok_s" || metric == "prefill_s" || metric == "ttft_s") return "prefill";
    return "power";
}

Scorecard score_corpus(const Corpus& corpus) {
    Scorecard sc;
    sc.rows.resize(corpus.rows.size());
    const long n = static_cast<long>(corpus.rows.size());
#pragma omp parallel for schedule(dynamic)
    for (long i = 0; i < n; ++i) {
        ScoredRow& r = sc.rows[static_cast<std::size_t>(i)];
        r.row = corpus.rows[static_cast<std::size_t>(i)];
        r.metric_class = metric_class_of(r.row.obs.metric);
        try {
            r.predicted = calib::predict(calib::observation_point(r.row.obs), r.row.obs.metric);
        } catch (const std::exception& e) {
            r.refusal = e.what();
        }
    }
    for (const auto& r : sc.rows) (r.row.test ? sc.n_test : sc.n_train) += 1;
    sc.overall = breakdown(sc.rows, [](const ScoredRow&) { return std::string("all"); });
    sc.by_family_runtime = breakdown(sc.rows, [](const ScoredRow& r) { return r.row.family + " / " + r.row.obs.runtime; });
    sc.by_board = breakdown(sc.rows, [](const ScoredRow& r) { return r.row.obs.platform; });
    sc.by_model = breakdown(sc.rows, [](const ScoredRow& r) { return r.row.obs.model; });
    return sc;
}

}  // namespace edgetwin::validation
