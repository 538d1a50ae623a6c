#include <catch2/catch.hpp>

#include "analysis/point_query.h"
#include "sim/core/user_error.h"

using namespace edgetwin;

namespace {
PointRow row(double tok_s, double j_per_tok, const char* status = "ok") {
    PointRow r;
    r.decode_tok_s = tok_s;
    r.energy_per_token_J = j_per_tok;
    r.status = status;
    return r;
}
}  // namespace

TEST_CASE("Pareto front keeps exactly the non-dominated points", "[analysis][pareto]") {
    // (tok/s, J/token): B dominates D (faster and cheaper); A, B, C trade speed for energy.
    const std::vector<PointRow> rows{row(10, 1.0), row(20, 2.0), row(30, 4.0), row(15, 2.5), row(30, 4.0)};
    const auto objectives = parse_objectives("decode_tok_s:max,energy_per_token_J:min");
    CHECK(pareto_front(rows, objectives) == std::vector<std::size_t>{0, 1, 2, 4});  // ties both kept
}

TEST_CASE("row filters compare numeric columns and status", "[analysis][pareto]") {
    CHECK(point_matches(row(12, 1), "decode_tok_s>=10"));
    CHECK_FALSE(point_matches(row(9.5, 1), "decode_tok_s>=10"));
    CHECK_FALSE(point_matches(row(12, 1, "error"), "decode_tok_s>=10"));
    CHECK(point_matches(row(0, 0, "ok"), "fits==true"));
    CHECK_FALSE(point_matches(row(0, 0, "error"), "fits==true"));
    CHECK_THROWS_AS(point_matches(row(1, 1), "tokens>=1"), UserError);
    CHECK_THROWS_AS(parse_objectives("decode_tok_s:up,energy_J:min"), UserError);
}
