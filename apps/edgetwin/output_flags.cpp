#include "apps/edgetwin/output_flags.h"

#include "analysis/h5_store.h"
#include "sim/core/output_guard.h"

namespace edgetwin::cli {

void add_force_flag(CLI::App* cmd, bool& force) {
    cmd->add_flag("--force", force, "Replace an existing file that is not an edgetwin file of this kind (never a device, link or input)");
}

void prepare_output(const std::string& path, OutputKind kind, bool force, const std::string& what) {
    claim_output_path(path, what);
    check_replace_allowed(path, kind, force);
    check_output_writable(path, what);
}

}  // namespace edgetwin::cli
