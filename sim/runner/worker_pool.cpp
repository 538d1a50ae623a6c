#include "sim/runner/worker_pool.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace edgetwin {
namespace {

bool write_all(int fd, const void* data, std::size_t n) {
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

bool read_all(int fd, void* data, std::size_t n) {
    char* p = static_cast<char*>(data);
    while (n > 0) {
        const ssize_t r = ::read(fd, p, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        p += r;
        n -= static_cast<std::size_t>(r);
    }
    return true;
}

struct Worker {
    pid_t pid = -1;
    int to_worker = -1, from_worker = -1;
    long long current = -1;  // task index in progress, -1 idle
    bool stopped = false;    // was sent the stop message
};

// A write to a worker that already exited must fail with EPIPE, not kill the parent.
struct IgnoreSigpipe {
    IgnoreSigpipe() { old = ::signal(SIGPIPE, SIG_IGN); }
    ~IgnoreSigpipe() { ::signal(SIGPIPE, old); }
    sighandler_t old;
};

[[noreturn]] void worker_main(int cmd_fd, int reply_fd, const std::function<Json(std::size_t)>& task) {
    for (;;) {
        std::int64_t index = -1;
        if (!read_all(cmd_fd, &index, sizeof index) || index < 0) ::_exit(0);
        Json reply;
        try {
            reply = task(static_cast<std::size_t>(index));
        } catch (const std::exception& e) {
            reply = Json{{"ok", false}, {"error", std::string("internal error: ") + e.what()}};
        }
        const std::string text = reply.dump();
        const std::uint64_t len = text.size();
        if (!write_all(reply_fd, &len, sizeof len) || !write_all(reply_fd, text.data(), text.size())) ::_exit(1);
    }
}

}  // namespace

void run_in_workers(std::size_t n_tasks, int jobs, const std::function<Json(std::size_t)>& task,
                    const std::function<void(std::size_t, const Json&)>& on_reply,
                    const std::function<void(std::size_t, const std::string&)>& on_lost) {
    if (n_tasks == 0) return;
    const IgnoreSigpipe ignore_sigpipe;
    const int n = std::max(1, std::min<int>(jobs, static_cast<int>(n_tasks)));
    std::vector<Worker> workers(n);
    // If a reply handler throws (a full disk while appending), the workers are stopped and reaped
    // here instead of living on until the caller's process ends.
    struct Reaper {
        std::vector<Worker>& workers;
        bool finished = false;
        ~Reaper() {
            if (finished) return;
            for (auto& w : workers) {
                if (w.pid <= 0) continue;
                ::close(w.to_worker);
                ::close(w.from_worker);
                ::kill(w.pid, SIGTERM);
                int status = 0;
                ::waitpid(w.pid, &status, 0);
            }
        }
    } reaper{workers};
    for (auto& w : workers) {
        int cmd[2], reply[2];
        if (::pipe(cmd) != 0 || ::pipe(reply) != 0) throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
        std::fflush(nullptr);
        w.pid = ::fork();
        if (w.pid < 0) throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
        if (w.pid == 0) {
            ::close(cmd[1]);
            ::close(reply[0]);
            for (const auto& other : workers)  // pipes of workers started before this one
                if (other.pid > 0 && &other != &w) {
                    ::close(other.to_worker);
                    ::close(other.from_worker);
                }
            worker_main(cmd[0], reply[1], task);  // exits with _exit: no atexit handlers (HDF5) in children
        }
        ::close(cmd[0]);
        ::close(reply[1]);
        w.to_worker = cmd[1];
        w.from_worker = reply[0];
    }

    std::size_t next = 0, outstanding = 0;
    auto give = [&](Worker& w) {
        std::int64_t index = next < n_tasks ? static_cast<std::int64_t>(next++) : -1;
        w.current = index;
        w.stopped = index < 0;
        if (!write_all(w.to_worker, &index, sizeof index) && index >= 0) {
            on_lost(static_cast<std::size_t>(index), "worker process is gone");
            w.current = -1;
            return;
        }
        if (index >= 0) ++outstanding;
    };
    for (auto& w : workers) give(w);

    while (outstanding > 0) {
        std::vector<pollfd> fds;
        std::vector<Worker*> owners;
        for (auto& w : workers)
            if (w.current >= 0) {
                fds.push_back({w.from_worker, POLLIN, 0});
                owners.push_back(&w);
            }
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error("poll: " + std::string(std::strerror(errno)));
        }
        for (std::size_t k = 0; k < fds.size(); ++k) {
            if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            Worker& w = *owners[k];
            const auto index = static_cast<std::size_t>(w.current);
            std::uint64_t len = 0;
            std::string text;
            bool ok = read_all(w.from_worker, &len, sizeof len);
            if (ok) {
                text.resize(len);
                ok = read_all(w.from_worker, text.data(), len);
            }
            --outstanding;
            w.current = -1;
            if (!ok) {
                int status = 0;
                ::waitpid(w.pid, &status, 0);
                const std::string why = WIFSIGNALED(status) ? "worker killed by signal " + std::to_string(WTERMSIG(status))
                                                            : "worker exited with status " + std::to_string(WEXITSTATUS(status));
                w.pid = -1;
                on_lost(index, why);
                continue;
            }
            on_reply(index, Json::parse(text));
            give(w);
        }
    }
    for (; next < n_tasks; ++next) on_lost(next, "no worker process left");
    reaper.finished = true;
    for (auto& w : workers) {
        if (w.pid <= 0) continue;
        const std::int64_t stop = -1;
        if (!w.stopped) write_all(w.to_worker, &stop, sizeof stop);
        ::close(w.to_worker);
        ::close(w.from_worker);
        int status = 0;
        ::waitpid(w.pid, &status, 0);
    }
}

}  // namespace edgetwin
