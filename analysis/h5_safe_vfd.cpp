#include "analysis/h5_safe_vfd.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace edgetwin::h5 {
namespace {

constexpr haddr_t kMaxAddr = (static_cast<haddr_t>(1) << 63) - 1;  // off_t range, as sec2

struct Config {
    std::uint64_t spill_bytes = 0;
};

std::atomic<std::uint64_t> g_fail_beyond{0};  // test hook, 0: off
// path -> errno of its failed write, until reopened. Callbacks run under HDF5's lock (a thread-safe
// build), check_written() outside it.
std::mutex g_failures_mutex;
std::map<std::string, int> g_failures;

void push_error(const char* func, hid_t minor, const std::string& msg) {
    H5Epush2(H5E_DEFAULT, __FILE__, func, __LINE__, H5E_ERR_CLS, H5E_VFL, minor, "%s", msg.c_str());
}

// pwrite all of it; returns 0 or the errno.
int write_at(int fd, const unsigned char* p, std::uint64_t n, std::uint64_t off) {
    while (n > 0) {
        std::uint64_t now = std::min<std::uint64_t>(n, 1u << 30);
        if (const std::uint64_t limit = g_fail_beyond) {
            if (off >= limit) return ENOSPC;
            now = std::min(now, limit - off);
        }
        const ssize_t w = ::pwrite(fd, p, static_cast<std::size_t>(now), static_cast<off_t>(off));
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return errno;
        if (w == 0) return EIO;
        p += w;
        n -= static_cast<std::uint64_t>(w);
        off += static_cast<std::uint64_t>(w);
    }
    return 0;
}

// First extent (start -> bytes, disjoint) that ends at or after `addr`; touching counts, so a
// write can be merged into it.
template <class Map>
auto first_touching(Map& extents, std::uint64_t addr) {
    auto it = extents.upper_bound(addr);
    if (it != extents.begin()) {
        auto prev = std::prev(it);
        if (prev->first + prev->second.size() >= addr) return prev;
    }
    return it;
}

// One open file. Disk holds the file as of the last commit; `overlay` every write since.
class SafeFile {
public:
    SafeFile(int fd, std::string name, const struct stat& st, std::uint64_t spill)
        : fd_(fd), name_(std::move(name)), dev_(st.st_dev), ino_(st.st_ino), spill_(spill) {
        disk_eof_ = logical_eof_ = valid_disk_ = static_cast<std::uint64_t>(st.st_size);
        const off_t hole = ::lseek(fd, 0, SEEK_HOLE);  // this driver never leaves holes; others may
        solid_ = hole < 0 ? 0 : std::min<std::uint64_t>(static_cast<std::uint64_t>(hole), disk_eof_);
    }
    int fd() const { return fd_; }
    const int* fd_ptr() const { return &fd_; }
    std::uint64_t spill() const { return spill_; }
    int compare(const SafeFile& o) const {
        if (dev_ != o.dev_) return dev_ < o.dev_ ? -1 : 1;
        if (ino_ != o.ino_) return ino_ < o.ino_ ? -1 : 1;
        return 0;
    }
    haddr_t eoa() const { return eoa_; }
    void set_eoa(haddr_t a) { eoa_ = a; }
    haddr_t eof() const { return logical_eof_; }
    int failed() const { return failed_; }
    bool settled() const { return settled_; }

    int read(std::uint64_t addr, std::size_t size, unsigned char* buf) const {
        std::memset(buf, 0, size);
        const std::uint64_t end = addr + size;
        for (std::uint64_t pos = addr; pos < std::min(end, valid_disk_);) {
            const ssize_t r = ::pread(fd_, buf + (pos - addr), static_cast<std::size_t>(std::min(end, valid_disk_) - pos),
                                      static_cast<off_t>(pos));
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) return errno;
            if (r == 0) break;  // shorter than we think: the rest reads as zeros, as in sec2
            pos += static_cast<std::uint64_t>(r);
        }
        for (auto it = first_touching(overlay_, addr); it != overlay_.end() && it->first < end; ++it) {
            const std::uint64_t from = std::max(addr, it->first);
            const std::uint64_t to = std::min(end, it->first + it->second.size());
            if (from < to) std::memcpy(buf + (from - addr), it->second.data() + (from - it->first), to - from);
        }
        return 0;
    }

    // Buffers a write; a spilling file may commit now (its error is reported by the next flush).
    void write(std::uint64_t addr, std::size_t size, const unsigned char* data) {
        put(addr, data, size);
        logical_eof_ = std::max<std::uint64_t>(logical_eof_, addr + size);
        if (spill_ && overlay_bytes_ >= spill_ && !failed_) commit(true);
    }

    // HDF5 sets the file size to its allocated end (eoa) in every H5Fflush and close, after it has
    // written all its metadata: the next commit is a complete file.
    void truncate() {
        settled_ = true;
        const std::uint64_t to = eoa_;
        if (to < logical_eof_) {
            auto it = overlay_.lower_bound(to);
            if (it != overlay_.begin()) {
                auto prev = std::prev(it);
                const std::uint64_t prev_end = prev->first + prev->second.size();
                if (prev_end > to) {
                    overlay_bytes_ -= prev_end - to;
                    prev->second.resize(to - prev->first);
                }
            }
            for (auto e = it; e != overlay_.end(); ++e) overlay_bytes_ -= e->second.size();
            overlay_.erase(it, overlay_.end());
            valid_disk_ = std::min<std::uint64_t>(valid_disk_, to);  // disk bytes past it read as zeros now
        }
        logical_eof_ = to;
    }

    // Puts the logical file on disk: first everything at or beyond the old end (undone on failure),
    // then what changed below it. Returns 0 or the errno; a failure is final. A spill commit
    // (between HDF5's flushes) leaves `settled_` alone: the flush or close still owes its commit.
    int commit(bool spill = false) {
        if (failed_) return failed_;
        const std::uint64_t old_eof = disk_eof_, new_eof = logical_eof_;
        const std::uint64_t below = std::min(old_eof, new_eof), kept = std::min(below, valid_disk_);
        auto undo = [&](int err) {
            // Only bytes past the old end were written: cutting them restores the old file.
            while (::ftruncate(fd_, static_cast<off_t>(old_eof)) != 0 && errno == EINTR) {
            }
            return fail(err);
        };
        if (new_eof > old_eof)
            if (const int err = write_range(old_eof, new_eof)) return undo(err);
        // The blocks written in place below exist unless the file has holes (a file another driver
        // wrote): reserving them makes a full disk fail here, before anything in place is touched.
        // An I/O error in place can still leave a mix; no fsync, so power loss is not covered either.
        for (auto it = overlay_.lower_bound(solid_); it != overlay_.end() && it->first < below; ++it)
            if (const int err = reserve(it->first, std::min<std::uint64_t>(it->first + it->second.size(), below)))
                return undo(err);
        if (const auto straddling = first_touching(overlay_, solid_); straddling != overlay_.end() && straddling->first < solid_)
            if (const int err = reserve(solid_, std::min<std::uint64_t>(straddling->first + straddling->second.size(), below)))
                return undo(err);
        if (kept < below)
            if (const int err = reserve(std::max(kept, solid_), below)) return undo(err);
        for (auto it = overlay_.begin(); it != overlay_.end() && it->first < kept; ++it) {
            const std::uint64_t to = std::min<std::uint64_t>(it->first + it->second.size(), kept);
            if (const int err = write_at(fd_, it->second.data(), to - it->first, it->first)) return fail(err);
        }
        if (kept < below)  // truncated and regrown since the last commit: zeros where not rewritten
            if (const int err = write_range(kept, below)) return fail(err);
        if (new_eof < old_eof && ::ftruncate(fd_, static_cast<off_t>(new_eof)) != 0) return fail(errno);
        solid_ = solid_ >= old_eof ? new_eof : std::min(solid_, new_eof);  // the part above was written in full
        disk_eof_ = valid_disk_ = new_eof;
        overlay_.clear();
        overlay_bytes_ = 0;
        if (!spill) settled_ = false;
        return 0;
    }

private:
    using Extents = std::map<std::uint64_t, std::vector<unsigned char>>;  // start -> bytes, disjoint

    void put(std::uint64_t addr, const unsigned char* data, std::size_t size) {
        if (size == 0) return;
        const std::uint64_t end = addr + size;
        const auto first = first_touching(overlay_, addr);
        auto last = first;  // one past the extents that overlap or touch [addr, end]
        std::uint64_t new_start = addr, new_end = end, old_bytes = 0;
        for (; last != overlay_.end() && last->first <= end; ++last) {
            new_start = std::min(new_start, last->first);
            new_end = std::max<std::uint64_t>(new_end, last->first + last->second.size());
            old_bytes += last->second.size();
        }
        if (first == last) {
            overlay_.emplace_hint(last, addr, std::vector<unsigned char>(data, data + size));
            overlay_bytes_ += size;
            return;
        }
        // Grow the first extent in place when it starts at or before the write: sequential writes
        // (the common case) then append at amortised cost.
        std::vector<unsigned char> merged;
        auto rest = first;
        if (first->first == new_start) {
            merged.swap(first->second);
            ++rest;
        }
        merged.resize(new_end - new_start);
        for (auto it = rest; it != last; ++it)
            std::memcpy(merged.data() + (it->first - new_start), it->second.data(), it->second.size());
        std::memcpy(merged.data() + (addr - new_start), data, size);
        const auto hint = overlay_.erase(first, last);
        overlay_.emplace_hint(hint, new_start, std::move(merged));
        overlay_bytes_ += (new_end - new_start) - old_bytes;
    }

    // Writes [from, to) as the logical file has it: buffered bytes, zeros in between.
    int write_range(std::uint64_t from, std::uint64_t to) const {
        static const std::vector<unsigned char> zeros(1 << 16, 0);
        auto zero_fill = [&](std::uint64_t a, std::uint64_t b) {
            for (; a < b; a += std::min<std::uint64_t>(b - a, zeros.size()))
                if (const int err = write_at(fd_, zeros.data(), std::min<std::uint64_t>(b - a, zeros.size()), a)) return err;
            return 0;
        };
        std::uint64_t pos = from;
        for (auto it = first_touching(overlay_, from); it != overlay_.end() && it->first < to; ++it) {
            const std::uint64_t a = std::max(pos, it->first);
            const std::uint64_t b = std::min<std::uint64_t>(to, it->first + it->second.size());
            if (a >= b) continue;
            if (const int err = zero_fill(pos, a)) return err;
            if (const int err = write_at(fd_, it->second.data() + (a - it->first), b - a, a)) return err;
            pos = b;
        }
        return zero_fill(pos, to);
    }

    // Allocates [from, to) without changing data or size; 0 where the file system cannot do it.
    int reserve(std::uint64_t from, std::uint64_t to) const {
        if (from >= to) return 0;
        while (::fallocate(fd_, 0, static_cast<off_t>(from), static_cast<off_t>(to - from)) != 0) {
            if (errno == EINTR) continue;
            return errno == EOPNOTSUPP || errno == ENOSYS ? 0 : errno;
        }
        return 0;
    }

    int fail(int err) {
        failed_ = err;
        const std::lock_guard<std::mutex> lock(g_failures_mutex);
        g_failures[name_] = err;
        return err;
    }

    int fd_;
    std::string name_;
    dev_t dev_;
    ino_t ino_;
    std::uint64_t spill_;
    haddr_t eoa_ = 0;
    std::uint64_t disk_eof_ = 0;     // size on disk: the file as of the last commit
    std::uint64_t logical_eof_ = 0;  // size HDF5 sees
    std::uint64_t valid_disk_ = 0;   // disk bytes from here on were truncated away since the commit
    std::uint64_t solid_ = 0;        // [0, solid_) on disk has no holes
    Extents overlay_;
    std::uint64_t overlay_bytes_ = 0;
    bool settled_ = false;  // truncated since the last commit
    int failed_ = 0;
};

// HDF5 hands back the H5FD_t* that open() returned; `pub` must come first (standard layout).
struct Driver {
    H5FD_t pub;
    SafeFile* file;
};

SafeFile& of(const H5FD_t* f) { return *reinterpret_cast<const Driver*>(f)->file; }

void* fapl_copy(const void* info) {
    void* copy = std::malloc(sizeof(Config));
    if (copy) std::memcpy(copy, info, sizeof(Config));
    return copy;
}

herr_t fapl_free(void* info) {
    std::free(info);
    return 0;
}

// Callbacks are called from C: no exception may cross them (only bad_alloc can occur).
template <class F>
auto guarded(const char* func, decltype(std::declval<F>()()) on_error, F&& body) noexcept {
    try {
        return body();
    } catch (const std::exception& e) {
        push_error(func, H5E_CANTALLOC, e.what());
        return on_error;
    }
}

H5FD_t* open_file(const char* name, unsigned flags, hid_t fapl, haddr_t maxaddr) {
    if (!name || !*name || maxaddr == 0 || maxaddr == HADDR_UNDEF || maxaddr > kMaxAddr) {
        push_error("safe_vfd_open", H5E_BADVALUE, "invalid file name or address space");
        return nullptr;
    }
    int o_flags = (flags & H5F_ACC_RDWR) ? O_RDWR : O_RDONLY;
    if (flags & H5F_ACC_TRUNC) o_flags |= O_TRUNC;
    if (flags & H5F_ACC_CREAT) o_flags |= O_CREAT;
    if (flags & H5F_ACC_EXCL) o_flags |= O_EXCL;
    const int fd = ::open(name, o_flags | O_CLOEXEC, 0666);
    if (fd < 0) {
        push_error("safe_vfd_open", H5E_CANTOPENFILE, std::string("cannot open ") + name + ": " + std::strerror(errno));
        return nullptr;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        push_error("safe_vfd_open", H5E_CANTOPENFILE, std::string("cannot stat ") + name + ": " + std::strerror(errno));
        ::close(fd);
        return nullptr;
    }
    const auto* cfg = static_cast<const Config*>(H5Pget_driver_info(fapl));
    auto d = std::make_unique<Driver>();
    try {
        d->file = new SafeFile(fd, name, st, cfg ? cfg->spill_bytes : 0);
    } catch (...) {
        ::close(fd);
        throw;
    }
    {
        const std::lock_guard<std::mutex> lock(g_failures_mutex);
        g_failures.erase(name);
    }
    return &d.release()->pub;
}

H5FD_t* vfd_open(const char* name, unsigned flags, hid_t fapl, haddr_t maxaddr) {
    return guarded("safe_vfd_open", static_cast<H5FD_t*>(nullptr), [&] { return open_file(name, flags, fapl, maxaddr); });
}

// Always succeeds: a failed close would leave the HDF5 file object half-destroyed and still
// registered, and the library's exit handler would destroy it again (segfault). An orderly close
// (truncated first) commits the pending writes; a failure is recorded for check_written(). A close
// on an error path (no truncate) leaves the disk as of the last commit.
herr_t vfd_close(H5FD_t* f) {
    auto* d = reinterpret_cast<Driver*>(f);
    if (d->file->settled()) guarded("safe_vfd_close", 0, [&] { return d->file->commit(); });
    ::close(d->file->fd());
    delete d->file;
    delete d;
    return 0;
}

int vfd_cmp(const H5FD_t* a, const H5FD_t* b) { return of(a).compare(of(b)); }

herr_t vfd_query(const H5FD_t*, unsigned long* flags) {
    if (flags)
        *flags = H5FD_FEAT_AGGREGATE_METADATA | H5FD_FEAT_ACCUMULATE_METADATA | H5FD_FEAT_DATA_SIEVE |
                 H5FD_FEAT_AGGREGATE_SMALLDATA | H5FD_FEAT_POSIX_COMPAT_HANDLE | H5FD_FEAT_DEFAULT_VFD_COMPATIBLE;
    return 0;
}

haddr_t vfd_get_eoa(const H5FD_t* f, H5FD_mem_t) { return of(f).eoa(); }

herr_t vfd_set_eoa(H5FD_t* f, H5FD_mem_t, haddr_t addr) {
    of(f).set_eoa(addr);
    return 0;
}

haddr_t vfd_get_eof(const H5FD_t* f, H5FD_mem_t) { return of(f).eof(); }

herr_t vfd_get_handle(H5FD_t* f, hid_t, void** handle) {
    if (!handle) return -1;
    *handle = const_cast<int*>(of(f).fd_ptr());
    return 0;
}

bool bad_region(haddr_t addr, size_t size) {
    return addr == HADDR_UNDEF || addr > kMaxAddr || size > kMaxAddr - addr;
}

herr_t vfd_read(H5FD_t* f, H5FD_mem_t, hid_t, haddr_t addr, size_t size, void* buf) {
    if (bad_region(addr, size)) {
        push_error("safe_vfd_read", H5E_OVERFLOW, "address out of range");
        return -1;
    }
    if (const int err = of(f).read(addr, size, static_cast<unsigned char*>(buf))) {
        push_error("safe_vfd_read", H5E_READERROR, std::string("read failed: ") + std::strerror(err));
        return -1;
    }
    return 0;
}

// Never fails for lack of space: the write only reaches memory (also after a failure, so HDF5
// reads back what it wrote and its objects close cleanly).
herr_t vfd_write(H5FD_t* f, H5FD_mem_t, hid_t, haddr_t addr, size_t size, const void* buf) {
    if (bad_region(addr, size)) {
        push_error("safe_vfd_write", H5E_OVERFLOW, "address out of range");
        return -1;
    }
    return guarded("safe_vfd_write", herr_t{-1}, [&] {
        of(f).write(addr, size, static_cast<const unsigned char*>(buf));
        return herr_t{0};
    });
}

herr_t vfd_truncate(H5FD_t* f, hid_t, hbool_t) {
    of(f).truncate();
    return 0;
}

// Commits at H5Fflush (HDF5 truncates first). HDF5 also flushes the driver when it has written
// only some metadata (the superblock, in H5Fcreate): not a state to put on disk, so that waits.
// H5Fflush reports a failure (this one or an earlier one); the flush of a closing file does not
// (see vfd_close).
herr_t vfd_flush(H5FD_t* f, hid_t, hbool_t closing) {
    if (!of(f).settled() && !of(f).failed()) return 0;
    const int err = guarded("safe_vfd_flush", ENOMEM, [&] { return of(f).commit(); });
    if (err == 0 || closing) return 0;
    push_error("safe_vfd_flush", H5E_WRITEERROR, std::string("write failed: ") + std::strerror(err));
    return -1;
}

herr_t vfd_lock(H5FD_t* f, hbool_t rw) {
    if (::flock(of(f).fd(), (rw ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 || errno == ENOSYS) return 0;
    push_error("safe_vfd_lock", H5E_CANTLOCKFILE, std::string("cannot lock file: ") + std::strerror(errno));
    return -1;
}

herr_t vfd_unlock(H5FD_t* f) {
    if (::flock(of(f).fd(), LOCK_UN) == 0 || errno == ENOSYS) return 0;
    push_error("safe_vfd_unlock", H5E_CANTUNLOCKFILE, std::string("cannot unlock file: ") + std::strerror(errno));
    return -1;
}

std::atomic<hid_t> g_driver{H5I_INVALID_HID};

herr_t vfd_terminate() {
    g_driver = H5I_INVALID_HID;  // the library is shutting down; a later use registers again
    return 0;
}

H5FD_class_t make_class() {
    H5FD_class_t c{};
    c.name = "edgetwin_safe";
    c.maxaddr = kMaxAddr;
    c.fc_degree = H5F_CLOSE_WEAK;
    c.terminate = vfd_terminate;
    c.fapl_size = sizeof(Config);
    c.fapl_get = [](H5FD_t* f) -> void* {
        const Config cfg{of(f).spill()};
        return fapl_copy(&cfg);
    };
    c.fapl_copy = fapl_copy;
    c.fapl_free = fapl_free;
    c.open = vfd_open;
    c.close = vfd_close;
    c.cmp = vfd_cmp;
    c.query = vfd_query;
    c.get_eoa = vfd_get_eoa;
    c.set_eoa = vfd_set_eoa;
    c.get_eof = vfd_get_eof;
    c.get_handle = vfd_get_handle;
    c.read = vfd_read;
    c.write = vfd_write;
    c.flush = vfd_flush;
    c.truncate = vfd_truncate;
    c.lock = vfd_lock;
    c.unlock = vfd_unlock;
    const H5FD_mem_t map[] = H5FD_FLMAP_DICHOTOMY;
    std::copy(std::begin(map), std::end(map), c.fl_map);
    return c;
}

const H5FD_class_t g_class = make_class();

// A write past RLIMIT_FSIZE raises SIGXFSZ, whose default action kills the process; ignored, the
// write fails with EFBIG and is reported like a full disk. A handler the program set is kept.
void ignore_sigxfsz() {
    struct sigaction old {};
    if (::sigaction(SIGXFSZ, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) ::signal(SIGXFSZ, SIG_IGN);
}

hid_t driver() {
    static std::mutex registering;
    const std::lock_guard<std::mutex> lock(registering);
    if (g_driver < 0) {
        g_driver = check(H5FDregister(&g_class), "register the safe file driver");
        ignore_sigxfsz();
    }
    return g_driver;
}

}  // namespace

WriteError::WriteError(const std::string& path, int err)
    : Failure("HDF5: cannot write " + path + ": " + std::strerror(err)), path_(path), err_(err) {}

Handle safe_file_access(std::uint64_t spill_bytes) {
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file access properties");
    const Config cfg{spill_bytes};
    check(H5Pset_driver(fapl.get(), driver(), &cfg), "select the safe file driver");
    return fapl;
}

void check_written(const std::string& path) {
    int err = 0;
    {
        const std::lock_guard<std::mutex> lock(g_failures_mutex);
        const auto it = g_failures.find(path);
        if (it == g_failures.end()) return;
        err = it->second;
    }
    // The failure filled this thread's HDF5 error stack. Left there (a sweep's worker thread makes
    // no further HDF5 call), it keeps HDF5's exit handler from closing the library: "infinite loop".
    H5Eclear2(H5E_DEFAULT);
    throw WriteError(path, err);
}

void flush_and_close(Handle& file, const std::string& path) {
    const herr_t flushed = H5Fflush(file.get(), H5F_SCOPE_GLOBAL);
    if (flushed < 0) check_written(path);
    check(flushed, "flush " + path);
    check(H5Fclose(file.release()), "close " + path);
    check_written(path);  // the final superblock write happens inside the close
}

std::string describe_write_error(int err) {
    const std::string sys = std::strerror(err);
    switch (err) {
        case ENOSPC: return "disk full (" + sys + ")";
        case EDQUOT: return "disk quota exceeded (" + sys + ")";
        case EFBIG: return "file size limit reached (" + sys + ")";
        default: return "write failed (" + sys + ")";
    }
}

std::string write_error_remedy(int err) {
    switch (err) {
        case ENOSPC: return "free space";
        case EDQUOT: return "free space within your quota";
        case EFBIG: return "raise the file size limit (ulimit -f)";
        default: return "check the disk";
    }
}

void safe_vfd_fail_writes_beyond(std::uint64_t file_size_limit) { g_fail_beyond = file_size_limit; }

}  // namespace edgetwin::h5
