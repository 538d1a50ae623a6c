#pragma once
// An HDF5 file driver that leaves a file as it was at its last successful flush when a write fails:
// full disk (ENOSPC), file size limit (EFBIG, `ulimit -f`), quota, I/O error.
//
// HDF5 1.10 has no journal. With the default (sec2) driver, a flush that runs out of space has
// already rewritten blocks in place (superblock, B-tree and symbol-table nodes, object headers)
// that now point at new blocks at the end of the file that failed to write: the file is corrupt
// for good. And a failed close leaves the file's ID registered with its memory freed, which
// HDF5's exit handler frees again (the segfault at exit).
//
// This driver (POSIX pread/pwrite) keeps every write in memory (reads see it) until HDF5 has
// written all its metadata: the truncate-then-flush of H5Fflush and of an orderly close. That
// commit writes the bytes beyond the previous on-disk end first (gaps as zeros, so the file never
// has holes), then reserves any holes below it (fallocate; a file another driver wrote may have
// some), and only then rewrites what changed below the end. If the first two steps fail it
// truncates the file back to the previous end, so the disk holds exactly the file as of the last
// successful flush. A driver that failed once never touches the disk again: later writes stay in
// memory, later H5Fflush calls report the error, and the flush and close HDF5 runs when the file
// is closed (or at exit) report success so that no HDF5 object is left half-closed; the error is
// kept per path for check_written(). Not covered: an I/O error (EIO) in the rewrite step, copy-
// on-write file systems (btrfs, ZFS) whose rewrites need space, power loss (no fsync: slow).
//
// Files come out as sec2 writes them; any HDF5 reader (h5py) reads them. The driver takes the same
// file locks as sec2, so in the process that writes a file, a reader must open it through
// safe_file_access() too (HDF5 then shares the open file instead of locking it again). The first
// use sets SIGXFSZ to ignored (unless the program set a handler), so a write past RLIMIT_FSIZE
// fails with EFBIG instead of killing the process.
#include <cstdint>
#include <string>

#include "analysis/h5_table.h"

namespace edgetwin::h5 {

// A write the file system refused; what() is the HDF5-style message, error_number() the errno.
class WriteError : public Failure {
public:
    WriteError(const std::string& path, int err);
    const std::string& path() const { return path_; }
    int error_number() const { return err_; }

private:
    std::string path_;
    int err_;
};

// File-access property list for files written through the driver. spill_bytes = 0: memory holds
// all writes between flushes (the file-as-of-last-flush guarantee; a sweep flushes after every
// point). spill_bytes > 0: the driver also writes once that much is buffered, which bounds memory
// but gives up the guarantee between flushes; for temporary files that a failure removes anyway
// (merge, atomic writers). Errors are still reported, never a crash.
Handle safe_file_access(std::uint64_t spill_bytes = 0);
inline constexpr std::uint64_t kTempFileSpillBytes = std::uint64_t{64} << 20;

// Throws WriteError if a write to `path` through the driver failed since `path` was last opened
// with it (the record survives the close, so this also catches a failure in the final write).
// Clears the calling thread's HDF5 error stack first: the exception replaces it.
void check_written(const std::string& path);

// Flushes `file`, then closes it; throws WriteError (or Failure for other HDF5 errors). Objects
// inside the file must be closed first.
void flush_and_close(Handle& file, const std::string& path);

// "disk full (No space left on device)", "file size limit reached (File too large)", ...
std::string describe_write_error(int err);
// What the user should do before retrying: "free space", "raise the file size limit (ulimit -f)", ...
std::string write_error_remedy(int err);

// Test hook: writes at or beyond `file_size_limit` bytes (any file through the driver) fail with
// ENOSPC, those below it succeed, as on a disk that fills up at that size. 0 turns it off.
void safe_vfd_fail_writes_beyond(std::uint64_t file_size_limit);

}  // namespace edgetwin::h5
