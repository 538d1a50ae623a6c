#pragma once
// Scratch files for the libFuzzer targets whose entry point takes a path (calibration overlay, rram
// ops script and matrix readers): one private directory per process, made on first use under
// $EDGETWIN_FUZZ_TMPDIR, /dev/shm (memory, no disk traffic) or /tmp, and removed at exit. Each
// execution overwrites the same file names, so a run of 10^6 executions leaves nothing behind.
// Every target also forgets the input paths read_input_file notes (sim/core/output_guard.h): the CLI
// reads a handful per process, the fuzzer millions.
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace edgetwin::fuzz {

class ScratchDir {
public:
    static ScratchDir& instance() {
        static ScratchDir d;
        return d;
    }
    const std::string& path() const { return dir_; }

    // Writes `size` bytes to <dir>/<name> (truncating) and returns the path; aborts on I/O failure,
    // which is a problem of the machine, not a finding.
    std::string write(const std::string& name, const void* data, std::size_t size) const {
        const std::string p = dir_ + "/" + name;
        const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) die("cannot create " + p);
        const char* c = static_cast<const char*>(data);
        for (std::size_t done = 0; done < size;) {
            const ssize_t n = ::write(fd, c + done, size - done);
            if (n <= 0) die("cannot write " + p);
            done += static_cast<std::size_t>(n);
        }
        ::close(fd);
        return p;
    }
    std::string write(const std::string& name, const std::string& text) const { return write(name, text.data(), text.size()); }

    // Copies a file of the source tree into the directory (operands named by seed scripts).
    void copy_in(const std::string& from, const std::string& name) const {
        std::FILE* f = std::fopen(from.c_str(), "rb");
        if (!f) die("cannot read " + from);
        std::string bytes;
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) bytes.append(buf, n);
        std::fclose(f);
        write(name, bytes);
    }

private:
    // <base>/edgetwin-fuzz-<program>.<slot>, the lowest free slot: the same path on every run (the
    // path is part of every message and every compared string, so smoke runs stay reproducible), yet
    // distinct for processes running side by side (-fork, -jobs). A slot whose owner died (a crash)
    // is taken over.
    ScratchDir() {
        std::string base;
        if (const char* e = std::getenv("EDGETWIN_FUZZ_TMPDIR"); e && *e) base = e;
        else if (::access("/dev/shm", W_OK) == 0) base = "/dev/shm";
        else base = "/tmp";
        const std::string stem = base + "/edgetwin-fuzz-" + program_invocation_short_name + ".";
        for (int slot = 0; slot < 1000 && dir_.empty(); ++slot) {
            const std::string d = stem + std::to_string(slot);
            if (::mkdir(d.c_str(), 0700) != 0) {
                if (errno != EEXIST) die("cannot create " + d);
                if (!owner_died(d)) continue;
                // Only one process wins the rename; it clears the stale slot and retries it.
                const std::string stale = d + ".stale." + std::to_string(::getpid());
                if (::rename(d.c_str(), stale.c_str()) != 0) continue;
                remove_tree(stale);
                if (::mkdir(d.c_str(), 0700) != 0) continue;
            }
            dir_ = d;
            write("owner", std::to_string(::getpid()));
        }
        if (dir_.empty()) die("no free scratch directory " + stem + "N");
    }
    static bool owner_died(const std::string& d) {
        std::FILE* f = std::fopen((d + "/owner").c_str(), "r");
        long pid = 0;
        const bool read = f && std::fscanf(f, "%ld", &pid) == 1;
        if (f) std::fclose(f);
        return read && pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
    }
    static void remove_tree(const std::string& d) {
        if (DIR* dd = ::opendir(d.c_str())) {
            while (const dirent* e = ::readdir(dd)) {
                const std::string n = e->d_name;
                if (n != "." && n != "..") ::unlink((d + "/" + n).c_str());
            }
            ::closedir(dd);
        }
        ::rmdir(d.c_str());
    }
    // Runs at exit (libFuzzer ends with exit()); a crashed run leaves its directory to the next one.
    ~ScratchDir() { remove_tree(dir_); }
    [[noreturn]] static void die(const std::string& what) {
        std::fprintf(stderr, "fuzz scratch: %s\n", what.c_str());
        std::abort();
    }
    std::string dir_;
};

}  // namespace edgetwin::fuzz
