#pragma once
// The elaborated tlm model: compute units, memory levels (every unit bound to every memory) and an
// executor thread that walks the op plans with a barrier per op, as a ggml thread pool does.
#include <memory>
#include <vector>

#include "sim/engine/op_timing.h"
#include "sim/engine/tlm/compute_unit.h"
#include "sim/engine/tlm/memory_target.h"

namespace edgetwin::tlmsim {

class TlmTop : public sc_core::sc_module {
public:
    TlmTop(sc_core::sc_module_name name, int units, int memories) : sc_core::sc_module(name) {
        for (int m = 0; m < memories; ++m)
            mems_.push_back(std::make_unique<MemoryTarget>(sc_core::sc_gen_unique_name("mem")));
        for (int u = 0; u < units; ++u) {
            cus_.push_back(std::make_unique<ComputeUnit>(sc_core::sc_gen_unique_name("cu")));
            for (auto& m : mems_) cus_.back()->socket.bind(m->socket);
        }
        SC_THREAD(executor);
    }

    int units() const { return static_cast<int>(cus_.size()); }
    int memory_count() const { return static_cast<int>(mems_.size()); }
    MemoryTarget& memory(int i) { return *mems_[i]; }
    ComputeUnit& unit(int i) { return *cus_[i]; }

    // Queues plans; the caller then runs sc_start() until the executor goes idle (starvation).
    void submit(const std::vector<OpPlan>* plans, std::vector<OpTiming>* out) {
        plans_ = plans;
        out_ = out;
        job_pending_ = true;
        job_.notify(sc_core::SC_ZERO_TIME);
    }
    bool idle() const { return !job_pending_; }

private:
    SC_HAS_PROCESS(TlmTop);

    void executor() {
        for (;;) {
            while (!job_pending_) wait(job_);
            for (const auto& plan : *plans_) out_->push_back(run_op(plan));
            job_pending_ = false;
        }
    }

    OpTiming run_op(const OpPlan& plan) {
        OpTiming t;
        const sc_core::sc_time t0 = sc_core::sc_time_stamp();
        const double queued0 = total_queued(plan);
        for (const auto& item : plan.items) cus_[item.unit]->start(item);
        for (const auto& item : plan.items)
            while (cus_[item.unit]->busy()) wait(cus_[item.unit]->done);
        for (const auto& item : plan.items) {
            const ItemOutcome& o = cus_[item.unit]->outcome();
            const double busy = (o.end - t0).to_seconds();
            if (busy >= t.duration_s) {
                t.duration_s = busy;
                t.compute_s = item.compute_s;
                t.memory_s = o.memory.to_seconds();
                t.overhead_s = item.overhead_s;
            }
        }
        t.queue_s = total_queued(plan) - queued0;
        return t;
    }

    double total_queued(const OpPlan& plan) const {
        double q = 0;
        for (const auto& item : plan.items)
            for (const auto& m : mems_) q += m->queued_s(item.unit);
        return q;
    }

    std::vector<std::unique_ptr<MemoryTarget>> mems_;
    std::vector<std::unique_ptr<ComputeUnit>> cus_;
    sc_core::sc_event job_;
    bool job_pending_ = false;
    const std::vector<OpPlan>* plans_ = nullptr;
    std::vector<OpTiming>* out_ = nullptr;
};

}  // namespace edgetwin::tlmsim
