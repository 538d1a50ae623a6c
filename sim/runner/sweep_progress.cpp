#include "sim/runner/sweep_progress.h"

#include <cstdio>

namespace edgetwin {

SweepProgress::SweepProgress(std::size_t total, bool tty)
    : total_(total), tty_(tty), start_(std::chrono::steady_clock::now()), last_(start_) {}

void SweepProgress::update(std::size_t done, std::size_t failed) {
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - last_).count();
    if (since < (tty_ ? 0.2 : 5.0)) return;
    last_ = now;
    print(done, failed, false);
}

void SweepProgress::finish(std::size_t done, std::size_t failed) { print(done, failed, true); }

void SweepProgress::print(std::size_t done, std::size_t failed, bool final_line) {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
    if (tty_) {
        const int width = 30;
        const int filled = total_ ? static_cast<int>(width * done / total_) : width;
        std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu (%zu failed) %.1f pt/s ETA %.0fs   ", filled,
                     "##############################", width - filled, "", done, total_, failed, rate, eta);
        if (final_line) std::fputc('\n', stderr);
    } else {
        std::fprintf(stderr, "sweep: %zu/%zu points (%zu failed), %.1f pt/s, ETA %.0f s\n", done, total_, failed, rate,
                     eta);
    }
    std::fflush(stderr);
}

}  // namespace edgetwin
