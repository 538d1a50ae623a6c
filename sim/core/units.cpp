#include "sim/core/units.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <utility>

namespace edgetwin {
namespace {

struct UnitDef {
    const char* name;
    double to_si;
};

// Byte multiples: decimal (kB, MB, GB = 10^3n) and binary (KiB, MiB, GiB = 2^10n) are both
// accepted and never confused; "KB" is read as 1000 B like "kB" (JEDEC usage differs, so the
// binary spellings are the unambiguous choice for memory capacities).
const std::vector<UnitDef>& units_of(Dimension d) {
    static const std::vector<UnitDef> none{};
    static const std::vector<UnitDef> time{{"s", 1},     {"ms", 1e-3}, {"us", 1e-6}, {"µs", 1e-6},
                                           {"ns", 1e-9}, {"ps", 1e-12}, {"min", 60}, {"h", 3600}};
    static const std::vector<UnitDef> freq{{"Hz", 1}, {"kHz", 1e3}, {"MHz", 1e6}, {"GHz", 1e9}};
    static const std::vector<UnitDef> bytes{{"B", 1},          {"kB", 1e3},           {"KB", 1e3},
                                            {"MB", 1e6},       {"GB", 1e9},           {"TB", 1e12},
                                            {"KiB", 1024.0},   {"MiB", 1048576.0},    {"GiB", 1073741824.0},
                                            {"TiB", 1099511627776.0}};
    static const std::vector<UnitDef> bw{{"B/s", 1},          {"kB/s", 1e3},        {"KB/s", 1e3},
                                         {"MB/s", 1e6},       {"GB/s", 1e9},        {"TB/s", 1e12},
                                         {"KiB/s", 1024.0},   {"MiB/s", 1048576.0}, {"GiB/s", 1073741824.0}};
    static const std::vector<UnitDef> energy{{"J", 1},     {"mJ", 1e-3}, {"uJ", 1e-6},  {"µJ", 1e-6},
                                             {"nJ", 1e-9}, {"pJ", 1e-12}, {"fJ", 1e-15}, {"Wh", 3600},
                                             {"mWh", 3.6}};
    static const std::vector<UnitDef> power{{"W", 1}, {"kW", 1e3}, {"mW", 1e-3}, {"uW", 1e-6}, {"µW", 1e-6}};
    static const std::vector<UnitDef> temp{{"C", 1}, {"degC", 1}, {"°C", 1}};
    static const std::vector<UnitDef> volt{{"V", 1}, {"mV", 1e-3}};
    static const std::vector<UnitDef> amp{{"A", 1}, {"mA", 1e-3}, {"uA", 1e-6}, {"µA", 1e-6}, {"nA", 1e-9}};
    static const std::vector<UnitDef> rth{{"K/W", 1}, {"C/W", 1}};
    static const std::vector<UnitDef> cth{{"J/K", 1}, {"J/C", 1}, {"mJ/K", 1e-3}};
    switch (d) {
        case Dimension::Dimensionless: return none;
        case Dimension::Time: return time;
        case Dimension::Frequency: return freq;
        case Dimension::Bytes: return bytes;
        case Dimension::Bandwidth: return bw;
        case Dimension::Energy: return energy;
        case Dimension::Power: return power;
        case Dimension::Temperature: return temp;
        case Dimension::Voltage: return volt;
        case Dimension::Current: return amp;
        case Dimension::ThermalResistance: return rth;
        case Dimension::HeatCapacity: return cth;
    }
    return none;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

}  // namespace

const char* dimension_name(Dimension d) {
    switch (d) {
        case Dimension::Dimensionless: return "number";
        case Dimension::Time: return "time";
        case Dimension::Frequency: return "frequency";
        case Dimension::Bytes: return "size";
        case Dimension::Bandwidth: return "bandwidth";
        case Dimension::Energy: return "energy";
        case Dimension::Power: return "power";
        case Dimension::Temperature: return "temperature";
        case Dimension::Voltage: return "voltage";
        case Dimension::Current: return "current";
        case Dimension::ThermalResistance: return "thermal resistance";
        case Dimension::HeatCapacity: return "heat capacity";
    }
    return "?";
}

const char* si_unit(Dimension d) {
    switch (d) {
        case Dimension::Dimensionless: return "1";
        case Dimension::Time: return "s";
        case Dimension::Frequency: return "Hz";
        case Dimension::Bytes: return "B";
        case Dimension::Bandwidth: return "B/s";
        case Dimension::Energy: return "J";
        case Dimension::Power: return "W";
        case Dimension::Temperature: return "degC";
        case Dimension::Voltage: return "V";
        case Dimension::Current: return "A";
        case Dimension::ThermalResistance: return "K/W";
        case Dimension::HeatCapacity: return "J/K";
    }
    return "?";
}

std::vector<std::string> allowed_units(Dimension d) {
    std::vector<std::string> out;
    for (const auto& u : units_of(d)) out.emplace_back(u.name);
    if (d == Dimension::Dimensionless) out = {"<number>", "<number>%"};
    return out;
}

UnitParse parse_quantity(const std::string& text, Dimension d) {
    UnitParse r;
    const char* begin = text.c_str();
    char* end = nullptr;
    double number = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(number)) {
        r.error = "'" + text + "' is not a " + dimension_name(d) + " (expected <number><unit> with unit one of " +
                  join(allowed_units(d)) + ")";
        return r;
    }
    std::string unit(end);
    if (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
    if (d == Dimension::Dimensionless) {
        if (unit.empty()) return {true, number, {}};
        if (unit == "%") return {true, number / 100.0, {}};
    }
    for (const auto& u : units_of(d)) {
        if (unit == u.name) return {true, number * u.to_si, {}};
    }
    r.error = "'" + text + "': unknown " + std::string(dimension_name(d)) + " unit '" + unit +
              "' (allowed: " + join(allowed_units(d)) + ")";
    return r;
}

std::string format_quantity(double value_si, Dimension d, int significant) {
    struct Prefix {
        const char* unit;
        double scale;
    };
    static const Prefix bytes[] = {{"GiB", 1073741824.0}, {"MiB", 1048576.0}, {"KiB", 1024.0}, {"B", 1}};
    static const Prefix bw[] = {{"GB/s", 1e9}, {"MB/s", 1e6}, {"kB/s", 1e3}, {"B/s", 1}};
    static const Prefix freq[] = {{"GHz", 1e9}, {"MHz", 1e6}, {"kHz", 1e3}, {"Hz", 1}};
    static const Prefix time[] = {{"s", 1}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}};
    static const Prefix energy[] = {{"J", 1}, {"mJ", 1e-3}, {"uJ", 1e-6}, {"nJ", 1e-9}, {"pJ", 1e-12}};
    static const Prefix power[] = {{"W", 1}, {"mW", 1e-3}, {"uW", 1e-6}};
    const Prefix* ladder = nullptr;
    std::size_t n = 0;
    switch (d) {
        case Dimension::Bytes: ladder = bytes, n = std::size(bytes); break;
        case Dimension::Bandwidth: ladder = bw, n = std::size(bw); break;
        case Dimension::Frequency: ladder = freq, n = std::size(freq); break;
        case Dimension::Time: ladder = time, n = std::size(time); break;
        case Dimension::Energy: ladder = energy, n = std::size(energy); break;
        case Dimension::Power: ladder = power, n = std::size(power); break;
        default: break;
    }
    Prefix chosen{si_unit(d), 1.0};
    if (ladder && value_si != 0.0) {
        chosen = ladder[n - 1];
        for (std::size_t i = 0; i < n; ++i) {
            if (std::fabs(value_si) >= ladder[i].scale) {
                chosen = ladder[i];
                break;
            }
        }
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g %s", significant, value_si / chosen.scale, chosen.unit);
    return buf;
}

}  // namespace edgetwin
