#pragma once
// Scratch files for the libFuzzer targets whose entry point takes a path (calibration overlay, rram
// ops script and matrix readers): one private directory per process, made on first use under
// $EDGETWIN_FUZZ_TMPDIR, /dev/shm (memory, no disk traffic) or /tmp, and removed at exit. Each
// execution overwrites the same file names, so a run of 10^6 executions leaves nothing behind.
// Every target also forgets the input paths read_input_file notes (sim/core/output_guard.h): the CLI
// reads a handful per process, the fuzzer millions.
#include <dirent.h>
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
    ScratchDir() {
        std::string base;
        if (const char* e = std::getenv("EDGETWIN_FUZZ_TMPDIR"); e && *e) base = e;
        else if (::access("/dev/shm", W_OK) == 0) base = "/dev/shm";
        else base = "/tmp";
        std::string tmpl = base + "/edgetwin-fuzz-XXXXXX";
        if (!::mkdtemp(tmpl.data())) die("cannot create a directory under " + base);
        dir_ = tmpl;
        std::atexit([] { instance().remove_all(); });
    }
    void remove_all() const {
        if (DIR* d = ::opendir(dir_.c_str())) {
            while (const dirent* e = ::readdir(d)) {
                const std::string n = e->d_name;
                if (n != "." && n != "..") ::unlink((dir_ + "/" + n).c_str());
            }
            ::closedir(d);
        }
        ::rmdir(dir_.c_str());
    }
    [[noreturn]] static void die(const std::string& what) {
        std::fprintf(stderr, "fuzz scratch: %s\n", what.c_str());
        std::abort();
    }
    std::string dir_;
};

}  // namespace edgetwin::fuzz
