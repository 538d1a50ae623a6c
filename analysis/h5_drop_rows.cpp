#include "analysis/h5_drop_rows.h"

#include "analysis/h5_result_layout.h"
#include "analysis/h5_safe_vfd.h"
#include "analysis/h5_table.h"
#include "sim/core/user_error.h"

namespace edgetwin {

std::size_t drop_point_rows(const std::string& path, const std::set<std::string>& hashes) {
    if (hashes.empty()) return 0;
    h5::QuietErrors quiet;
    try {
        h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, h5::safe_file_access().get()), H5Fclose, "open " + path);
        std::size_t dropped = 0;
        {
            h5::Handle points(H5Dopen2(file.get(), "points", H5P_DEFAULT), H5Dclose, "open /points");
            h5::Handle runs(H5Gopen2(file.get(), "runs", H5P_DEFAULT), H5Gclose, "open /runs");
            const h5::RowLayout layout = h5result::points_layout_of_file(file.get());  // its sweep's axis columns too
            const std::size_t hash_col = layout.index_of("config_hash"), run_col = layout.index_of("run");
            std::size_t n = 0;
            const std::vector<unsigned char> rows = h5::read_table(points.get(), layout, &n);
            h5::RowBuffer keep(layout);
            for (std::size_t i = 0; i < n; ++i) {
                const unsigned char* row = rows.data() + i * layout.row_size();
                if (!hashes.count(layout.get_str(row, hash_col))) {
                    std::copy(row, row + layout.row_size(), keep.add_row());
                    continue;
                }
                const std::string run = layout.get_str(row, run_col);
                if (h5::link_exists(runs.get(), run))
                    h5::check(H5Ldelete(runs.get(), run.c_str(), H5P_DEFAULT), "delete /runs/" + run);
                ++dropped;
            }
            if (dropped == 0) return 0;
            // Rewritten in place; with the safe driver nothing reaches the disk unless the whole
            // rewrite does (the flush below), so a failure leaves the file as it was.
            const hsize_t zero = 0;
            h5::check(H5Dset_extent(points.get(), &zero), "shrink /points");
            h5::append_rows(points.get(), layout, keep);
        }
        h5::flush_and_close(file, path);
        return dropped;
    } catch (const h5::WriteError& e) {
        throw UserError(path, "", "cannot update result file: " + h5::describe_write_error(e.error_number()));
    } catch (const h5::Failure& e) {
        throw UserError(path, "", std::string("cannot update result file: ") + e.what());
    }
}

}  // namespace edgetwin
