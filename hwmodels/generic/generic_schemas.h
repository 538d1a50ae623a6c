#pragma once
// Parameter declarations of the generic platform family: one or more identical cores, one or more
// memory levels, a runtime profile. Values come from the preset; the declarations live here once.
#include "sim/core/params.h"

namespace edgetwin::generic {

const ParamSchema& platform_schema();  // top level of a generic preset
const ParamSchema& cpu_schema();
const ParamSchema& memory_schema();
const ParamSchema& placement_schema();
const ParamSchema& power_schema();
const ParamSchema& thermal_schema();
const ParamSchema& runtime_schema();

}  // namespace edgetwin::generic
