#pragma once
// SystemC 2.3.4 allows one elaboration per process (E529). The tlm engine reuses one elaborated model
// while the structure is unchanged (build-notes §5 "reuse"). When a design point needs a different
// structure, the kernel is replaced: a non-standard reset verified on Debian's 2.3.4 (build-notes §5,
// 50,000 cycles), valid only after every sc_object of the previous model was destroyed. The first
// context is never deleted because library globals (sc_event::none) stay bound to it.
#include <systemc>

namespace edgetwin::tlmsim {

inline void reset_kernel() {
    static sc_core::sc_simcontext* const first = sc_core::sc_get_curr_simcontext();
    sc_core::sc_simcontext* old = sc_core::sc_curr_simcontext;
    if (old && old != first) delete old;
    sc_core::sc_curr_simcontext = nullptr;
    sc_core::sc_default_global_context = nullptr;
}

// Silences the banner and the "stopped by user" info once per process.
inline void quiet_kernel() {
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
}

}  // namespace edgetwin::tlmsim
