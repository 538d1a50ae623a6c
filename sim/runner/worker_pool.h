#pragma once
// Forked worker processes for work that cannot share a process (SystemC: one kernel per process,
// no threads). The parent hands out task indices one at a time and receives one JSON reply per
// task over pipes; the parent never runs a task itself, so it never elaborates a SystemC model.
// A worker that dies (crash, OOM kill) costs only its current task, reported as failed.
#include <functional>
#include <string>

#include "sim/core/json_io.h"

namespace edgetwin {

// `task(i)` runs in a worker and returns the reply; `on_reply(i, reply)` runs in the parent in
// completion order; `on_lost(i, why)` when the worker running task i died.
void run_in_workers(std::size_t n_tasks, int jobs, const std::function<Json(std::size_t)>& task,
                    const std::function<void(std::size_t, const Json&)>& on_reply,
                    const std::function<void(std::size_t, const std::string&)>& on_lost);

}  // namespace edgetwin
