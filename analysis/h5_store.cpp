#include "analysis/h5_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include "analysis/h5_result_layout.h"
#include "analysis/h5_safe_vfd.h"
#include "analysis/h5_table.h"
#include "edgetwin/build_info.h"
#include "sim/core/output_guard.h"
#include "sim/core/user_error.h"

namespace edgetwin {

namespace {


std::string dump_json(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string parent_dir(const std::string& path) {
    std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::vector<PointRow> read_points(hid_t file) {
    h5::Handle points(H5Dopen2(file, "points", H5P_DEFAULT), H5Dclose, "open /points");
    std::size_t n = 0;
    const h5::RowLayout layout = h5result::points_layout_of_file(file);
    std::vector<unsigned char> bytes = h5::read_table(points.get(), layout, &n);
    std::vector<PointRow> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back(h5result::decode_point(bytes.data() + i * layout.row_size(), layout));
    return out;
}

void check_schema(hid_t file) {
    if (!h5::has_attr(file, "schema_version"))
        throw h5::Failure("not an edgetwin result file (no schema_version attribute)");
    std::int64_t v = h5::read_int_attr(file, "schema_version");
    if (v != kResultSchemaVersion)
        throw h5::Failure("schema_version " + std::to_string(v) + " is not supported (this build reads " +
                          std::to_string(kResultSchemaVersion) + ")");
}

}  // namespace

std::vector<std::string> point_columns() {
    std::vector<std::string> names;
    for (const h5::Column& c : h5result::points_layout().columns()) names.push_back(c.name);
    return names;
}

struct ResultAppender::Impl {
    std::string path;
    h5::Handle file, points, runs;  // destroyed in reverse: runs, points, then the file
    std::vector<h5result::AxisColumn> axes;    // the sweep's axes as /points columns (none for a run)
    h5::RowLayout layout{h5result::points_layout()};
    std::set<std::string> hashes, run_names;
    std::size_t rows = 0;
    StoreLevel store = StoreLevel::Full;
    int write_failed = 0;  // errno of a refused write: the disk keeps the file as of the last flush

    void create(const Json& scenario) {
        try {
            file = h5::Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, h5::safe_file_access().get()),
                              H5Fclose, "create file");
        } catch (const h5::Failure& e) {
            throw UserError(path, "", std::string("cannot create result file: ") + e.what());
        }
        h5::write_int_attr(file.get(), "schema_version", kResultSchemaVersion);
        h5::write_string_attr(file.get(), "edgetwin_version", kVersion);
        h5::write_string_attr(file.get(), "git_commit", kGitCommit);
        h5::write_string_attr(file.get(), "created_utc", utc_timestamp());
        if (!scenario.is_null()) h5::write_string_attr(file.get(), "scenario", dump_json(scenario));
        axes = h5result::axis_columns(scenario);
        layout = h5result::points_layout(axes);
        points = h5::create_table(file.get(), "points", layout, h5::RowBuffer(layout), 64);
        runs = h5::Handle(H5Gcreate2(file.get(), "runs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                          "create /runs");
        try {
            flush();
        } catch (const ResultWriteError&) {
            // Nothing reached the disk: leave no empty file that a rerun would try to resume.
            runs.reset();
            points.reset();
            file.reset();
            std::remove(path.c_str());
            throw;
        }
    }

    void resume() {
        try {
            file = h5::Handle(H5Fopen(path.c_str(), H5F_ACC_RDWR, h5::safe_file_access().get()), H5Fclose, "open file");
            check_schema(file.get());
            layout = h5result::points_layout_of_file(file.get());
            if (h5::has_attr(file.get(), "scenario"))
                axes = h5result::axis_columns(Json::parse(h5::read_string_attr(file.get(), "scenario")));
            for (const PointRow& p : read_points(file.get())) {
                hashes.insert(p.config_hash);
                run_names.insert(p.run);
                ++rows;
            }
            points = h5::Handle(H5Dopen2(file.get(), "points", H5P_DEFAULT), H5Dclose, "open /points");
            runs = h5::Handle(H5Gopen2(file.get(), "runs", H5P_DEFAULT), H5Gclose, "open /runs");
        } catch (const h5::Failure& e) {
            throw UserError(path, "", std::string("cannot open result file: ") + e.what());
        }
    }

    std::string choose_run_name(const std::string& hash) const {
        const std::string base = hash.empty() ? std::string("point") : h5result::column_safe(hash);
        std::string name = base;
        for (int k = 2; run_names.count(name); ++k) name = base + "_" + std::to_string(k);
        return name;
    }

    std::string append(const RunResult& r, const std::string& error, const Json& point) {
        if (!file.valid()) throw std::logic_error("ResultAppender: append after close");
        if (write_failed) throw ResultWriteError(path, write_failed);  // the disk would not take it either
        const std::string run = choose_run_name(r.config_hash);
        PointRow row = h5result::point_row_of(r, error, run);
        // The point's own scenario: its axis values, and for a point that failed before it ran, the
        // settings it asked for (a failed row keeps what it was).
        for (const auto& a : axes) row.axis_values.push_back(h5result::axis_value(point, a.name));
        if (!error.empty() && point.is_object()) {
            auto text = [&](const char* key, std::string& field) {
                const Json v = h5result::axis_value(point, key);
                if (v.is_string() && field.empty()) field = v.get<std::string>();
            };
            auto integer = [&](const char* key, int& field) {
                const Json v = h5result::axis_value(point, key);
                if (v.is_number_integer()) field = v.get<int>();
            };
            text("workload.kv_type", row.kv_type);
            text("hardware.power_mode", row.power_mode);
            integer("runtime.gpu_layers", row.gpu_layers);
            integer("runtime.threads", row.threads);
            integer("workload.n_prompt", row.n_prompt);
            integer("workload.n_gen", row.n_gen);
        }
        // A group no row refers to was left by a writer killed inside an append: replace it.
        if (h5::link_exists(runs.get(), run)) h5::check(H5Ldelete(runs.get(), run.c_str(), H5P_DEFAULT), "delete stale /runs/" + run);
        {
            h5::Handle group(H5Gcreate2(runs.get(), run.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                             "create /runs/" + run);
            // The resolved configuration is most of a point's size; --store points keeps only the row
            // (the file's scenario attribute and the row's axis values regenerate the point).
            if (store != StoreLevel::Points) h5::write_string_attr(group.get(), "config", dump_json(r.config));
            h5::write_string_attr(group.get(), "config_hash", r.config_hash);
            h5::write_string_attr(group.get(), "memory_levels", dump_json(Json(r.memory_levels)));
            if (!error.empty()) h5::write_string_attr(group.get(), "error", error);
            else h5result::write_run_tables(group.get(), r, store);
        }
        // The row goes last: once it is on disk its group is complete.
        h5::RowBuffer buf(layout);
        h5result::encode_point(row, layout, buf.add_row());
        h5::append_rows(points.get(), layout, buf);
        flush();
        hashes.insert(r.config_hash);
        run_names.insert(run);
        ++rows;
        return run;
    }

    // Puts everything since the last flush on disk, or throws ResultWriteError and leaves the disk
    // as of the last flush (h5_safe_vfd.h).
    void flush() {
        if (write_failed) throw ResultWriteError(path, write_failed);
        const herr_t flushed = H5Fflush(file.get(), H5F_SCOPE_GLOBAL);
        if (flushed < 0) note_write_failure();
        h5::check(flushed, "flush " + path);
    }

    void note_write_failure() {
        try {
            h5::check_written(path);
        } catch (const h5::WriteError& e) {
            write_failed = e.error_number();
            throw ResultWriteError(path, write_failed);
        }
    }

    void close() {
        if (!file.valid()) return;
        if (!write_failed) flush();
        runs.reset();
        points.reset();
        // Close explicitly (not through Handle) so a failed final write is reported.
        h5::check(H5Fclose(file.release()), "close " + path);
        note_write_failure();  // the final superblock write happens inside the close
        if (write_failed) throw ResultWriteError(path, write_failed);
    }
};

ResultAppender::ResultAppender(const std::string& path, Mode mode, const Json& scenario) : impl_(new Impl) {
    h5::QuietErrors quiet;
    impl_->path = path;
    if (mode == Mode::Create) impl_->create(scenario);
    else impl_->resume();
}

ResultAppender::~ResultAppender() {
    if (!impl_) return;
    h5::QuietErrors quiet;
    try {
        impl_->close();
    } catch (...) {
        // Destructors must not throw; close() reports the same failure to callers that ask.
    }
}

ResultAppender::ResultAppender(ResultAppender&&) noexcept = default;
ResultAppender& ResultAppender::operator=(ResultAppender&&) noexcept = default;

std::string ResultAppender::append(const RunResult& r, const Json& point) {
    h5::QuietErrors quiet;
    return impl_->append(r, "", point);
}

std::string ResultAppender::append_failed(const RunResult& r, const std::string& error, const Json& point) {
    h5::QuietErrors quiet;
    return impl_->append(r, error.empty() ? std::string("unknown error") : error, point);
}

std::size_t ResultAppender::rows() const { return impl_->rows; }

void ResultAppender::set_store(StoreLevel level) {
    h5::QuietErrors quiet;
    impl_->store = level;
    // Mixed levels in one file (a resumed sweep with another --store) are recorded as the lowest kept.
    const std::string name = store_level_name(level);
    if (!h5::has_attr(impl_->file.get(), "store") || static_cast<int>(level) < static_cast<int>(parse_store_level(
                                                            h5::read_string_attr(impl_->file.get(), "store"), impl_->path, "store")))
        h5::write_string_attr(impl_->file.get(), "store", name);
}

StoreLevel parse_store_level(const std::string& text, const std::string& origin, const std::string& key) {
    if (text == "points") return StoreLevel::Points;
    if (text == "summary") return StoreLevel::Summary;
    if (text == "full") return StoreLevel::Full;
    throw UserError(origin, key, "'" + text + "' (allowed: points, summary, full)");
}

const char* store_level_name(StoreLevel level) {
    return level == StoreLevel::Points ? "points" : level == StoreLevel::Summary ? "summary" : "full";
}

ResultWriteError::ResultWriteError(const std::string& path, int err)
    : UserError(path, "", "cannot write result file: " + h5::describe_write_error(err)),
      cause_(h5::describe_write_error(err)),
      remedy_(h5::write_error_remedy(err)) {}
const std::set<std::string>& ResultAppender::hashes() const { return impl_->hashes; }

void ResultAppender::close() {
    h5::QuietErrors quiet;
    impl_->close();
}

void check_output_writable(const std::string& path, const std::string& what) {
    claim_output_path(path, what);
    remove_stale_temp_files(path);
    auto fail = [&](const std::string& reason) { throw UserError(path, "", "cannot create " + what + ": " + reason); };
    TempFile probe(path);
    int fd = ::open(probe.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int err = errno;
        const std::string dir = parent_dir(path);
        if (err == ENOENT) fail("directory '" + dir + "' does not exist");
        if (err == EACCES) fail("no permission to write in '" + dir + "'");
        fail(std::strerror(err));
    }
    ::close(fd);
}

void write_results_h5(const std::string& path, const std::vector<RunResult>& runs, const Json& scenario,
                      const std::vector<std::string>& errors, StoreLevel store) {
    if (!errors.empty() && errors.size() != runs.size())
        throw std::invalid_argument("write_results_h5: errors must be empty or parallel to runs");
    write_file_atomically(path, [&](const std::string& tmp) {
        try {
            ResultAppender out(tmp, ResultAppender::Mode::Create, scenario);
            out.set_store(store);
            for (std::size_t i = 0; i < runs.size(); ++i) {
                if (!errors.empty() && !errors[i].empty()) out.append_failed(runs[i], errors[i]);
                else out.append(runs[i]);
            }
            out.close();
        } catch (const UserError& e) {
            throw UserError(path, "", e.detail());  // name the file the user asked for
        }
    });
}

void write_file_atomically(const std::string& path, const std::function<void(const std::string& temp)>& write) {
    check_output_writable(path);
    TempFile tmp(path);  // removed on any failure and on SIGINT/SIGTERM
    h5::QuietErrors quiet;  // failures arrive as exceptions; the library's own stack dump is noise
    try {
        write(tmp.path());
        h5::check_written(tmp.path());  // a write that failed inside the final close is only recorded
    } catch (const h5::WriteError& e) {
        throw UserError(path, "", "cannot write result file: " + h5::describe_write_error(e.error_number()));
    } catch (const h5::Failure& e) {
        throw UserError(path, "", std::string("cannot write result file: ") + e.what());
    }
    tmp.commit();
}

std::string utc_timestamp() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::vector<PointRow> read_points_h5(const std::string& path) {
    auto fail = [&](const std::string& reason) -> std::vector<PointRow> {
        throw UserError(path, "", "cannot read result file: " + reason);
    };
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return fail(std::strerror(errno));
    h5::QuietErrors quiet;
    try {
        if (H5Fis_hdf5(path.c_str()) <= 0) return fail("not an HDF5 file");
        // The writers' driver: a file this process is appending to is then shared, not opened (and
        // locked, which the writer's lock would refuse) a second time.
        h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, h5::safe_file_access().get()), H5Fclose, "open file");
        check_schema(file.get());
        return read_points(file.get());
    } catch (const h5::Failure& e) {
        return fail(e.what());
    }
}

}  // namespace edgetwin
