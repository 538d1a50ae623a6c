// Analytic engine: each work item in closed form, items of one op in parallel. Units sharing a memory
// level share its bandwidth in steady state: the op cannot end before the level has moved all of the
// op's bytes. Queueing dynamics (who waits for whom, burst by burst) are what the tlm engine adds.
#include <algorithm>

#include "sim/core/user_error.h"
#include "sim/engine/i_engine.h"

namespace edgetwin {

ItemTime closed_form_item_time(const WorkItem& item, const std::vector<MemoryLevel>& memories) {
    double mem = 0, latency = 0;
    for (std::size_t l = 0; l < memories.size(); ++l) {
        const double bytes = item.read_B[l] + item.write_B[l];
        if (bytes <= 0) continue;
        mem = std::max(mem, bytes / memories[l].effective_bandwidth_Bps());
        latency = std::max(latency, memories[l].latency_s);
    }
    const double c = item.compute_s;
    const double n = item.tiles, ct = c / n, mt = mem / n;
    const double period = std::max({ct, mt, (mt + latency + ct) / std::max(1, item.prefetch_depth)});
    // Fill (first tile's transfer and latency) + one period per tile + the last tile's compute tail.
    const double busy = n * period + std::min(ct, mt);
    return {item.overhead_s + latency + busy, c, mem + latency, item.overhead_s};
}

namespace {

class AnalyticEngine final : public IEngine {
public:
    const char* name() const override { return "analytic"; }
    void configure(const IPlatform& platform) override { memories_ = platform.memories(); }
    std::vector<OpTiming> execute(const std::vector<OpPlan>& plans) override {
        std::vector<OpTiming> out;
        out.reserve(plans.size());
        for (const auto& plan : plans) {
            OpTiming t;
            std::vector<double> level_bytes(memories_.size(), 0.0);
            for (const auto& item : plan.items) {
                const ItemTime it = closed_form_item_time(item, memories_);
                for (std::size_t l = 0; l < memories_.size(); ++l) level_bytes[l] += item.read_B[l] + item.write_B[l];
                if (it.total_s >= t.duration_s) {
                    t.duration_s = it.total_s;
                    t.compute_s = it.compute_s;
                    t.memory_s = it.memory_s;
                    t.overhead_s = it.overhead_s;
                }
            }
            if (plan.items.size() > 1) {
                // Shared-channel bound: all items' bytes pass through each level's one channel.
                double shared = 0, latency = 0;
                for (std::size_t l = 0; l < memories_.size(); ++l) {
                    if (level_bytes[l] <= 0) continue;
                    shared = std::max(shared, level_bytes[l] / memories_[l].effective_bandwidth_Bps());
                    latency = std::max(latency, memories_[l].latency_s);
                }
                const double bound = t.overhead_s + latency + shared;
                if (bound > t.duration_s) {
                    t.duration_s = bound;
                    t.memory_s = shared + latency;
                }
            }
            out.push_back(t);
        }
        return out;
    }

private:
    std::vector<MemoryLevel> memories_;
};

}  // namespace

std::unique_ptr<IEngine> make_analytic_engine() { return std::make_unique<AnalyticEngine>(); }

}  // namespace edgetwin
