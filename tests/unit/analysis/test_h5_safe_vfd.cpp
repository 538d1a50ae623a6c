// The safe HDF5 file driver: buffered writes read back, a refused write (full disk, file size
// limit) leaves a result file as of its previous append, and nothing crashes at exit.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>
#include <thread>

#include "analysis/h5_safe_vfd.h"
#include "analysis/h5_store.h"
#include "analysis/h5_table.h"
#include "sim/core/user_error.h"

namespace fs = std::filesystem;
using namespace edgetwin;

namespace {

struct TempDir {
    fs::path dir;
    TempDir() {
        static int counter = 0;
        dir = fs::temp_directory_path() / ("edgetwin_vfd_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::string file(const std::string& name) const { return (dir / name).string(); }
};

// The fault hook is process-wide: always turned off again, also when a REQUIRE fails.
struct DiskFullAt {
    explicit DiskFullAt(std::uint64_t bytes) { h5::safe_vfd_fail_writes_beyond(bytes); }
    ~DiskFullAt() { h5::safe_vfd_fail_writes_beyond(0); }
};

std::uint64_t file_size(const std::string& path) { return fs::file_size(path); }

// A point as test_h5_store.cpp builds them: all per-run tables non-empty; `k` varies the numbers.
RunResult make_point(int k) {
    RunResult r;
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016x", 0xa000 + k);
    r.config_hash = hash;
    r.platform = "rpi5-8gb";
    r.runtime = "llama.cpp";
    r.model = "stories15M";
    r.quant = "Q8_0";
    r.fidelity = "analytic";
    r.n_prompt = 16;
    r.n_gen = 4;
    r.batch = 1;
    r.ctx = 20;
    r.threads = 4;
    r.clock_hz = 2.4e9;
    r.summary.ttft_s = 0.01 * (k + 1);
    r.summary.decode_tok_s = 100.0 + k;
    r.summary.bottleneck = Bound::Memory;
    r.summary.op_class_share = {0.7, 0.2, 0.05, 0.04, 0.01};
    r.memory_levels = {"dram"};
    for (int i = 0; i < 6; ++i) {
        OpRecord op;
        op.name = "blk." + std::to_string(i) + ".matmul";
        op.phase = i == 0 ? Phase::Prefill : Phase::Decode;
        op.kind = OpKind::MatMul;
        op.calls = 4;
        op.time_s = 0.001 * (i + 1) + k;
        op.read_B = {1e6 * (i + 1)};
        op.write_B = {1e4};
        op.bound = Bound::Memory;
        r.ops.push_back(op);
    }
    for (int t = 0; t < 4; ++t) r.timeline.push_back({0.05 * t, Phase::Decode, t, 0.05, 5.0, 50.0, 2.4e9});
    r.memory.push_back({"dram", 8e9, 1e8, 9e7, 1e7, 1e6, 5e8, 1e6});
    r.alerts.push_back({0.1, "temperature", "warm"});
    r.config = Json{{"point", k}};
    return r;
}

// time_s of the ops table of /runs/<run>, read with the default driver (as h5py would).
std::vector<double> op_times(const std::string& path, const std::string& run) {
    h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
    h5::Handle ds(H5Dopen2(file.get(), ("runs/" + run + "/ops").c_str(), H5P_DEFAULT), H5Dclose, "open ops");
    const h5::RowLayout layout({{"time_s", h5::ColType::F64, 0, "s", ""}});
    std::size_t n = 0;
    const std::vector<unsigned char> bytes = h5::read_table(ds.get(), layout, &n);
    std::vector<double> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(layout.get_f64(bytes.data() + i * layout.row_size(), 0));
    return out;
}

// Runs `body` in a child process with stderr going to a file; returns the wait status and stderr.
template <class F>
std::pair<int, std::string> in_child(const std::string& stderr_path, F body) {
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int fd = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(fd, 2);
        body();
        std::_Exit(99);  // body must end the process itself
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    std::ifstream in(stderr_path);
    std::stringstream text;
    text << in.rdbuf();
    return {status, text.str()};
}

}  // namespace

TEST_CASE("safe driver: reads see buffered writes, the file is plain HDF5", "[h5][vfd]") {
    TempDir tmp;
    // Overlapping, unaligned hyperslab writes to a contiguous dataset reach the driver as
    // overlapping extents; a spill of 4 KiB makes it commit between them too.
    for (const std::uint64_t spill : {std::uint64_t{0}, std::uint64_t{4096}}) {
        const std::string path = tmp.file("plain" + std::to_string(spill) + ".h5");
        const hsize_t n = 50000;
        std::vector<double> expect(n, 0.0);
        {
            h5::Handle fapl = h5::safe_file_access(spill);
            h5::Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), H5Fclose, "create");
            h5::Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "space");
            h5::Handle ds(H5Dcreate2(file.get(), "x", H5T_NATIVE_DOUBLE, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                          H5Dclose, "dataset");
            std::mt19937 rng(7);
            for (int w = 0; w < 200; ++w) {
                const hsize_t start = rng() % n, count = 1 + rng() % std::min<hsize_t>(3000, n - start);
                std::vector<double> v(count);
                std::iota(v.begin(), v.end(), w * 1e5);
                std::copy(v.begin(), v.end(), expect.begin() + static_cast<std::ptrdiff_t>(start));
                h5::Handle fs_(H5Dget_space(ds.get()), H5Sclose, "fspace");
                h5::check(H5Sselect_hyperslab(fs_.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr), "select");
                h5::Handle ms(H5Screate_simple(1, &count, nullptr), H5Sclose, "mspace");
                h5::check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, ms.get(), fs_.get(), H5P_DEFAULT, v.data()), "write");
                if (w % 50 == 49) {  // read back before any flush: served from the driver's memory
                    std::vector<double> got(n);
                    h5::check(H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, got.data()), "read");
                    REQUIRE(got == expect);
                }
            }
            ds.reset();
            h5::flush_and_close(file, path);
        }
        h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open with sec2");
        h5::Handle ds(H5Dopen2(file.get(), "x", H5P_DEFAULT), H5Dclose, "open x");
        std::vector<double> got(n);
        h5::check(H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, got.data()), "read");
        CHECK(got == expect);
    }
}

TEST_CASE("a full disk at any byte of an append leaves the file as of the previous append", "[h5][vfd]") {
    TempDir tmp;
    constexpr int kPoints = 4;
    // Sizes on disk after creation (0) and after each append, from an undisturbed run.
    std::vector<std::uint64_t> size_after;
    {
        const std::string ref = tmp.file("reference.h5");
        ResultAppender out(ref, ResultAppender::Mode::Create, Json{{"sweep", true}});
        size_after.push_back(file_size(ref));
        for (int k = 0; k < kPoints; ++k) {
            out.append(make_point(k));
            size_after.push_back(file_size(ref));
        }
    }
    const std::string path = tmp.file("sweep.h5");
    int tried = 0;
    for (int k = 0; k < kPoints; ++k) {
        const std::uint64_t lo = size_after[k], hi = size_after[k + 1];
        REQUIRE(hi > lo);
        // Every limit in [lo, hi) fails append k: the first and last bytes and 22 in between.
        std::vector<std::uint64_t> limits{lo, lo + 1, hi - 1};
        for (int s = 1; s <= 22; ++s) limits.push_back(lo + (hi - lo) * s / 23);
        for (const std::uint64_t limit : limits) {
            INFO("append " << k << ", disk full at byte " << limit << " of " << lo << ".." << hi);
            {
                ResultAppender out(path, ResultAppender::Mode::Create, Json{{"sweep", true}});
                for (int j = 0; j < k; ++j) out.append(make_point(j));
                const DiskFullAt full(limit);
                try {
                    out.append(make_point(k));
                    FAIL("the append succeeded on a full disk");
                } catch (const ResultWriteError& e) {
                    CHECK(e.file() == path);
                    CHECK(e.cause() == "disk full (No space left on device)");
                    CHECK(e.remedy() == "free space");
                }
                CHECK(out.rows() == static_cast<std::size_t>(k));
                CHECK_THROWS_AS(out.append(make_point(k)), ResultWriteError);  // no half-measures after a failure
                CHECK_THROWS_AS(out.close(), ResultWriteError);
            }
            CHECK(file_size(path) == lo);  // exactly the file after append k-1
            REQUIRE(read_points_h5(path).size() == static_cast<std::size_t>(k));
            if (k > 0) {
                const std::vector<double> times = op_times(path, make_point(k - 1).config_hash);
                REQUIRE(times.size() == 6);
                CHECK(times[5] == make_point(k - 1).ops[5].time_s);
            }
            ResultAppender resumed(path, ResultAppender::Mode::Resume);
            REQUIRE(resumed.rows() == static_cast<std::size_t>(k));
            resumed.append(make_point(k));
            resumed.close();
            const auto rows = read_points_h5(path);
            REQUIRE(rows.size() == static_cast<std::size_t>(k + 1));
            CHECK(rows[static_cast<std::size_t>(k)].config_hash == make_point(k).config_hash);
            CHECK(op_times(path, make_point(k).config_hash).size() == 6);
            ++tried;
        }
    }
    CHECK(tried == kPoints * 25);
}

TEST_CASE("a file with a hole where HDF5 writes next (another writer extended it) is appended to", "[h5][vfd]") {
    TempDir tmp;
    const std::string path = tmp.file("sparse.h5");
    {
        ResultAppender out(path, ResultAppender::Mode::Create);
        out.append(make_point(0));
    }
    // 256 KiB of hole past HDF5's end of file: the next allocations land in it, below the size on
    // disk, so the driver writes them "in place" and reserves the blocks first.
    const std::uint64_t size = file_size(path);
    fs::resize_file(path, size + (256 << 10));
    {
        ResultAppender out(path, ResultAppender::Mode::Resume);
        for (int k = 1; k < 4; ++k) out.append(make_point(k));
    }
    const auto rows = read_points_h5(path);
    REQUIRE(rows.size() == 4);
    CHECK(op_times(path, make_point(3).config_hash).at(5) == make_point(3).ops[5].time_s);
}

TEST_CASE("a full disk before the empty tables are written leaves no file", "[h5][vfd]") {
    TempDir tmp;
    const std::string path = tmp.file("new.h5");
    const DiskFullAt full(100);
    CHECK_THROWS_WITH(ResultAppender(path, ResultAppender::Mode::Create), Catch::Contains("disk full (No space left on device)"));
    CHECK_FALSE(fs::exists(path));
}

TEST_CASE("write_results_h5 on a full disk: one UserError, no file, no temp file", "[h5][vfd]") {
    TempDir tmp;
    const std::string path = tmp.file("run.h5");
    {
        const DiskFullAt full(3000);
        try {
            write_results_h5(path, {make_point(1)}, Json());
            FAIL("write_results_h5 succeeded on a full disk");
        } catch (const UserError& e) {
            CHECK(e.file() == path);
            CHECK(e.detail() == "cannot write result file: disk full (No space left on device)");
        }
    }
    CHECK(fs::is_empty(tmp.dir));
    write_results_h5(path, {make_point(1)}, Json());  // space freed: works again
    CHECK(read_points_h5(path).size() == 1);
}

TEST_CASE("a file size limit (ulimit -f) is reported as EFBIG, not SIGXFSZ", "[h5][vfd]") {
    TempDir tmp;
    const std::string path = tmp.file("limited.h5");
    const auto [status, err] = in_child(tmp.file("stderr.txt"), [&] {
        ResultAppender out(path, ResultAppender::Mode::Create);
        out.append(make_point(0));
        const rlimit lim{file_size(path) + 100, RLIM_INFINITY};  // soft limit just above the file
        ::setrlimit(RLIMIT_FSIZE, &lim);
        try {
            out.append(make_point(1));
        } catch (const ResultWriteError& e) {
            std::exit(e.cause() == "file size limit reached (File too large)" &&
                              e.remedy() == "raise the file size limit (ulimit -f)"
                          ? 0
                          : 3);
        }
        std::exit(4);
    });
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(err.empty());
    CHECK(read_points_h5(path).size() == 1);
}

TEST_CASE("a process that exits after a failed write does not crash and prints nothing", "[h5][vfd]") {
    TempDir tmp;
    SECTION("appender left open at exit") {
        const std::string path = tmp.file("left_open.h5");
        const auto [status, err] = in_child(tmp.file("stderr.txt"), [&] {
            auto* out = new ResultAppender(path, ResultAppender::Mode::Create);  // never closed: HDF5's exit handler does it
            out->append(make_point(0));
            h5::safe_vfd_fail_writes_beyond(file_size(path));
            try {
                out->append(make_point(1));
            } catch (const ResultWriteError&) {
                std::exit(0);
            }
            std::exit(4);
        });
        INFO(err);
        REQUIRE_FALSE(WIFSIGNALED(status));
        CHECK(WEXITSTATUS(status) == 0);
        CHECK(err.empty());
        CHECK(read_points_h5(path).size() == 1);
    }
    SECTION("failure on another thread (sweep -j 2)") {
        // HDF5 is built thread-safe: each thread has its own error stack, and one left full keeps the
        // exit handler from closing the library ("infinite loop closing library" on stderr).
        const std::string path = tmp.file("thread.h5");
        const auto [status, err] = in_child(tmp.file("stderr.txt"), [&] {
            ResultAppender out(path, ResultAppender::Mode::Create);
            out.append(make_point(0));
            h5::safe_vfd_fail_writes_beyond(file_size(path));
            bool refused = false;
            std::thread([&] {
                try {
                    out.append(make_point(1));
                } catch (const ResultWriteError&) {
                    refused = true;
                }
            }).join();
            std::exit(refused ? 0 : 4);
        });
        INFO(err);
        REQUIRE_FALSE(WIFSIGNALED(status));
        CHECK(WEXITSTATUS(status) == 0);
        CHECK(err.empty());
        CHECK(read_points_h5(path).size() == 1);
    }
    SECTION("first failure inside HDF5's exit handler") {
        const std::string path = tmp.file("at_exit.h5"), size_path = tmp.file("size.txt");
        const auto [status, err] = in_child(tmp.file("stderr.txt"), [&] {
            h5::Handle fapl = h5::safe_file_access();
            const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get());
            H5Fflush(file, H5F_SCOPE_GLOBAL);  // an empty HDF5 file on disk
            std::ofstream(size_path) << file_size(path);
            h5::write_string_attr(file, "note", std::string(10000, 'x'));
            h5::safe_vfd_fail_writes_beyond(file_size(path));
            std::exit(file >= 0 ? 0 : 5);  // the file is still open: closed (and its write refused) at exit
        });
        INFO(err);
        REQUIRE_FALSE(WIFSIGNALED(status));
        CHECK(WEXITSTATUS(status) == 0);
        CHECK(err.empty());
        std::uint64_t created = 0;
        std::ifstream(size_path) >> created;
        CHECK(file_size(path) == created);
        h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");  // still HDF5
        CHECK_FALSE(h5::has_attr(file.get(), "note"));
    }
}
