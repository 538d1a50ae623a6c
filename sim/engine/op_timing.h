#pragma once
// What an engine reports for one executed op: the time it took and where that time went.
namespace edgetwin {

struct OpTiming {
    double duration_s = 0;   // op start to the end of its last work item (barrier)
    double compute_s = 0;    // compute time of the slowest item
    double memory_s = 0;     // first transfer issue to last transfer completion, slowest item
    double overhead_s = 0;   // fixed overhead of the slowest item
    double queue_s = 0;      // time this op's bursts waited behind other units' bursts (tlm only)
};

}  // namespace edgetwin
