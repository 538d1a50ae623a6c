#pragma once
// Predicts every corpus row with the presets as they are and summarises the errors: per row, per
// metric class, per platform family x runtime, per board and per model, train and test apart. The
// number that matters is the test error (rows nothing was fitted to).
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "analysis/validation/corpus.h"

namespace edgetwin::validation {

// decode: decode_tok_s, combined_tok_s (llama2.c's tok/s over prompt+generation, dominated by decode
// on the boards that publish it); prefill: prefill_tok_s, prefill_s, ttft_s; power: avg_power_W,
// energy_per_token_J.
std::string metric_class_of(const std::string& metric);

struct ScoredRow {
    CorpusRow row;
    double predicted = std::numeric_limits<double>::quiet_NaN();
    std::string refusal;  // the simulator's one-line error when it could not predict the row
    std::string metric_class;
    bool predicted_ok() const { return refusal.empty(); }
    double error() const { return predicted / row.obs.value - 1.0; }  // signed, fraction
};

struct ErrorStats {
    int n = 0;        // rows with a prediction
    int refused = 0;  // rows the simulator refused (counted apart, never as 0 % error)
    double mape = 0, worst = 0;  // mean and largest |error|, fractions
};

// One line of a breakdown: key (e.g. "jetson / llama.cpp-cuda-fa") x metric class, train and test.
struct Breakdown {
    std::string key, metric_class;
    ErrorStats train, test;
};

struct Scorecard {
    std::vector<ScoredRow> rows;
    std::vector<Breakdown> overall;      // key "all"
    std::vector<Breakdown> by_family_runtime, by_board, by_model;
    int n_train = 0, n_test = 0;
};

// Simulates every row (analytic engine, OpenMP across rows); never throws for a row the simulator
// refuses: the refusal is kept on the row.
Scorecard score_corpus(const Corpus& corpus);

}  // namespace edgetwin::validation
