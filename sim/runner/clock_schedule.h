#pragma once
// Recorded clocks that replace the thermal governor during a run (trace replay). Before each op graph
// the driver asks the schedule for the clocks in force at the graph's simulated start time and times
// the graph with them; without a schedule the platform's governor sets the clocks as usual.
#include <vector>

namespace edgetwin {

struct ClockScales {
    std::vector<double> unit;    // per compute unit: recorded clock / the platform's configured clock
    std::vector<double> memory;  // per memory level: recorded / configured bandwidth
};

class ClockSchedule {
public:
    virtual ~ClockSchedule() = default;
    // Contract: one entry per compute unit and per memory level of the platform; every scale > 0.
    virtual ClockScales at(double t_s) const = 0;
};

}  // namespace edgetwin
