#include <map>

#include "hwmodels/mcu/i_core.h"

namespace edgetwin::mcu {
namespace {
std::map<std::string, const ICore*>& table() {
    static std::map<std::string, const ICore*> t;
    return t;
}
}  // namespace

void register_core(const ICore* core) { table()[core->costs().name] = core; }

const ICore* find_core(const std::string& name) {
    auto it = table().find(name);
    return it == table().end() ? nullptr : it->second;
}

std::vector<std::string> core_names() {
    std::vector<std::string> out;
    for (const auto& [k, v] : table()) out.push_back(k);
    return out;
}

}  // namespace edgetwin::mcu
