#pragma once
// Load instructions a ggml CPU op issues against llama.cpp's pinned (cudaMallocHost) host buffers. On a
// Tegra without I/O coherency that memory is uncached for the CPU, so each load is a DRAM round trip
// whatever its width: the cost follows the kernels' access pattern (scalar or NEON loads, how many
// passes), not the bytes. Counted from ggml-cpu's loops (sources in uncached_loads.cpp).
#include "models/op_graph.h"

namespace edgetwin::jetson {

struct UncachedBuffers {
    bool kv_cache = false;           // the KV cache is pinned too (llama.cpp b1618 llama_host_malloc)
    bool silu_lookup_table = false;  // SiLU through the fp16 table (scalar loads) instead of NEON
};

struct UncachedLoads {
    double loads = 0;          // load instructions over the whole op
    std::int64_t rows = 1;     // rows ggml splits over threads (the loads spread over min(rows, threads))
    bool before_barrier = false;  // mul_mat's conversion: every thread waits for it at the barrier
};

// The lm_head ("output") also pays for llama.cpp copying its logits out of the compute buffer.
UncachedLoads uncached_loads(const Op& op, const UncachedBuffers& buffers);

}  // namespace edgetwin::jetson
