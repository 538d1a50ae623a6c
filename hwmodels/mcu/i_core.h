#pragma once
// MCU cores behind one interface: each variant (one file under cores/) states what its pipeline costs
// for the inner loops llama2.c-style runtimes execute. Cycle counts are per retired operation in a
// steady-state loop with operands in cache/TCM; cache misses are charged by the memory levels.
#include <string>
#include <utility>
#include <vector>

namespace edgetwin::mcu {

// Which implementation of a dot product a runtime uses.
// ScalarO0: the same C loops built without optimisation (every variable a stack load/store).
enum class Kernel { Scalar, Dsp, ScalarO0 };  // plain C loop (gcc -O2/-O3) | vendor library (ESP-DSP, CMSIS-DSP/NN)

// Costs of llama2.c's C loops compiled at -O0: counted from the instruction sequence gcc emits when
// every local lives on the stack; 0 = not characterised for this core.
struct UnoptimisedCosts {
    double i8_mac = 0;        // runq.c inner loop, cycles per int8 MAC
    double f32_mac = 0;       // run.c / attention inner loop, cycles per fp32 MAC
    double flop = 0;          // elementwise loops, cycles per flop
    double dequant_op = 0;    // group rescale, cycles per op
    double row_overhead = 0;  // per dot-product row
    std::string source;
    bool characterised() const { return i8_mac > 0; }
};

struct CoreCosts {
    std::string name;         // "cortex-m7"
    std::string description;  // one line for `list`
    bool has_fpu = false;     // single-precision FPU (else fp32 runs as soft-float library calls)
    // Cycles per multiply-accumulate in a dot-product inner loop (loads + MAC + amortised loop control).
    double f32_scalar = 0, f32_dsp = 0;  // fp32 (soft-float when !has_fpu)
    double i8_scalar = 0, i8_dsp = 0;    // int8 x int8 -> int32 (SIMD where the core has it)
    double cycles_per_dequant_op = 0;    // one scalar op of weight-block dequantisation / group rescale
    double cycles_per_flop = 0;          // elementwise fp32 add/mul in a C loop (load, op, store amortised)
    double cycles_per_transcendental = 0;  // libm expf/sqrtf/sinf/powf (newlib), incl. call
    double row_overhead_cycles = 0;      // per dot-product call: call, loop set-up, store of the result
    std::vector<std::string> sources;    // one citation per number above
};

class ICore {
public:
    virtual ~ICore() = default;
    virtual const CoreCosts& costs() const = 0;
    // The same loops built at -O0; not characterised unless a variant states them.
    virtual const UnoptimisedCosts& unoptimised_costs() const {
        static const UnoptimisedCosts none;
        return none;
    }
    // Cycles per MAC for fp32 or int8 operands under a kernel.
    double cycles_per_mac(bool int8, Kernel k) const {
        const CoreCosts& c = costs();
        if (k == Kernel::ScalarO0) return int8 ? unoptimised_costs().i8_mac : unoptimised_costs().f32_mac;
        if (int8) return k == Kernel::Dsp ? c.i8_dsp : c.i8_scalar;
        return k == Kernel::Dsp ? c.f32_dsp : c.f32_scalar;
    }
};

// Core variants register by name (one line in their file); presets name them in "core.type".
const ICore* find_core(const std::string& name);
std::vector<std::string> core_names();
void register_core(const ICore* core);

template <class Core>
struct CoreRegistrar {
    CoreRegistrar() {
        static const Core core;
        register_core(&core);
    }
};

// A core given entirely by its cost table (all variants are; the class keeps the interface open for
// cores whose costs depend on more than the table, e.g. Helium beat overlap).
class TableCore : public ICore {
public:
    explicit TableCore(CoreCosts c) : c_(std::move(c)) {}
    TableCore(CoreCosts c, UnoptimisedCosts o0) : c_(std::move(c)), o0_(std::move(o0)) {}
    const CoreCosts& costs() const override { return c_; }
    const UnoptimisedCosts& unoptimised_costs() const override { return o0_; }

private:
    CoreCosts c_;
    UnoptimisedCosts o0_;
};

}  // namespace edgetwin::mcu
