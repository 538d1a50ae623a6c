#pragma once
// A memory level as a TLM-2.0 target: one channel of effective bandwidth B serving bursts in arrival
// order. A burst of n bytes arriving at t starts at max(t, busy_until), occupies the channel n/B and
// completes `latency` later, so concurrent initiators queue behind each other (contention) while one
// initiator's back-to-back bursts pipeline their latency. Time a burst waits behind another
// initiator's burst is accumulated per initiator: the contention a closed form cannot see.
//
// Timing-only payload: the generic payload's data length carries the burst size; the target never
// dereferences the data pointer.
#include <systemc>
#include <vector>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

namespace edgetwin::tlmsim {

class MemoryTarget : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<MemoryTarget> socket;

    explicit MemoryTarget(sc_core::sc_module_name name) : sc_core::sc_module(name), socket("socket") {
        socket.register_b_transport(this, &MemoryTarget::b_transport);
    }

    void configure(double bandwidth_Bps, double latency_s) {
        bandwidth_Bps_ = bandwidth_Bps;
        latency_ = sc_core::sc_time(latency_s, sc_core::SC_SEC);
        busy_until_ = sc_core::SC_ZERO_TIME;
        last_initiator_ = -1;
        bytes_read_ = bytes_written_ = 0;
        queued_s_.clear();
    }

    // Seconds initiator `i` (socket index = unit index) has waited behind other initiators so far.
    double queued_s(int i) const { return i < static_cast<int>(queued_s_.size()) ? queued_s_[i] : 0.0; }

    double bytes_read() const { return bytes_read_; }
    double bytes_written() const { return bytes_written_; }

private:
    void b_transport(int initiator, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
        const double bytes = trans.get_data_length();
        const sc_core::sc_time now = sc_core::sc_time_stamp();
        const sc_core::sc_time arrival = now + delay;
        const sc_core::sc_time start = arrival > busy_until_ ? arrival : busy_until_;
        if (start > arrival && last_initiator_ != initiator) {
            if (static_cast<int>(queued_s_.size()) <= initiator) queued_s_.resize(initiator + 1, 0.0);
            queued_s_[initiator] += (start - arrival).to_seconds();
        }
        last_initiator_ = initiator;
        busy_until_ = start + sc_core::sc_time(bytes / bandwidth_Bps_, sc_core::SC_SEC);
        delay = busy_until_ + latency_ - now;
        (trans.is_read() ? bytes_read_ : bytes_written_) += bytes;
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    double bandwidth_Bps_ = 1;
    sc_core::sc_time latency_;
    sc_core::sc_time busy_until_;
    int last_initiator_ = -1;
    double bytes_read_ = 0, bytes_written_ = 0;
    std::vector<double> queued_s_;
};

}  // namespace edgetwin::tlmsim
