#include "analysis/h5_merge.h"

#include <hdf5.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <set>

#include "analysis/h5_result_layout.h"
#include "analysis/h5_store.h"
#include "analysis/h5_table.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

std::string scenario_of(const std::string& path) {
    read_points_h5(path);  // validates: exists, is a result file, right schema (UserError otherwise)
    h5::Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
    return h5::has_attr(f.get(), "scenario") ? h5::read_string_attr(f.get(), "scenario") : "";
}

}  // namespace

MergeReport merge_results_h5(const std::string& output, const std::vector<std::string>& inputs) {
    if (inputs.empty()) throw UserError("command line", "merge", "no input files");
    const std::string scenario = scenario_of(inputs.front());
    for (std::size_t i = 1; i < inputs.size(); ++i)
        if (scenario_of(inputs[i]) != scenario)
            throw UserError(inputs[i], "scenario", "comes from a different sweep than " + inputs.front() + "; refusing to merge");
    check_output_writable(output);

    const std::string tmp = output + ".tmp." + std::to_string(::getpid());
    MergeReport rep;
    try {
        std::filesystem::copy_file(inputs.front(), tmp, std::filesystem::copy_options::overwrite_existing);
        h5::Handle dst(H5Fopen(tmp.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open " + tmp);
        h5::Handle dst_points(H5Dopen2(dst.get(), "points", H5P_DEFAULT), H5Dclose, "open /points");
        h5::Handle dst_runs(H5Gopen2(dst.get(), "runs", H5P_DEFAULT), H5Gclose, "open /runs");
        const h5::RowLayout& layout = h5result::points_layout();
        const std::size_t hash_col = layout.index_of("config_hash"), run_col = layout.index_of("run");
        std::set<std::string> hashes;
        for (const auto& row : read_points_h5(tmp)) hashes.insert(row.config_hash);
        rep.rows = hashes.size();
        rep.files = 1;
        for (std::size_t i = 1; i < inputs.size(); ++i, ++rep.files) {
            h5::Handle src(H5Fopen(inputs[i].c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + inputs[i]);
            h5::Handle src_points(H5Dopen2(src.get(), "points", H5P_DEFAULT), H5Dclose, "open /points");
            std::size_t n = 0;
            const std::vector<unsigned char> rows = h5::read_table(src_points.get(), layout, &n);
            h5::RowBuffer add(layout);
            for (std::size_t r = 0; r < n; ++r) {
                const unsigned char* row = rows.data() + r * layout.row_size();
                const std::string hash = layout.get_str(row, hash_col);
                if (!hashes.insert(hash).second) {
                    ++rep.duplicates;
                    continue;
                }
                const std::string run = layout.get_str(row, run_col);
                if (h5::link_exists(dst_runs.get(), run))
                    throw UserError(inputs[i], "runs/" + run, "group name already used in the merged file");
                h5::check(H5Ocopy(src.get(), ("runs/" + run).c_str(), dst_runs.get(), run.c_str(), H5P_DEFAULT,
                                  H5P_DEFAULT),
                          "copy /runs/" + run);
                std::copy(row, row + layout.row_size(), add.add_row());
                ++rep.rows;
            }
            if (add.rows() > 0) h5::append_rows(dst_points.get(), layout, add);
        }
        H5Fflush(dst.get(), H5F_SCOPE_GLOBAL);
    } catch (...) {
        std::remove(tmp.c_str());
        throw;
    }
    if (std::rename(tmp.c_str(), output.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw UserError(output, "", "cannot create merged file");
    }
    return rep;
}

}  // namespace edgetwin
