#include <algorithm>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "apps/edgetwin/commands.h"
#include "hwmodels/platform_registry.h"
#include "models/describe.h"
#include "models/model_card.h"
#include "models/quant_recipes.h"
#include "models/weight_tensors.h"
#include "sim/core/input_file.h"
#include "sim/core/paths.h"
#include "sim/core/text_table.h"
#include "sim/core/user_error.h"
#include "sim/engine/i_engine.h"

namespace edgetwin::cli {
namespace {

// Platforms and runtimes: name, family, description, aligned (`--json` for scripts).
void list_presets(bool platforms) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& name : platforms ? platform_preset_names() : runtime_profile_names()) {
        const PresetFile p = platforms ? load_platform_preset(name, "list", "") : load_runtime_profile(name, "list", "");
        rows.push_back({name, p.json.value("family", "?"), p.json.value("description", "")});
    }
    std::cout << format_text_table({platforms ? "platform" : "runtime", "family", "description"}, rows);
}

void list_models() { std::cout << describe_model_cards(); }

void list_quants() { std::cout << describe_quant_schemes(); }

std::string number_text(double v, const ParamDecl& d) {
    if (d.kind == ParamKind::Quantity) return format_quantity(v, d.dim);
    std::ostringstream os;
    os << std::setprecision(15) << v;
    return os.str();
}

void list_params() {
    // Schemas register on load; the family schemas are fetched so every family's are present.
    for (const auto* f : PlatformRegistry::instance().families()) f->schemas();
    for (const auto& schema : ParamRegistry::instance().all()) {
        std::cout << "[" << schema.component() << "] " << schema.description() << "\n";
        for (const auto& d : schema.decls()) {
            std::cout << "  " << d.name << " : " << d.type_text();
            if (d.is_required) std::cout << ", required";
            else if (!d.default_value.is_null()) std::cout << ", default " << d.default_value.dump();
            else std::cout << ", optional";
            if (d.min > -1e299 && d.max < 1e299) std::cout << ", range [" << number_text(d.min, d) << ", " << number_text(d.max, d) << "]";
            if (d.fit) std::cout << ", fittable [" << number_text(d.fit->lo, d) << ", " << number_text(d.fit->hi, d) << "]";
            std::cout << " - " << d.description << "\n";
        }
    }
}

// `list <what> --json`: one JSON array on stdout, the same entries as the table.
Json list_json(const std::string& what) {
    Json out = Json::array();
    if (what == "platforms" || what == "runtimes") {
        const bool platforms = what == "platforms";
        for (const auto& name : platforms ? platform_preset_names() : runtime_profile_names()) {
            const PresetFile p = platforms ? load_platform_preset(name, "list", "") : load_runtime_profile(name, "list", "");
            out.push_back({{"name", name}, {"family", p.json.value("family", "")}, {"description", p.json.value("description", "")}});
        }
    } else if (what == "models") {
        for (const auto& n : model_card_names()) {
            const ModelSpec m = load_model(n, "data/models", n);
            out.push_back({{"name", n}, {"family", m.family}, {"parameters", m.parameter_count()}, {"n_layer", m.n_layer},
                           {"d_model", m.d_model}, {"n_head", m.n_head}, {"n_head_kv", m.n_head_kv}, {"d_ff", m.d_ff},
                           {"n_vocab", m.n_vocab}, {"n_ctx_train", m.n_ctx_train}});
        }
    } else if (what == "quants") {
        for (const auto& [name, description] : quant_scheme_catalog()) out.push_back({{"name", name}, {"description", description}});
    } else if (what == "engines") {
        for (const auto& e : engine_names()) out.push_back({{"name", e}});
    } else if (what == "params") {
        for (const auto* f : PlatformRegistry::instance().families()) f->schemas();
        for (const auto& schema : ParamRegistry::instance().all()) {
            Json params = Json::array();
            for (const auto& d : schema.decls()) {
                Json j{{"name", d.name}, {"type", d.type_text()}, {"required", d.is_required}, {"description", d.description}};
                if (!d.default_value.is_null()) j["default"] = d.default_value;
                if (d.min > -1e299 && d.max < 1e299) j["range"] = {d.min, d.max};  // SI units
                if (d.fit) j["fit_bounds"] = {d.fit->lo, d.fit->hi};
                params.push_back(std::move(j));
            }
            out.push_back({{"component", schema.component()}, {"description", schema.description()}, {"params", params}});
        }
    }
    return out;
}

}  // namespace

Action add_list_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("list", "List platforms, runtimes, models, quants, engines or params");
    static std::string what;
    static bool json = false;
    cmd->add_option("what", what, "platforms|runtimes|models|quants|engines|params")->required();
    cmd->add_flag("--json", json, "Print one JSON array (ranges and bounds in SI units)");
    return [] {
        static const std::vector<std::string> known{"platforms", "runtimes", "models", "quants", "engines", "params"};
        if (std::find(known.begin(), known.end(), what) == known.end())
            throw UserError("command line", "list", "unknown list '" + brief(what) +
                                                        "' (allowed: platforms, runtimes, models, quants, engines, params)");
        if (json) {
            std::cout << list_json(what).dump() << "\n";
            return 0;
        }
        if (what == "platforms") list_presets(true);
        else if (what == "runtimes") list_presets(false);
        else if (what == "models") list_models();
        else if (what == "quants") list_quants();
        else if (what == "engines") {
            std::vector<std::vector<std::string>> rows;
            for (const auto& e : engine_names()) rows.push_back({e});
            std::cout << format_text_table({"engine"}, rows);
        }
        else list_params();
        return 0;
    };
}

}  // namespace edgetwin::cli

namespace edgetwin::cli {

namespace {

// `inspect --json`: the model's shape as the lowering sees it and, for a file, the bytes per tensor type.
Json inspect_json(const std::string& path) {
    const LoadedModel loaded = load_model_with_quant(path, "command line", "inspect");
    const ModelSpec& m = loaded.model;
    Json j{{"path", path},         {"name", m.name},           {"family", m.family},       {"n_layer", m.n_layer},
           {"d_model", m.d_model}, {"n_head", m.n_head},       {"n_head_kv", m.n_head_kv}, {"head_dim", m.head_dim},
           {"d_ff", m.d_ff},       {"n_vocab", m.n_vocab},     {"n_ctx_train", m.n_ctx_train},
           {"parameters", m.parameter_count()}, {"quant", nullptr}};
    if (loaded.quant) {
        j["quant"] = loaded.quant->name;
        Json bytes = Json::object();
        for (const auto& t : weight_tensors(m, *loaded.quant)) {
            const std::string type = ggml_type_name(t.type);
            bytes[type] = bytes.value(type, std::int64_t{0}) + t.bytes;
        }
        j["weight_bytes_by_type"] = bytes;
    }
    return j;
}

}  // namespace

Action add_inspect_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("inspect", "Describe a model file (.gguf, llama2.c .bin) or card without reading weights");
    static std::string path;
    static bool json = false;
    cmd->add_option("file", path, "Model file or card name")->required();
    cmd->add_flag("--json", json, "Print the model's shape (and bytes per tensor type of a file) as one JSON object");
    return [] {
        if (json) std::cout << inspect_json(path).dump() << "\n";
        else std::cout << describe_model_file(path);
        return 0;
    };
}

}  // namespace edgetwin::cli
