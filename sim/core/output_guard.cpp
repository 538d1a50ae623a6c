#include "sim/core/output_guard.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_set>
#include <vector>

#include "sim/core/input_file.h"
#include "sim/core/user_error.h"

namespace edgetwin {

namespace {

struct Claim {
    dev_t dev = 0;
    ino_t ino = 0;
    bool exists = false;
    std::string canonical, label;
    bool is_output = false;
};

std::mutex& claims_mutex() {
    static std::mutex m;
    return m;
}
std::vector<Claim>& claims() {
    static std::vector<Claim> c;
    return c;
}

std::unordered_set<std::string>& noted_paths() {
    static std::unordered_set<std::string> n;
    return n;
}

std::string dir_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}
std::string base_of(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The directory resolved (symlinks, "..") plus the name as given: two spellings of one path compare equal
// even before the file exists.
std::string canonical_of(const std::string& path) {
    char* dir = ::realpath(dir_of(path).c_str(), nullptr);
    if (!dir) return path;
    std::string out = dir;
    std::free(dir);
    return (out == "/" ? "" : out) + "/" + base_of(path);
}

Claim describe(const std::string& path, const std::string& label, bool is_output) {
    Claim c;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        c.exists = true;
        c.dev = st.st_dev;
        c.ino = st.st_ino;
    }
    c.canonical = canonical_of(path);
    c.label = label;
    c.is_output = is_output;
    return c;
}

bool same_file(const Claim& a, const Claim& b) {
    if (a.exists && b.exists) return a.dev == b.dev && a.ino == b.ino;
    return a.canonical == b.canonical;
}

// --- temporary files and the interrupt handler (async-signal-safe state only) ---
constexpr int kTempSlots = 32;
constexpr std::size_t kPathMax = 4096;
char g_temp_paths[kTempSlots][kPathMax];
volatile std::sig_atomic_t g_temp_used[kTempSlots];
char g_message[1024];
volatile std::sig_atomic_t g_message_len = 0;
volatile pid_t g_message_owner = 0;
std::atomic<int> g_deferring{0};
std::atomic<int> g_pending_signal{0};

int take_slot(const std::string& path) {
    if (path.size() >= kPathMax) return -1;
    for (int i = 0; i < kTempSlots; ++i) {
        if (g_temp_used[i]) continue;
        std::memcpy(g_temp_paths[i], path.c_str(), path.size() + 1);
        g_temp_used[i] = 1;
        return i;
    }
    return -1;  // more live temp files than slots: still removed by the destructor, not on a signal
}

extern "C" void on_interrupt(int sig) {
    if (g_deferring.load() > 0) {
        g_pending_signal.store(sig);
        return;
    }
    for (int i = 0; i < kTempSlots; ++i)
        if (g_temp_used[i]) ::unlink(g_temp_paths[i]);
    if (g_message_len > 0 && g_message_owner == ::getpid()) {
        ssize_t ignored = ::write(2, g_message, static_cast<std::size_t>(g_message_len));
        (void)ignored;
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

}  // namespace

void note_input_file(const std::string& path, const std::string& label) {
    if (path.empty()) return;
    // Presets and model cards are read again for every point of a sweep: note each path once, without
    // a system call the second time.
    std::lock_guard<std::mutex> lock(claims_mutex());
    if (!noted_paths().insert(path).second) return;
    claims().push_back(describe(path, label.empty() ? "'" + brief(path) + "'" : label, false));
}

void claim_output_path(const std::string& path, const std::string& what) {
    auto refuse = [&](const std::string& why) { throw UserError(path, "", "refusing to write the " + what + ": " + why); };
    if (path.empty()) throw UserError("command line", "", "the " + what + " needs a file name (got an empty one)");
    struct stat lst {};
    if (::lstat(path.c_str(), &lst) == 0) {
        if (S_ISLNK(lst.st_mode))
            refuse("it is a symbolic link; edgetwin writes only regular files it creates (name the file itself or a new path)");
        if (!S_ISREG(lst.st_mode)) refuse("it is " + file_type_name(lst.st_mode) + ", not a regular file");
    }
    const Claim mine = describe(path, what, true);
    std::lock_guard<std::mutex> lock(claims_mutex());
    for (const Claim& c : claims()) {
        if (!same_file(c, mine)) continue;
        if (!c.is_output) refuse("it is also an input of this command (" + c.label + ")");
        if (c.label != what) refuse("the same file is already this command's " + c.label);
        return;  // claimed before by the same output
    }
    claims().push_back(mine);
}

void reset_file_claims() {
    std::lock_guard<std::mutex> lock(claims_mutex());
    claims().clear();
    noted_paths().clear();
}

TempFile::TempFile(const std::string& target) : target_(target), temp_(target + ".tmp." + std::to_string(::getpid())) {
    slot_ = take_slot(temp_);
}

TempFile::~TempFile() {
    if (!done_) ::unlink(temp_.c_str());
    if (slot_ >= 0) g_temp_used[slot_] = 0;
}

void TempFile::commit() {
    // The target may have changed since it was claimed (a link or a device put there meanwhile):
    // rename() would replace that directory entry, so look once more right before.
    struct stat lst {};
    if (::lstat(target_.c_str(), &lst) == 0 && !S_ISREG(lst.st_mode))
        throw UserError(target_, "", "refusing to replace it: it became " + file_type_name(lst.st_mode) + " during the run");
    if (::rename(temp_.c_str(), target_.c_str()) != 0)
        throw UserError(target_, "", std::string("cannot create the file: rename failed: ") + std::strerror(errno));
    done_ = true;
    if (slot_ >= 0) g_temp_used[slot_] = 0;
    slot_ = -1;
}

void remove_stale_temp_files(const std::string& target) {
    const std::string prefix = base_of(target) + ".tmp.";
    DIR* dir = ::opendir(dir_of(target).c_str());
    if (!dir) return;
    while (const dirent* e = ::readdir(dir)) {
        const std::string name = e->d_name;
        if (name.compare(0, prefix.size(), prefix) != 0 || name.size() == prefix.size()) continue;
        const std::string digits = name.substr(prefix.size());
        if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) continue;
        const pid_t pid = static_cast<pid_t>(std::stol(digits));
        if (pid == ::getpid() || pid <= 0) continue;
        if (::kill(pid, 0) != 0 && errno == ESRCH) {
            const std::string full = dir_of(target) + "/" + name;
            struct stat lst {};
            if (::lstat(full.c_str(), &lst) == 0 && S_ISREG(lst.st_mode)) ::unlink(full.c_str());
        }
    }
    ::closedir(dir);
}

void write_text_file_atomically(const std::string& path, const std::string& what, const std::string& content) {
    claim_output_path(path, what);
    remove_stale_temp_files(path);
    TempFile tmp(path);
    const int fd = ::open(tmp.path().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT) throw UserError(path, "", "cannot create the " + what + ": directory '" + dir_of(path) + "' does not exist");
        throw UserError(path, "", "cannot create the " + what + ": " + std::strerror(err));
    }
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = errno;
            ::close(fd);
            throw UserError(path, "", "cannot write the " + what + ": " + std::strerror(err));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) throw UserError(path, "", "cannot write the " + what + ": " + std::strerror(errno));
    tmp.commit();
}

DeferInterrupts::DeferInterrupts() { g_deferring.fetch_add(1); }

DeferInterrupts::~DeferInterrupts() {
    if (g_deferring.fetch_sub(1) == 1) {
        const int sig = g_pending_signal.exchange(0);
        if (sig != 0) on_interrupt(sig);
    }
}

void install_interrupt_cleanup() {
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
}

void set_interrupt_message(const std::string& message) {
    g_message_len = 0;
    const std::size_t n = std::min(message.size(), sizeof g_message - 2);
    std::memcpy(g_message, message.data(), n);
    std::size_t len = n;
    if (len > 0 && g_message[len - 1] != '\n') g_message[len++] = '\n';
    g_message_owner = ::getpid();
    g_message_len = static_cast<std::sig_atomic_t>(len);
}

}  // namespace edgetwin
