#include "hwmodels/jetson/jetson_schemas.h"

namespace edgetwin::jetson {

const ParamSchema& platform_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("jetson", "Jetson board preset (data/platforms/jetson-*.json, family \"jetson\")")
            .add(integer("schema_version", "Preset format version").required().range(1, 1))
            .add(choice("family", {"jetson"}, "Platform family").required())
            .add(text("name", "Preset name").required())
            .add(text("description", "Board and software release modelled").def(""))
            .add(text("default_runtime", "Runtime profile used when the scenario names none").required())
            .add(text("default_power_mode", "nvpmodel mode used when no --power-mode is given").required()));
    return s;
}

const ParamSchema& gpu_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("jetson.gpu", "Integrated GPU: architecture table + SM count + clock cap")
            .add(choice("arch", {"maxwell_sm53", "pascal_sm62", "volta_sm72", "ampere_sm87"},
                        "GPU architecture (selects per-SM throughput tables in arch_tables.cpp)")
                     .required())
            .add(integer("sms", "Streaming multiprocessors").required().range(1, 64))
            .add(quantity("l2", Dimension::Bytes, "L2 cache size").required().range(1, 1e9))
            .add(quantity("clock_max", Dimension::Frequency, "Highest GPU clock of any power mode").required().range(1e6, 5e9))
            .add(quantity("active_power", Dimension::Power, "GPU rail power when busy at clock_max")
                     .required()
                     .range(0, 200)
                     .fittable(0.5, 80))
            .add(real("power_exponent", "P ~ f^x along the DVFS curve (x=1: fixed voltage, ~2-3 with voltage scaling)")
                     .def(2.0)
                     .range(1.0, 3.5)
                     .fittable(1.0, 3.0)));
    return s;
}

namespace {
ParamSchema cpu_cluster_schema(const char* name, const char* description) {
    return ParamSchema(name, description)
        .add(choice("core", {"cortex_a57", "denver2", "carmel", "cortex_a78ae"}, "Core type").required())
        .add(integer("cores", "Cores of this type on the module").required().range(1, 64))
        .add(quantity("clock_max", Dimension::Frequency, "Highest clock of this cluster in any power mode")
                 .required()
                 .range(1e6, 5e9))
        .add(quantity("active_power", Dimension::Power, "Power per busy core at clock_max")
                 .required()
                 .range(0, 20)
                 .fittable(0.05, 5))
        .add(real("power_exponent", "P ~ f^x along the DVFS curve").def(2.0).range(1.0, 3.5).fittable(1.0, 3.0));
}
}  // namespace

const ParamSchema& cpu_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        cpu_cluster_schema("jetson.cpu", "CPU cluster (throughput tables per core type in arch_tables.cpp)"));
    return s;
}

const ParamSchema& cpu2_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(cpu_cluster_schema(
        "jetson.cpu2", "Optional second CPU cluster of another core type (TX2: Denver2 beside the A57s)"));
    return s;
}

const ParamSchema& memory_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("jetson.memory", "Shared LPDDR: bandwidth = bus bytes x EMC clock x 2 (double data rate)")
            .add(text("name", "Memory level name").def("lpddr"))
            .add(quantity("capacity", Dimension::Bytes, "Installed DRAM").required().range(1, 1e13))
            .add(quantity("reserved", Dimension::Bytes, "DRAM the OS, carve-outs and desktop keep").required().range(0, 1e13))
            .add(integer("bus_width_bits", "DRAM bus width").required().range(16, 1024))
            .add(quantity("emc_clock_max", Dimension::Frequency, "Highest EMC (memory) clock").required().range(1e6, 1e10))
            .add(real("efficiency", "Achieved fraction of peak bandwidth for streaming kernels")
                     .def(0.8)
                     .range(0.05, 1.0)
                     .fittable(0.4, 0.95))
            .add(quantity("latency", Dimension::Time, "First-access latency of a streaming transfer").def("0.5us").range(0, 1e-3))
            .add(quantity("access_energy_per_byte", Dimension::Energy, "DRAM read/write energy per byte incl. I/O")
                     .def("40pJ")
                     .range(0, 1e-9))
            .add(quantity("static_power", Dimension::Power, "Refresh + PHY background power").def("0.3W").range(0, 50))
            .add(boolean("io_coherent",
                         "CPU caches snoop GPU/DMA traffic (Xavier/Orin, cc >= 7.2); without it pinned host memory "
                         "(cudaMallocHost) is mapped uncached for the CPU (CUDA for Tegra app note)")
                     .required())
            .add(quantity("cpu_uncached_load_time", Dimension::Time,
                          "Time one CPU load from uncached (pinned) memory takes, a DRAM round trip; required when "
                          "io_coherent is false")
                     .def("0s")
                     .range(0, 1e-5)
                     .fittable(2e-8, 1e-6))
            .add(quantity("pageable_copy_bandwidth", Dimension::Bandwidth,
                          "Rate at which CPU-resident (mmap'd, pageable) weights reach a CUDA buffer when legacy "
                          "ggml-cuda copies them for a large-batch matmul; 0 = at DRAM speed")
                     .def("0B/s")
                     .range(0, 1e12)
                     .fittable(1e7, 1e10)));
    return s;
}

const ParamSchema& dla_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("jetson.dla", "NVDLA deep-learning accelerator (optional preset section \"dla\"; absent = none)")
            .add(integer("instances", "DLA cores on the module (TensorRT binds one engine to one core)").required().range(1, 8))
            .add(real("int8_macs_per_clock", "INT8 MACs per clock of one instance").required().range(1, 1e6))
            .add(real("fp16_macs_per_clock", "FP16 MACs per clock of one instance").required().range(1, 1e6))
            .add(quantity("clock_max", Dimension::Frequency, "Highest DLA clock of any power mode").required().range(1e6, 5e9))
            .add(real("efficiency", "Achieved fraction of the MAC peak on fully-connected layers")
                     .def(0.7)
                     .range(0.01, 1.0)
                     .fittable(0.1, 1.0))
            .add(quantity("active_power", Dimension::Power, "Power of one busy instance at clock_max")
                     .required()
                     .range(0, 50)
                     .fittable(0.1, 10)));
    return s;
}

const ParamSchema& power_mode_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("jetson.power_mode", "One nvpmodel mode: cores online and clock caps (power_modes.<NAME>)")
            .add(integer("cpu_cores_online", "CPU cores online").required().range(1, 64))
            .add(quantity("cpu_clock", Dimension::Frequency, "CPU max clock in this mode").required().range(1e6, 5e9))
            .add(integer("cpu2_cores_online", "Cores of the cpu2 cluster online (0 = cluster off)").def(0).range(0, 64))
            .add(quantity("cpu2_clock", Dimension::Frequency, "cpu2 cluster max clock in this mode").def("0Hz").range(0, 5e9))
            .add(quantity("gpu_clock", Dimension::Frequency, "GPU max clock in this mode").required().range(1e6, 5e9))
            .add(quantity("emc_clock", Dimension::Frequency, "EMC max clock in this mode").required().range(1e6, 1e10))
            .add(quantity("dla_clock", Dimension::Frequency, "DLA max clock in this mode (0 = dla.clock_max)")
                     .def("0Hz")
                     .range(0, 5e9))
            .add(integer("gpu_sms_online", "SMs left powered by the mode's TPC_PG_MASK (0 = all of gpu.sms)").def(0).range(0, 64))
            .add(quantity("budget", Dimension::Power, "Module power budget of the mode (informational)").def("0W").range(0, 1e3)));
    return s;
}

const ParamSchema& power_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("jetson.power", "Board power outside the GPU/CPU rails' dynamic part")
            .add(choice("rails", {"nano", "tx2", "xavier", "xavier-nx", "orin"},
                        "Power-monitor rail layout the board reports (tegrastats/jtop names): nano = POM_5V_IN/GPU/CPU; "
                        "tx2 = VDD_IN, VDD_SYS_GPU/CPU/DDR; xavier = GPU, CPU, CV, VDDRQ; xavier-nx and orin = VDD_IN, "
                        "VDD_CPU_GPU_CV, VDD_SOC")
                     .required())
            .add(quantity("static", Dimension::Power, "Idle module power (VDD_IN minus busy rails)")
                     .required()
                     .range(0, 200)
                     .fittable(0.2, 30)));
    return s;
}

const ParamSchema& thermal_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("jetson.thermal", "Lumped RC of module + heatsink and the soctherm-style throttling governor")
            .add(quantity("ambient", Dimension::Temperature, "Ambient temperature").def("25C").range(-40, 100))
            .add(quantity("resistance", Dimension::ThermalResistance, "Junction-to-ambient with the stock fan curve")
                     .required()
                     .range(1e-3, 1e3)
                     .fittable(0.2, 30))
            .add(quantity("resistance_fan_max", Dimension::ThermalResistance,
                          "Junction-to-ambient with the fan pinned at maximum (jetson_clocks)")
                     .required()
                     .range(1e-3, 1e3))
            .add(quantity("capacitance", Dimension::HeatCapacity, "Heat capacity of module + heatsink")
                     .required()
                     .range(1e-3, 1e5)
                     .fittable(1, 2000))
            .add(quantity("throttle_temp", Dimension::Temperature, "Temperature at which clocks start to drop")
                     .required()
                     .range(30, 130))
            .add(quantity("hysteresis", Dimension::Temperature, "Clocks recover below throttle_temp minus this")
                     .def("5C")
                     .range(0, 50))
            .add(real("step", "Clock-scale change per governor evaluation (one per graph)").def(0.05).range(0.001, 1))
            .add(real("min_scale", "Lowest clock scale the governor applies").def(0.3).range(0.05, 1)));
    return s;
}

const ParamSchema& runtime_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("jetson.runtime", "Runtime profile for Jetson boards (data/runtimes/*.json with family \"jetson\")")
            .add(integer("schema_version", "Profile format version").required().range(1, 1))
            .add(choice("family", {"jetson"}, "Platform family the profile targets").required())
            .add(text("name", "Profile name").required())
            .add(text("description", "Runtime and version modelled").def(""))
            .add(text("source", "Where the values come from").def(""))
            .add(choice("offload", {"none", "llama.cpp", "llama.cpp-legacy", "all"},
                        "Layer placement: none = CPU only; llama.cpp = -ngl rules of src/llama-model.cpp (output layer "
                        "first); llama.cpp-legacy = pre-Dec-2023 rules (output at ngl>n_layer, V cache at >n_layer+1, "
                        "K cache at >n_layer+2); all = every op on the GPU (MLC, TensorRT-LLM)")
                     .required())
            .add(integer("gpu_layers", "Default -ngl (-1 = everything)").def(-1).range(-1, 100000))
            .add(integer("threads", "CPU threads (0 = cores online)").def(0).range(0, 64))
            .add(boolean("large_batch_offload",
                         "Legacy ggml-cuda: CPU-resident matmul weights are copied to the GPU when the batch is >= 32").def(false))
            .add(boolean("op_offload",
                         "ggml-backend scheduler (2024+): a matmul over CPU-resident weights runs on the GPU when its "
                         "batch is >= 32 tokens (offload_op), the weights copied through DRAM first").def(false))
            .add(boolean("pinned_host_buffers",
                         "CPU-side compute buffer and KV cache come from cudaMallocHost (llama.cpp llama_host_malloc); "
                         "uncached for the CPU on boards without I/O coherency")
                     .def(false))
            .add(boolean("pinned_kv_cache",
                         "The KV cache is pinned host memory too (llama.cpp b1618 llama_host_malloc; later builds "
                         "keep a CPU layer's cache in a CPU buffer)")
                     .def(false))
            .add(boolean("silu_lookup_table",
                         "ggml's SiLU reads an fp16 table per element (GGML_SILU_FP16, before the NEON ggml_v_silu of 2024)")
                     .def(false))
            .add(boolean("cpu_spin_wait",
                         "CPU threads busy-wait while GPU ops run (ggml thread pool spinning at each node barrier), "
                         "so they draw active power for the whole graph")
                     .def(false))
            .add(boolean("cpu_dynamic_chunks",
                         "CPU matmuls hand row chunks to whichever thread is free (ggml-cpu since 2024), so faster "
                         "cores take more work; without it rows are split evenly and the slowest core sets the pace")
                     .def(false))
            .add(boolean("cuda_graphs", "Decode kernels are replayed from a CUDA graph (smaller per-kernel cost)").def(false))
            .add(integer("cuda_graphs_min_cc", "Lowest compute capability (x10) on which the runtime captures graphs; below it every kernel is launched").def(0).range(0, 200))
            .add(boolean("flash_attention", "Fused attention: scores never go to DRAM; tensor cores in prefill").def(false))
            .add(choice("gemm_dtype", {"f16", "int8"}, "Tensor-core input type of prefill GEMMs").def("f16"))
            .add(integer("cublas_f16_min_cc",
                         "cuBLAS GEMMs use FP16 only from this compute capability (x10) up; below it the weights are "
                         "dequantised to f32 and cublasSgemm runs on the CUDA cores (ggml-cuda 2023: CC_VOLTA = 700 -> 70)")
                     .def(0)
                     .range(0, 100))
            .add(boolean("gemm_dequant_buffer",
                         "Prefill GEMMs dequantise the whole weight matrix into a scratch buffer (f16, or f32 below "
                         "cublas_f16_min_cc) that cuBLAS then reads: one extra write and read of it per matmul")
                     .def(false))
            .add(choice("gemv_path", {"f32", "f16", "dp4a"}, "CUDA-core arithmetic of decode GEMV kernels").def("f16"))
            .add(integer("tensor_min_rows", "Matmuls with at least this many rows use tensor cores").def(16).range(1, 1 << 20))
            .add(integer("gemm_dequant_rows", "Activation rows served by one dequantisation of a weight tile in GEMM")
                     .def(64)
                     .range(1, 1 << 20))
            .add(quantity("kernel_overhead", Dimension::Time, "Per-kernel launch + inter-kernel gap")
                     .required()
                     .range(0, 1e-2)
                     .fittable(1e-6, 1e-3))
            .add(quantity("graph_kernel_overhead", Dimension::Time, "Per-kernel gap when replayed from a CUDA graph")
                     .def("2us")
                     .range(0, 1e-2)
                     .fittable(2e-7, 1e-4))
            .add(quantity("switch_overhead", Dimension::Time, "CPU<->GPU hand-over: stream sync + copy set-up")
                     .def("0s")
                     .range(0, 1e-1)
                     .fittable(0, 5e-3))
            .add(quantity("cpu_op_overhead", Dimension::Time, "Per-op thread barrier on the CPU").def("5us").range(0, 1e-2).fittable(0, 1e-3))
            .add(quantity("token_overhead", Dimension::Time, "Per-token host work (sampling, detokenise)")
                     .required()
                     .range(0, 1)
                     .fittable(0, 0.05))
            .add(real("gemv_efficiency", "Achieved fraction of CUDA-core peak in decode GEMV + dequant")
                     .required()
                     .range(0.005, 1)
                     .fittable(0.01, 1))
            .add(real("gemm_efficiency", "Achieved fraction of tensor/CUDA-core peak in large prefill GEMMs")
                     .required()
                     .range(0.005, 1)
                     .fittable(0.05, 0.95))
            .add(real("gemm_half_rows", "Rows at which a GEMM reaches half its large-batch efficiency (tile/wave fill)")
                     .def(16.0)
                     .range(0, 1e5)
                     .fittable(0, 512))
            .add(real("cpu_efficiency", "Achieved fraction of NEON peak in CPU kernels")
                     .required()
                     .range(0.005, 1)
                     .fittable(0.02, 1))
            .add(boolean("prefill_all_logits",
                         "The output layer runs on every prompt token, not only the last (llama.cpp before the unused-"
                         "logits skip of PR #6122, March 2024; PR #2700 had proposed it in Aug 2023)")
                     .def(false))
            .add(boolean("dla",
                         "TensorRT places every layer the DLA can run on DLA core 0 (GPU fallback for the rest, each "
                         "listed with its reason in the run's alerts); needs a board with a dla section")
                     .def(false))
            .add(quantity("dla_overhead", Dimension::Time,
                          "Per DLA task: submission + GPU<->DLA synchronisation and reformat of the activations")
                     .def("50us")
                     .range(0, 1e-1)
                     .fittable(5e-6, 1e-3))
            .add(quantity("gpu_context_memory", Dimension::Bytes, "CUDA context + runtime buffers").def("0B").range(0, 1e11)));
    return s;
}

}  // namespace edgetwin::jetson
