#pragma once
// Progress of a sweep on stderr: a redrawn bar with rate and ETA on a terminal, a plain line every
// few seconds otherwise (logs, Slurm).
#include <chrono>
#include <cstddef>

namespace edgetwin {

class SweepProgress {
public:
    SweepProgress(std::size_t total, bool tty);
    void update(std::size_t done, std::size_t failed);
    void finish(std::size_t done, std::size_t failed);

private:
    void print(std::size_t done, std::size_t failed, bool final_line);
    std::size_t total_;
    bool tty_;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace edgetwin
