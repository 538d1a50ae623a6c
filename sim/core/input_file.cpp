#include "sim/core/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sim/core/output_guard.h"
#include "sim/core/paths.h"
#include "sim/core/user_error.h"

namespace edgetwin {

namespace {

struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

std::string describe_bytes(std::size_t bytes) {
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
    char buf[32];
    if (bytes >= (1u << 20)) std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1u << 20));
    else if (bytes >= (1u << 10)) std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / (1u << 10));
    else std::snprintf(buf, sizeof buf, "%zu B", bytes);
    return buf;
}

std::string brief(const std::string& text, std::size_t max_chars) {
    if (text.size() <= max_chars) return text;
    std::size_t cut = max_chars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    return text.substr(0, cut) + "... (" + std::to_string(text.size()) + " characters)";
}

std::string file_type_name(unsigned mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISLNK(mode)) return "a symbolic link";
    return "not a regular file";
}

void require_regular_file(const std::string& path, const std::string& what) {
    struct stat st {};
    if (path.empty()) throw UserError(path, "", "empty file name");
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        throw UserError(path, "", err == ENOENT ? what + " file does not exist"
                                                : "cannot open " + what + " file: " + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) throw UserError(path, "", "is " + file_type_name(st.st_mode) + ", not a " + what + " file");
    note_input_file(path, what + " input '" + brief(path) + "'");
}

std::string strip_utf8_bom(std::string text) {
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    return text;
}

std::string read_input_file(const std::string& path, const std::string& what, std::size_t max_bytes) {
    auto fail = [&](const std::string& reason) -> std::string { throw UserError(path, "", reason); };
    if (path.empty()) return fail("empty file name");
    Fd in{::open(bundled_input_path(path).c_str(), O_RDONLY | O_CLOEXEC)};
    if (in.fd < 0) {
        const int err = errno;
        if (err == ENOENT) return fail("cannot open file for reading: no such file");
        return fail(std::string("cannot open file for reading: ") + std::strerror(err));
    }
    struct stat st {};
    if (::fstat(in.fd, &st) != 0) return fail(std::string("cannot read file: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) return fail("is a directory, not a " + what + " file");
    // Pipes and FIFOs (`<(cat s.json)`) are read like files; a device would be read forever (/dev/zero).
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode))
        return fail("is " + file_type_name(st.st_mode) + ", not a " + what + " file");
    note_input_file(path, what + " input '" + brief(path) + "'");
    if (S_ISREG(st.st_mode) && static_cast<unsigned long long>(st.st_size) > max_bytes)
        return fail(what + " file is " + describe_bytes(static_cast<std::size_t>(st.st_size)) +
                    ", larger than the " + describe_bytes(max_bytes) + " limit");
    // Pipes, FIFOs and character devices have no size: read until EOF or one byte past the cap.
    std::string bytes;
    bytes.reserve(S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) : 4096);
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(in.fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(std::string("cannot read file: ") + std::strerror(errno));
        }
        if (n == 0) break;
        bytes.append(buf, static_cast<std::size_t>(n));
        if (bytes.size() > max_bytes)
            return fail(what + " input is larger than the " + describe_bytes(max_bytes) + " limit (stopped reading)");
    }
    return bytes;
}

std::string bundled_input_path(const std::string& path) {
    if (path.empty() || path[0] == '/' || (path.rfind("scenarios/", 0) != 0 && path.rfind("data/", 0) != 0)) return path;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) return path;  // the user's own file wins
    const std::string data = data_dir();
    const auto slash = data.rfind('/');
    if (slash == std::string::npos) return path;
    const std::string bundled = data.substr(0, slash) + "/" + path;
    return ::stat(bundled.c_str(), &st) == 0 && S_ISREG(st.st_mode) ? bundled : path;
}

}  // namespace edgetwin
