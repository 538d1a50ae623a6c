#include "hwmodels/platform_registry.h"

#include <algorithm>
#include <dirent.h>

#include "sim/core/input_file.h"
#include "sim/core/paths.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

std::vector<std::string> json_names_in(const std::string& dir) {
    std::vector<std::string> names;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* e = ::readdir(d)) {
            std::string f = e->d_name;
            if (f.size() > 5 && f.compare(f.size() - 5, 5, ".json") == 0) names.push_back(f.substr(0, f.size() - 5));
        }
        ::closedir(d);
    }
    std::sort(names.begin(), names.end());
    return names;
}

PresetFile load_named(const std::string& dir, const char* what, const std::string& name_or_path,
                      const std::string& origin, const std::string& key) {
    const bool is_path = name_or_path.find('/') != std::string::npos ||
                         (name_or_path.size() > 5 && name_or_path.rfind(".json") == name_or_path.size() - 5);
    const std::string path = is_path ? name_or_path : dir + "/" + name_or_path + ".json";
    if (!file_exists(path)) {
        std::string list;
        for (const auto& n : json_names_in(dir)) list += (list.empty() ? "" : ", ") + n;
        throw UserError(origin, key, std::string("unknown ") + what + " '" + brief(name_or_path) + "' (known: " + list + ")");
    }
    return {load_json_file(path), path};
}

}  // namespace

PlatformRegistry& PlatformRegistry::instance() {
    static PlatformRegistry registry;
    return registry;
}

void PlatformRegistry::add(std::unique_ptr<IPlatformFamily> family) {
    const std::string n = family->name();
    families_[n] = std::move(family);
}

const IPlatformFamily* PlatformRegistry::find(const std::string& name) const {
    auto it = families_.find(name);
    return it == families_.end() ? nullptr : it->second.get();
}

std::vector<const IPlatformFamily*> PlatformRegistry::families() const {
    std::vector<const IPlatformFamily*> out;
    for (const auto& [n, f] : families_) out.push_back(f.get());
    return out;
}

PresetFile load_platform_preset(const std::string& name_or_path, const std::string& origin, const std::string& key) {
    return load_named(data_dir() + "/platforms", "platform", name_or_path, origin, key);
}
std::vector<std::string> platform_preset_names() { return json_names_in(data_dir() + "/platforms"); }

PresetFile load_runtime_profile(const std::string& name_or_path, const std::string& origin, const std::string& key) {
    return load_named(data_dir() + "/runtimes", "runtime", name_or_path, origin, key);
}
std::vector<std::string> runtime_profile_names() { return json_names_in(data_dir() + "/runtimes"); }

}  // namespace edgetwin
