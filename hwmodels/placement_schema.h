#pragma once
// The "placement" section shared by families whose presets pin tensor classes to memory levels.
#include "sim/core/params.h"

namespace edgetwin {

// Declares weights/kv/activations (a level name or "auto") under component name `component`.
ParamSchema make_placement_schema(const std::string& component, const std::string& auto_meaning);

}  // namespace edgetwin
