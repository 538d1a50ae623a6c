#include "sim/core/user_error.h"
#include "sim/engine/i_engine.h"

namespace edgetwin {

std::unique_ptr<IEngine> make_analytic_engine();  // analytic_engine.cpp
std::unique_ptr<IEngine> make_tlm_engine();       // tlm_engine.cpp

const std::vector<std::string>& engine_names() {
    static const std::vector<std::string> names{"analytic", "tlm"};
    return names;
}

std::unique_ptr<IEngine> make_engine(const std::string& fidelity) {
    if (fidelity == "analytic") return make_analytic_engine();
    if (fidelity == "tlm") return make_tlm_engine();
    throw UserError("settings", "fidelity", "unknown fidelity '" + fidelity + "' (allowed: analytic, tlm)");
}

}  // namespace edgetwin
