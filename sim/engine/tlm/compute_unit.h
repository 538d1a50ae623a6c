#pragma once
// A compute unit as a TLM-2.0 initiator (loosely timed, temporal decoupling). It executes one work
// item at a time: `tiles` bursts per memory level through `prefetch_depth` buffers, so later tiles
// stream while earlier ones compute (a burst for tile i may start once tile i-D was consumed).
// Local time runs ahead of the kernel and is synchronised when it exceeds the quantum.
#include <systemc>

#include <algorithm>
#include <vector>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>

#include "hwmodels/platform.h"

namespace edgetwin::tlmsim {

// Integer sc_time arithmetic keeps results independent of where in simulated time a point runs,
// so a reused elaboration reproduces a fresh run bit for bit.
struct ItemOutcome {
    sc_core::sc_time end;        // absolute end time
    sc_core::sc_time memory;     // first burst issue to last burst completion
};

class ComputeUnit : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_initiator_socket<ComputeUnit> socket;  // bound to each memory in order
    sc_core::sc_event done;

    ComputeUnit(sc_core::sc_module_name name) : sc_core::sc_module(name), socket("socket") { SC_THREAD(run); }

    void set_quantum(const sc_core::sc_time& q) { quantum_ = q; }

    // Hands an item to the unit; `done` fires when it finished in simulated time.
    void start(const WorkItem& item) {
        item_ = item;
        pending_ = true;
        go_.notify(sc_core::SC_ZERO_TIME);
    }
    bool busy() const { return pending_; }
    const ItemOutcome& outcome() const { return outcome_; }

private:
    SC_HAS_PROCESS(ComputeUnit);

    void run() {
        for (;;) {
            while (!pending_) wait(go_);
            execute();
            pending_ = false;
            done.notify(sc_core::SC_ZERO_TIME);
        }
    }

    // Absolute times as sc_time; the kernel is only waited on when local time leads by > quantum.
    void execute() {
        using sc_core::sc_time;
        const sc_time t0 = sc_core::sc_time_stamp();
        const sc_time ready = t0 + sc_time(item_.overhead_s, sc_core::SC_SEC);
        const sc_time tile_compute(item_.compute_s / item_.tiles, sc_core::SC_SEC);
        const int depth = std::max(1, item_.prefetch_depth);
        std::vector<sc_time> consumed(static_cast<std::size_t>(depth), ready);  // ring: compute end of tile i-D
        sc_time compute_end_prev = ready, issue = ready, last_xfer = ready;
        bool any_transfer = false;
        for (int i = 0; i < item_.tiles; ++i) {
            sc_time& slot = consumed[static_cast<std::size_t>(i % depth)];
            if (i >= depth && slot > issue) issue = slot;
            sync_if_ahead(issue);
            sc_time xfer_end = issue;
            for (std::size_t l = 0; l < item_.read_B.size(); ++l) {
                xfer_end = std::max(xfer_end, burst(l, item_.read_B[l] / item_.tiles, true, issue));
                xfer_end = std::max(xfer_end, burst(l, item_.write_B[l] / item_.tiles, false, issue));
            }
            if (xfer_end > issue) any_transfer = true;
            last_xfer = std::max(last_xfer, xfer_end);
            const sc_time start = std::max(compute_end_prev, xfer_end);
            compute_end_prev = start + tile_compute;
            slot = compute_end_prev;
        }
        outcome_.end = compute_end_prev;
        outcome_.memory = any_transfer ? last_xfer - ready : sc_core::SC_ZERO_TIME;
        if (compute_end_prev > sc_core::sc_time_stamp()) wait(compute_end_prev - sc_core::sc_time_stamp());
    }

    // Issues one burst at absolute time `at`; returns its absolute completion time.
    sc_core::sc_time burst(std::size_t level, double bytes, bool read, const sc_core::sc_time& at) {
        if (bytes <= 0) return at;
        tlm::tlm_generic_payload trans;
        trans.set_command(read ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND);
        trans.set_address(0);
        trans.set_data_ptr(&scratch_);
        trans.set_data_length(static_cast<unsigned int>(std::llround(bytes)));
        trans.set_streaming_width(trans.get_data_length());
        trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = at - sc_core::sc_time_stamp();
        socket[static_cast<int>(level)]->b_transport(trans, delay);
        if (trans.is_response_error()) SC_REPORT_FATAL(name(), "memory target returned an error response");
        return sc_core::sc_time_stamp() + delay;
    }

    void sync_if_ahead(const sc_core::sc_time& local) {
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        if (local > now + quantum_) wait(local - now);
    }

    WorkItem item_;
    bool pending_ = false;
    sc_core::sc_event go_;
    ItemOutcome outcome_;
    sc_core::sc_time quantum_{1, sc_core::SC_US};
    unsigned char scratch_ = 0;
};

}  // namespace edgetwin::tlmsim
