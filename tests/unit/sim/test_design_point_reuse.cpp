// One elaboration serves many design points (build-notes §5 "reuse"): 120 points in one process give
// exactly the numbers of separate runs, each made in its own freshly forked process.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include "sim/runner/simulate.h"
#include "tests/unit/test_support.h"

using namespace edgetwin;

namespace {

DesignPoint point_for(int i) {
    // Same structure (2 cores, 2 memory levels) for every point; parameters vary.
    const std::string bw = std::to_string(1 + i % 7) + "GB/s";
    const Json preset = test::generic_preset(2, bw, std::to_string(10 * (i % 5)) + "ns", 2.0 + i % 5);
    return test::make_point(preset, test::generic_runtime("1us", "5us"), test::tiny_model(),
                            i % 3 ? GgmlType::Q4_0 : GgmlType::Q8_0, 4 + i % 4, 2, "tlm");
}

// Runs point i in a child process that has never elaborated a SystemC model.
double run_in_fresh_process(int i) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(fds[0]);
        double v = simulate(point_for(i)).summary.total_s;
        const bool ok = ::write(fds[1], &v, sizeof v) == static_cast<ssize_t>(sizeof v);
        ::_exit(ok ? 0 : 1);
    }
    ::close(fds[1]);
    double v = -1;
    const bool got = ::read(fds[0], &v, sizeof v) == static_cast<ssize_t>(sizeof v);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(got);
    REQUIRE(WIFEXITED(status));
    return v;
}

}  // namespace

TEST_CASE("tlm engine reuses one elaboration for 120 points with results equal to separate runs",
          "[engine][reuse]") {
    const std::vector<int> sample{0, 1, 2, 57, 58, 119};
    std::vector<double> separate;
    for (int i : sample) separate.push_back(run_in_fresh_process(i));  // before this process elaborates

    auto engine = make_engine("tlm");
    std::vector<double> reused;
    for (int i = 0; i < 120; ++i) {
        const DesignPoint p = point_for(i);
        auto platform = build_platform(p);
        reused.push_back(simulate(p, *platform, *engine).summary.total_s);
    }
    for (std::size_t k = 0; k < sample.size(); ++k) CHECK(reused[sample[k]] == separate[k]);
    // The points differ, so equality is not vacuous.
    CHECK(reused[0] != reused[1]);
}
