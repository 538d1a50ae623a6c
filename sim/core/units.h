#pragma once
// Unit-bearing quantities as written in JSON ("240MHz", "204.8GB/s", "2MiB", "0.3pJ").
// Values are converted to SI base units (s, Hz, B, B/s, J, W, degC, V, A, K/W, J/K) on parse.
#include <string>
#include <vector>

namespace edgetwin {

enum class Dimension {
    Dimensionless,
    Time,
    Frequency,
    Bytes,
    Bandwidth,
    Energy,
    Power,
    Temperature,
    Voltage,
    Current,
    ThermalResistance,
    HeatCapacity,
};

const char* dimension_name(Dimension d);
// SI unit used internally and in result files for this dimension ("s", "Hz", "B", ...).
const char* si_unit(Dimension d);
// Every spelling accepted for the dimension, e.g. {"Hz","kHz","MHz","GHz"}.
std::vector<std::string> allowed_units(Dimension d);

struct UnitParse {
    bool ok = false;
    double value_si = 0.0;
    std::string error;  // why it failed, listing allowed units
};

// Parses "<number>[ ]<unit>". Dimensionless accepts a plain number or "<number>%".
UnitParse parse_quantity(const std::string& text, Dimension d);

// Human-readable with an engineering prefix: 2.4e8 Hz -> "240 MHz", 2097152 B -> "2 MiB".
std::string format_quantity(double value_si, Dimension d, int significant = 4);

}  // namespace edgetwin
