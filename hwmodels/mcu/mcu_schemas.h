#pragma once
// Parameter declarations of the MCU platform family (preset sections and the runtime profile).
#include "sim/core/params.h"

namespace edgetwin::mcu {

const ParamSchema& platform_schema();
const ParamSchema& core_schema();
const ParamSchema& memory_schema();
const ParamSchema& placement_schema();
const ParamSchema& power_schema();
const ParamSchema& thermal_schema();
const ParamSchema& runtime_schema();

}  // namespace edgetwin::mcu
