#pragma once
// The validation corpus (data/validation/*.csv): published measurements with their provenance and the
// frozen blind split of data/validation/README.md. A row is a test row when the hash of its id falls
// in the lower half and nothing was fitted to it; nothing may ever be fitted to a test row.
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/calibration/observations.h"

namespace edgetwin::validation {

// FNV-1a-64 over "edgetwin-validation-v1|" + id (the README's rule, spelt out so it cannot drift).
std::uint64_t split_hash(const std::string& id);
// The rule alone: hash mod 100 < 50. A row is test only if this holds and its `fitted` cell is empty.
bool hash_says_test(const std::string& id);

// The preset's family as the corpus groups rows: "jetson", "cpu" (the generic family: Arm SBC CPUs),
// "mcu", "rram". Unknown presets throw UserError at `where`.
std::string platform_family_of(const std::string& platform, const std::string& where);
// The same name from a preset's "family" value.
std::string corpus_family(const std::string& preset_family);

struct CorpusRow {
    calib::Observation obs;  // obs.id unique across the corpus; obs.reference = the pinned source
    bool test = false;
    std::string family;  // platform_family_of(obs.platform)
};

struct Corpus {
    std::vector<CorpusRow> rows;  // files in name order, rows in file order
    std::vector<std::string> files;
    int n_test = 0;
    double test_share() const { return rows.empty() ? 0.0 : static_cast<double>(n_test) / static_cast<double>(rows.size()); }
};

// Every *.csv directly in `dir` (not staging/). Throws UserError naming the file and row when a row
// has no id, no source, or an id another row already uses.
Corpus load_corpus(const std::string& dir);

}  // namespace edgetwin::validation
