#pragma once
// NVDLA (Xavier: DLA 1.0, Orin: DLA 2.0) as an optional TensorRT target next to the GPU: which ops of a
// lowered LLM graph it can run and how long a fully-connected layer takes on one instance.
#include <string>

#include "models/op_graph.h"

namespace edgetwin::jetson {

struct DlaConfig {
    int instances = 0;  // 0 = the board has no DLA
    double int8_macs_per_clock = 0, fp16_macs_per_clock = 0;
    double clock_hz = 0, clock_max_hz = 0;
    double efficiency = 1;       // achieved fraction of the MAC peak on FC layers
    double active_power_max_W = 0;
    bool present() const { return instances > 0; }
};

// Empty when TensorRT could place `op` on a DLA core; otherwise why it cannot (one short clause).
std::string dla_refusal(const Op& op);

// Seconds of MAC work of a DLA-capable FC `op` on one instance (a TensorRT engine binds one DLA core, so
// instances do not split a layer).
double dla_compute_seconds(const Op& op, const DlaConfig& dla);

}  // namespace edgetwin::jetson
