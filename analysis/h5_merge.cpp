#include "analysis/h5_merge.h"

#include <fcntl.h>
#include <hdf5.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <set>
#include <vector>

#include "analysis/h5_result_layout.h"
#include "analysis/h5_safe_vfd.h"
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

// Copies `from` over `to`; returns 0 or the errno of the failed read or write (std::filesystem's
// copy_file reports a copy cut short by a full disk as EIO).
int copy_contents(const std::string& from, const std::string& to) {
    const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) return errno;
    const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        const int err = errno;
        ::close(in);
        return err;
    }
    std::vector<char> buf(1 << 20);
    int err = 0;
    while (!err) {
        const ssize_t n = ::read(in, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            err = n < 0 ? errno : 0;
            break;
        }
        for (ssize_t done = 0; done < n && !err;) {
            const ssize_t w = ::write(out, buf.data() + done, static_cast<std::size_t>(n - done));
            if (w >= 0) done += w;
            else if (errno != EINTR) err = errno;
        }
    }
    if (::close(out) != 0 && !err) err = errno;
    ::close(in);
    return err;
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
    h5::QuietErrors quiet;  // failures arrive as exceptions
    try {
        // Made first: it also turns a write past `ulimit -f` into EFBIG instead of SIGXFSZ.
        const h5::Handle fapl = h5::safe_file_access(h5::kTempFileSpillBytes);
        if (const int err = copy_contents(inputs.front(), tmp)) throw h5::WriteError(tmp, err);
        h5::Handle dst(H5Fopen(tmp.c_str(), H5F_ACC_RDWR, fapl.get()), H5Fclose, "open " + tmp);
        h5::Handle dst_points(H5Dopen2(dst.get(), "points", H5P_DEFAULT), H5Dclose, "open /points");
        h5::Handle dst_runs(H5Gopen2(dst.get(), "runs", H5P_DEFAULT), H5Gclose, "open /runs");
        const h5::RowLayout layout = h5result::points_layout_of_file(dst.get());  // same sweep: same axes in every input
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
            h5::check_written(tmp);  // stop at the first refused write, not after copying everything
        }
        dst_runs.reset();
        dst_points.reset();
        h5::flush_and_close(dst, tmp);
    } catch (const h5::WriteError& e) {
        std::remove(tmp.c_str());
        throw UserError(output, "", "cannot write merged file: " + h5::describe_write_error(e.error_number()));
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
