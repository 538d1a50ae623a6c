#pragma once
// Selection over /points rows: numeric columns by name, filters ("decode_tok_s>=10",
// "status==ok", "fits==true"), and the Pareto front of objectives ("decode_tok_s:max").
#include <string>
#include <vector>

#include "analysis/h5_store.h"

namespace edgetwin {

struct Objective {
    std::string column;
    bool maximize = true;
};

// Numeric value of a /points column of a row; throws UserError listing the columns for unknown names.
double point_value(const PointRow& row, const std::string& column);
std::vector<std::string> numeric_point_columns();

// "col<op>value" with op < <= > >= == !=; `status` compares as text; "fits==true" keeps ok rows.
bool point_matches(const PointRow& row, const std::string& filter);
// "decode_tok_s:max,energy_per_token_J:min"
std::vector<Objective> parse_objectives(const std::string& spec);
// Indices of rows not dominated by any other row (ties kept), in input order.
std::vector<std::size_t> pareto_front(const std::vector<PointRow>& rows, const std::vector<Objective>& objectives);

}  // namespace edgetwin
