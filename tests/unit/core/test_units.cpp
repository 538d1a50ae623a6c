#include <catch2/catch.hpp>

#include "sim/core/units.h"

using namespace edgetwin;

TEST_CASE("unit-bearing values convert to SI", "[core][units]") {
    CHECK(parse_quantity("240MHz", Dimension::Frequency).value_si == Approx(240e6));
    CHECK(parse_quantity("240 MHz", Dimension::Frequency).value_si == Approx(240e6));
    CHECK(parse_quantity("204.8GB/s", Dimension::Bandwidth).value_si == Approx(204.8e9));
    CHECK(parse_quantity("2MiB", Dimension::Bytes).value_si == 2097152.0);
    CHECK(parse_quantity("8kB", Dimension::Bytes).value_si == 8000.0);
    CHECK(parse_quantity("0.3pJ", Dimension::Energy).value_si == Approx(0.3e-12));
    CHECK(parse_quantity("15W", Dimension::Power).value_si == 15.0);
    CHECK(parse_quantity("100ns", Dimension::Time).value_si == Approx(1e-7));
    CHECK(parse_quantity("85%", Dimension::Dimensionless).value_si == Approx(0.85));
    CHECK(parse_quantity("3.5K/W", Dimension::ThermalResistance).value_si == 3.5);
}

TEST_CASE("bad units are rejected with the allowed list", "[core][units]") {
    const UnitParse typo = parse_quantity("240 MHzz", Dimension::Frequency);
    CHECK_FALSE(typo.ok);
    CHECK(typo.error.find("unknown frequency unit 'MHzz'") != std::string::npos);
    CHECK(typo.error.find("Hz, kHz, MHz, GHz") != std::string::npos);
    CHECK_FALSE(parse_quantity("fast", Dimension::Frequency).ok);
    CHECK_FALSE(parse_quantity("2GB", Dimension::Bandwidth).ok);  // a size is not a bandwidth
    CHECK_FALSE(parse_quantity("1e400Hz", Dimension::Frequency).ok);
}

TEST_CASE("quantities format with engineering prefixes", "[core][units]") {
    CHECK(format_quantity(240e6, Dimension::Frequency) == "240 MHz");
    CHECK(format_quantity(2097152, Dimension::Bytes) == "2 MiB");
    CHECK(format_quantity(0.0125, Dimension::Time) == "12.5 ms");
}
