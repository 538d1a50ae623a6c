// Analytic engine: each work item in closed form, items of one op in parallel (no contention between
// units: that is what the tlm engine adds).
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
    const double busy = std::max(c, mem) + std::min(c, mem) / item.tiles;
    return {item.overhead_s + latency + busy, c, mem + latency, item.overhead_s};
}

namespace {

class AnalyticEngine final : public IEngine {
public:
    const char* name() const override { return "analytic"; }
    void configure(const IPlatform& platform) override {
        memories_ = platform.memories();
        units_ = platform.compute_unit_count();
    }
    std::vector<OpTiming> execute(const std::vector<OpPlan>& plans) override {
        std::vector<OpTiming> out;
        out.reserve(plans.size());
        for (const auto& plan : plans) {
            OpTiming t;
            t.unit_busy_s.assign(units_, 0.0);
            for (const auto& item : plan.items) {
                const ItemTime it = closed_form_item_time(item, memories_);
                t.unit_busy_s[item.unit] = it.total_s;
                if (it.total_s >= t.duration_s) {
                    t.duration_s = it.total_s;
                    t.compute_s = it.compute_s;
                    t.memory_s = it.memory_s;
                    t.overhead_s = it.overhead_s;
                }
            }
            out.push_back(std::move(t));
        }
        return out;
    }

private:
    std::vector<MemoryLevel> memories_;
    int units_ = 0;
};

}  // namespace

std::unique_ptr<IEngine> make_tlm_engine();  // tlm_engine.cpp

const std::vector<std::string>& engine_names() {
    static const std::vector<std::string> names{"analytic", "tlm"};
    return names;
}

std::unique_ptr<IEngine> make_engine(const std::string& fidelity) {
    if (fidelity == "analytic") return std::make_unique<AnalyticEngine>();
    if (fidelity == "tlm") return make_tlm_engine();
    throw UserError("settings", "fidelity", "unknown fidelity '" + fidelity + "' (allowed: analytic, tlm)");
}

}  // namespace edgetwin
