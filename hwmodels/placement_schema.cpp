#include "hwmodels/placement_schema.h"

namespace edgetwin {

ParamSchema make_placement_schema(const std::string& component, const std::string& auto_meaning) {
    ParamSchema s(component, "Memory level per tensor class: a level name or \"auto\" (" + auto_meaning + ")");
    s.add(text("weights", "Level holding the weights").def("auto"))
        .add(text("kv", "Level holding the KV cache").def("auto"))
        .add(text("activations", "Level holding activations").def("auto"));
    return s;
}

}  // namespace edgetwin
