#pragma once
// Engines time op plans produced by a platform. One interface, several fidelities:
//   analytic - closed form per work item plus a shared-bandwidth bound per memory level, no SystemC;
//   tlm      - SystemC TLM-2.0 loosely timed: compute units and memories are sc_modules joined by
//              sockets, transfers are tile bursts queued per memory, so contention is simulated.
//
// Life cycle (documented once, here): configure(platform) before a design point - the engine
// elaborates on first use and reuses the elaborated model while the structure (units, memory levels)
// is unchanged; then execute() once per op graph (prefill, each decode step), in order.
#include <memory>
#include <string>
#include <vector>

#include "hwmodels/platform.h"
#include "sim/engine/op_timing.h"

namespace edgetwin {

class IEngine {
public:
    virtual ~IEngine() = default;
    virtual const char* name() const = 0;
    virtual void configure(const IPlatform& platform) = 0;
    virtual std::vector<OpTiming> execute(const std::vector<OpPlan>& plans) = 0;
};

// "analytic" or "tlm"; throws UserError for other names.
std::unique_ptr<IEngine> make_engine(const std::string& fidelity);
const std::vector<std::string>& engine_names();

// The closed form both engines agree on for an uncontended item (shared by analytic and tests):
// overhead + latency + max(C, M) + min(C, M)/tiles, M = max over levels of bytes / effective bandwidth.
struct ItemTime {
    double total_s, compute_s, memory_s, overhead_s;
};
ItemTime closed_form_item_time(const WorkItem& item, const std::vector<MemoryLevel>& memories);

}  // namespace edgetwin
