// tlm engine: runs op plans on the elaborated SystemC model. One elaboration serves every design
// point with the same structure; parameters (bandwidths, latencies, the plans) change between runs.
#include "sim/engine/i_engine.h"
#include "sim/engine/tlm/sc_kernel.h"
#include "sim/engine/tlm/tlm_top.h"

namespace edgetwin {
namespace {

class TlmEngine final : public IEngine {
public:
    const char* name() const override { return "tlm"; }

    void configure(const IPlatform& platform) override {
        const int units = platform.compute_unit_count();
        const int mems = static_cast<int>(platform.memories().size());
        if (!top() || top()->units() != units || top()->memory_count() != mems) rebuild(units, mems);
        for (int m = 0; m < mems; ++m) {
            const auto& level = platform.memories()[m];
            top()->memory(m).configure(level.effective_bandwidth_Bps(), level.latency_s);
        }
        for (int u = 0; u < units; ++u) top()->unit(u).set_quantum(sc_core::sc_time(quantum_s_, sc_core::SC_SEC));
    }

    std::vector<OpTiming> execute(const std::vector<OpPlan>& plans) override {
        std::vector<OpTiming> out;
        out.reserve(plans.size());
        top()->submit(&plans, &out);
        sc_core::sc_start();  // returns on starvation: executor idle, waiting for the next job
        if (!top()->idle()) throw std::logic_error("tlm engine: executor did not finish the submitted ops");
        return out;
    }

private:
    // The elaborated model is process-wide (SystemC has one kernel per process). The holder is never
    // destroyed: tearing modules down during static destruction would race the kernel's own globals.
    static std::unique_ptr<tlmsim::TlmTop>& shared_top() {
        static auto* t = new std::unique_ptr<tlmsim::TlmTop>();
        return *t;
    }
    static tlmsim::TlmTop* top() { return shared_top().get(); }

    static void rebuild(int units, int mems) {
        tlmsim::quiet_kernel();
        if (shared_top()) {
            shared_top().reset();
            tlmsim::reset_kernel();
            tlmsim::quiet_kernel();
        }
        shared_top() = std::make_unique<tlmsim::TlmTop>("edgetwin", units, mems);
    }

    double quantum_s_ = 1e-6;  // temporal-decoupling quantum: bounds how far a unit runs ahead
};

}  // namespace

std::unique_ptr<IEngine> make_tlm_engine() { return std::make_unique<TlmEngine>(); }

}  // namespace edgetwin
