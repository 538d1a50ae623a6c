#include "analysis/validation/corpus.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "hwmodels/platform_registry.h"
#include "sim/core/user_error.h"

namespace edgetwin::validation {

std::uint64_t split_hash(const std::string& id) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : "edgetwin-validation-v1|" + id) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

bool hash_says_test(const std::string& id) { return split_hash(id) % 100 < 50; }

std::string platform_family_of(const std::string& platform, const std::string& where) {
    return corpus_family(load_platform_preset(platform, where, "platform").json.value("family", std::string()));
}

std::string corpus_family(const std::string& preset_family) {
    // The generic family models application CPUs (Raspberry Pi class boards).
    return preset_family == "generic" ? "cpu" : preset_family;
}

Corpus load_corpus(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw UserError(dir, "", "validation corpus directory not found");
    Corpus c;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".csv") c.files.push_back(e.path().string());
    std::sort(c.files.begin(), c.files.end());
    if (c.files.empty()) throw UserError(dir, "", "no *.csv files in the validation corpus");
    std::map<std::string, std::string> seen;  // id -> where
    for (const auto& f : c.files) {
        calib::TraceContext ctx;
        ctx.format = "generic-csv";
        for (auto& o : calib::load_trace_file(f, ctx).observations) {
            if (o.id.empty()) throw UserError(o.source, "id", "every corpus row needs an id (the split is decided by it)");
            if (o.reference.empty()) throw UserError(o.source, "source", "row '" + o.id + "' names no source");
            if (o.platform.empty()) throw UserError(o.source, "platform", "row '" + o.id + "' names no platform");
            const auto [it, fresh] = seen.emplace(o.id, o.source);
            if (!fresh) throw UserError(o.source, "id", "id '" + o.id + "' is also used at " + it->second);
            CorpusRow r;
            r.test = o.fitted.empty() && hash_says_test(o.id);
            r.family = platform_family_of(o.platform, o.source);
            r.obs = std::move(o);
            c.n_test += r.test ? 1 : 0;
            c.rows.push_back(std::move(r));
        }
    }
    return c;
}

}  // namespace edgetwin::validation
