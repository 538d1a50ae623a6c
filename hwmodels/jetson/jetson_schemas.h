#pragma once
// Declared parameters of the Jetson family: board preset (GPU, CPU cluster, shared LPDDR, nvpmodel
// power modes, power, thermal governor) and runtime profile (placement rules, overheads, kernel
// efficiencies). Values live in data/platforms/jetson-*.json and data/runtimes/*.json.
#include "sim/core/params.h"

namespace edgetwin::jetson {

const ParamSchema& platform_schema();
const ParamSchema& gpu_schema();
const ParamSchema& cpu_schema();
const ParamSchema& cpu2_schema();
const ParamSchema& memory_schema();
const ParamSchema& dla_schema();
const ParamSchema& power_mode_schema();
const ParamSchema& power_schema();
const ParamSchema& thermal_schema();
const ParamSchema& runtime_schema();

}  // namespace edgetwin::jetson
