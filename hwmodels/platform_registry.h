#pragma once
// Platform families register themselves (one line in their .cpp); presets in data/platforms name
// their family. Adding a family means adding files, never editing a switch.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hwmodels/platform.h"
#include "sim/core/params.h"

namespace edgetwin {

// Settings a user changes per design point without editing the preset (CLI flags, sweep axes).
struct PlatformSettings {
    std::optional<double> freq_hz;
    std::optional<std::string> power_mode;
    std::optional<int> threads;
    std::optional<int> gpu_layers;
};

struct PlatformRequest {
    Json preset;          // preset JSON after overrides were applied
    std::string file;     // preset file for error messages
    Json runtime;         // runtime profile JSON (may be null: family default)
    std::string runtime_file;
    PlatformSettings settings;
};

// One parameter calibration may move: where it lives (preset or runtime JSON, dotted path as
// apply_overrides takes it), its declaration (unit, fit bounds) and its current SI value.
struct FittableParam {
    enum class Target { Preset, Runtime };
    Target target = Target::Preset;
    std::string path;       // "memories[0].efficiency", "op_overhead"
    std::string component;  // schema component, e.g. "generic.memory"
    ParamDecl decl;         // decl.fit holds the bounds
    double value = 0;       // SI value in the request (or the declared default)
};

class IPlatformFamily {
public:
    virtual ~IPlatformFamily() = default;
    virtual std::string name() const = 0;
    virtual std::string description() const = 0;
    // Schemas of every component of the family (for `list params`).
    virtual std::vector<const ParamSchema*> schemas() const = 0;
    // Validates the request and builds the platform; throws UserError on any bad value.
    virtual std::unique_ptr<IPlatform> build(const PlatformRequest& request) const = 0;
    // Parameters calibration may fit for this request. The default (analysis/calibration/
    // fittable_params.cpp) matches every JSON object of the preset and runtime against schemas()
    // and lists the fittable declarations of each match; override it where that walk is ambiguous.
    virtual std::vector<FittableParam> fittable_params(const PlatformRequest& request) const;
};

class PlatformRegistry {
public:
    static PlatformRegistry& instance();
    void add(std::unique_ptr<IPlatformFamily> family);
    const IPlatformFamily* find(const std::string& name) const;
    std::vector<const IPlatformFamily*> families() const;

private:
    std::map<std::string, std::unique_ptr<IPlatformFamily>> families_;
};

// Registers a family at load time: `static PlatformRegistrar<MyFamily> registrar;`
template <class Family>
struct PlatformRegistrar {
    PlatformRegistrar() { PlatformRegistry::instance().add(std::make_unique<Family>()); }
};

// Presets: data/platforms/<name>.json, or a path. Unknown names throw UserError listing presets.
struct PresetFile {
    Json json;
    std::string path;
};
PresetFile load_platform_preset(const std::string& name_or_path, const std::string& origin, const std::string& key);
std::vector<std::string> platform_preset_names();
PresetFile load_runtime_profile(const std::string& name_or_path, const std::string& origin, const std::string& key);
std::vector<std::string> runtime_profile_names();

}  // namespace edgetwin
