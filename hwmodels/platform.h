#pragma once
// What executes the workload. A platform turns each op into work items on its compute units with
// the bytes they move per memory level; both engines time the same work items (one source of truth).
//
// Contract: plan() is pure (same op, same placement -> same plan) and cheap; engines call it once per
// op and step. Units: seconds, bytes, hertz, watts, joules, degC.
#include <memory>
#include <string>
#include <vector>

#include "models/op_graph.h"
#include "sim/core/json_io.h"

namespace edgetwin {

struct MemoryLevel {
    std::string name;                 // "sram", "psram", "lpddr5"
    double capacity_B = 0;
    double peak_bandwidth_Bps = 0;    // datasheet peak
    double efficiency = 1.0;          // achieved fraction of peak for streaming reads (fittable)
    double latency_s = 0;             // first-access latency of a streaming transfer
    double read_energy_J_per_B = 0;
    double write_energy_J_per_B = 0;
    double static_power_W = 0;

    double effective_bandwidth_Bps() const { return peak_bandwidth_Bps * efficiency; }
};

// Which memory level holds each tensor class (indices into memories()).
struct Placement {
    int weights = 0;
    int kv = 0;
    int activations = 0;
    // Blocks in the model's layer stack, for layer-split rules (llama.cpp -ngl); 0 = not known.
    int n_layers = 0;
};

// A share of one op on one compute unit. Transfers stream in `tiles` equal pieces that overlap with
// compute through `prefetch_depth` tile buffers: tile i+D may be fetched once tile i was consumed. With
// per-tile times c = C/tiles, m = M/tiles and latency L, the steady-state period per tile is
// max(c, m, (m + L + c)/D), so a deep prefetch (a GPU's many loads in flight) hides the latency and
// a shallow one (a CPU core's double buffer) pays it when tiles are short.
struct WorkItem {
    int unit = 0;
    double compute_s = 0;             // arithmetic + dequantisation at the unit's clock
    double overhead_s = 0;            // launch, barrier, loop set-up
    std::vector<double> read_B;       // per memory level
    std::vector<double> write_B;      // per memory level
    int tiles = 1;
    int prefetch_depth = 2;  // tile buffers in flight (>= 1)
};

struct OpPlan {
    std::vector<WorkItem> items;  // run concurrently; the op ends when the last item ends (barrier)
};

// What the mapper decided, with the footprint per memory level for the summary.
struct MappedWorkload {
    Placement placement;
    std::vector<double> footprint_B;  // per memory level: weights + KV + activations placed there
    double weights_B = 0, kv_B = 0, activations_B = 0;
};

struct WorkloadSize {
    double weights_B = 0;
    double kv_B = 0;
    double activations_B = 0;
    std::string quant_name;
    int n_layers = 0;  // blocks in the layer stack (for platforms that split layers across units)
};

// What a compute unit is: one of the runtime's CPU threads, a GPU, or another accelerator (DLA, crossbar
// tiles, a digital SIMD block). `threads` in results counts the first kind only.
enum class UnitKind { CpuThread, Gpu, Accelerator };

class IPlatform {
public:
    virtual ~IPlatform() = default;

    virtual const std::string& name() const = 0;
    virtual const std::string& family() const = 0;
    virtual const std::vector<MemoryLevel>& memories() const = 0;
    virtual int compute_unit_count() const = 0;
    virtual std::string compute_unit_name(int unit) const = 0;
    virtual UnitKind compute_unit_kind(int unit) const = 0;
    virtual double compute_unit_clock_hz(int unit) const = 0;

    // Places weights, KV cache and activations; throws UserError naming sizes when nothing fits.
    virtual MappedWorkload map(const WorkloadSize& size) const = 0;
    virtual OpPlan plan(const Op& op, const Placement& placement) const = 0;

    // Fixed time per generated token outside the op graph (sampling, detokenisation, host sync).
    virtual double token_overhead_s() const = 0;
    // Power drawn by a compute unit while it executes a work item, and by the platform always.
    virtual double unit_active_power_W(int unit) const = 0;
    virtual double static_power_W() const = 0;

    // Lumped thermal model (one RC node): ambient, resistance to ambient, heat capacity.
    virtual double ambient_C() const = 0;
    virtual double thermal_resistance_K_per_W() const = 0;
    virtual double heat_capacity_J_per_K() const = 0;

    // Thermal governor: the clock scale in (0, 1] to apply at package temperature `temperature_C`,
    // given the scale applied now (so a governor can keep hysteresis). The driver divides compute
    // time and multiplies active power by the returned scale. Default: the platform never throttles.
    virtual double governor_clock_scale(double temperature_C, double current_scale) const {
        (void)temperature_C;
        (void)current_scale;
        return 1.0;
    }

    // The fully resolved configuration (preset + overrides + runtime) stored with every result.
    virtual Json resolved_config() const = 0;

    // Lines the run should report about where a graph's ops ended up (e.g. ops an accelerator the user
    // asked for cannot run, and why). Default: nothing to say.
    virtual std::vector<std::string> placement_notes(const OpGraph& graph, const Placement& placement) const {
        (void)graph;
        (void)placement;
        return {};
    }
};

}  // namespace edgetwin
