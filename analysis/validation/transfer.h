#pragma once
// Does a runtime calibration transfer? For each runtime and each board (or model) it has test rows on,
// fit the runtime's own parameters on that runtime's train rows of the OTHER boards (models), then
// predict the held-out board's (model's) test rows: leave-one-board-out / leave-one-model-out.
#include <string>
#include <vector>

#include "analysis/validation/scorecard.h"

namespace edgetwin::validation {

struct TransferRow {
    std::string runtime, held_out;  // the board (preset) or model left out
    int n_fit = 0, n_test = 0;      // train rows fitted on, test rows predicted
    double mape_before = 0, mape_after = 0;  // held-out test rows: presets as shipped, after the refit
    std::vector<std::string> fitted;         // "path: before -> after"
    std::string note;                        // why nothing was fitted, if so
};

enum class HoldOut { Board, Model };

std::vector<TransferRow> leave_one_out_transfer(const Scorecard& sc, HoldOut what);

}  // namespace edgetwin::validation
