#pragma once
// Lossless JSON form of a RunResult (doubles round-trip exactly), used to pass results from sweep
// worker processes to the writer.
#include "sim/engine/run_result.h"

namespace edgetwin {

Json run_result_to_json(const RunResult& r);
RunResult run_result_from_json(const Json& j);

}  // namespace edgetwin
