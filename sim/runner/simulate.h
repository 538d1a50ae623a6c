#pragma once
// Runs one design point: maps the workload onto the platform, lowers and executes the prefill and
// every decode step on the engine, and accounts time, energy, temperature and per-op statistics.
#include <memory>

#include "hwmodels/platform.h"
#include "sim/runner/clock_schedule.h"
#include "sim/engine/i_engine.h"
#include "sim/engine/run_result.h"
#include "sim/scenario/design_point.h"

namespace edgetwin {

// Builds the platform a design point asks for (validating preset, runtime and settings).
std::unique_ptr<IPlatform> build_platform(const DesignPoint& point);

// With a `schedule` (trace replay) each graph runs at the recorded clocks of its start time and the
// thermal governor is not consulted.
RunResult simulate(const DesignPoint& point, const IPlatform& platform, IEngine& engine,
                   const ClockSchedule* schedule = nullptr);

// Convenience: build the platform and an engine of the point's fidelity, then simulate.
RunResult simulate(const DesignPoint& point);

}  // namespace edgetwin
