// llama.cpp b1618 prompt processing on a Jetson Nano with part of the model on the CPU (J1/J3 and the
// -ngl 10/22 rows of the same page). The mechanics, from the Nov-Dec 2023 sources:
//  - ggml_cuda_compute_forward sends any mul_mat whose dst ne0, ne1 and src1 ne10 are >= 32 to the GPU,
//    CPU-resident or not: the block's projections and both attention products (K^T Q, softmax(QK^T) V);
//  - k_offload_map: Qcur/Kcur (RoPE), kq and the K store follow the K cache (ngl > n_layer + 2),
//    kq_soft_max and kqv follow the V cache (ngl > n_layer + 1), norms, adds and SiLU follow the block;
//  - ggml_cuda_op_mul_mat_cublas below CC_VOLTA dequantises src0 to f32 and calls cublasSgemm.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "hwmodels/jetson/jetson_platform.h"
#include "models/lowering.h"
#include "tests/unit/hwmodels/jetson/jetson_support.h"

using namespace edgetwin;
using jetson::Device;

namespace {

ModelSpec tinyllama() {
    test::JetsonRun r{"jetson-nano-4gb", "llama.cpp-cuda-b1618", "tinyllama-1.1b", "Q4_K_M", 0, 1};
    return test::jetson_point(r).model;
}

std::unique_ptr<IPlatform> nano_b1618(int ngl) {
    test::JetsonRun r{"jetson-nano-4gb", "llama.cpp-cuda-b1618", "tinyllama-1.1b", "Q4_K_M", 512, 0, std::nullopt, ngl};
    return build_platform(test::jetson_point(r));
}

const Op& find(const OpGraph& g, const std::string& name) {
    const auto it = std::find_if(g.ops.begin(), g.ops.end(), [&](const Op& o) { return o.name == name; });
    REQUIRE(it != g.ops.end());
    return *it;
}

Device device(const IPlatform& p, const Op& op) { return dynamic_cast<const jetson::JetsonPlatform&>(p).device_of(op, 22); }

}  // namespace

TEST_CASE("b1618 prompt: every large mul_mat goes to the GPU, softmax follows the V cache, RoPE the K cache",
          "[jetson]") {
    const ModelSpec m = tinyllama();
    REQUIRE(m.n_layer == 22);
    const OpGraph pp = lower(m, uniform_scheme(GgmlType::Q4_K), LoweringRequest{Phase::Prefill, 512, 0, 1, false});
    const OpGraph small = lower(m, uniform_scheme(GgmlType::Q4_K), LoweringRequest{Phase::Prefill, 16, 0, 1, false});
    const OpGraph tg = lower(m, uniform_scheme(GgmlType::Q4_K), LoweringRequest{Phase::Decode, 1, 64, 1, false});
    const auto ngl5 = nano_b1618(5);
    // Block 3 is CPU-resident at -ngl 5 (blocks 17..21 are offloaded).
    CHECK(find(pp, "blk.3.attn_scores").n == 512);  // per-head K^T Q: 64 -> 512 keys for 512 query rows
    CHECK(find(pp, "blk.3.attn_scores").k == 64);
    CHECK(device(*ngl5, find(pp, "blk.3.ffn_up")) == Device::Gpu);
    CHECK(device(*ngl5, find(pp, "blk.3.attn_scores")) == Device::Gpu);
    CHECK(device(*ngl5, find(pp, "blk.3.attn_values")) == Device::Gpu);
    CHECK(device(*ngl5, find(pp, "blk.3.softmax")) == Device::Cpu);
    CHECK(device(*ngl5, find(pp, "blk.3.ffn_act")) == Device::Cpu);
    CHECK(device(*ngl5, find(pp, "blk.3.attn_norm")) == Device::Cpu);
    // An offloaded block still ropes, stores K and takes the softmax on the CPU until its caches move.
    CHECK(device(*ngl5, find(pp, "blk.20.rope")) == Device::Cpu);
    CHECK(device(*ngl5, find(pp, "blk.20.softmax")) == Device::Cpu);
    CHECK(device(*ngl5, find(pp, "blk.20.ffn_act")) == Device::Gpu);
    // 16 prompt rows (< 32) and decode (1 row) keep a CPU block's matmuls on the CPU.
    CHECK(device(*ngl5, find(small, "blk.3.ffn_up")) == Device::Cpu);
    CHECK(device(*ngl5, find(small, "blk.3.attn_scores")) == Device::Cpu);
    CHECK(device(*ngl5, find(tg, "blk.3.attn_scores")) == Device::Cpu);
    // -ngl 24 = n_layer + 2: the V cache and the softmax are on the GPU, the K side is not.
    const auto ngl24 = nano_b1618(24);
    CHECK(device(*ngl24, find(pp, "blk.3.softmax")) == Device::Gpu);
    CHECK(device(*ngl24, find(pp, "blk.3.rope")) == Device::Cpu);
    CHECK(device(*ngl24, find(pp, "blk.3.kv_store")) == Device::Cpu);
    CHECK(device(*nano_b1618(25), find(pp, "blk.3.rope")) == Device::Gpu);
}

TEST_CASE("b1618 on Tegra X1: cublasSgemm on f32-dequantised weights, and the weight copy, by hand",
          "[jetson]") {
    const ModelSpec m = tinyllama();
    const OpGraph pp = lower(m, uniform_scheme(GgmlType::Q4_K), LoweringRequest{Phase::Prefill, 512, 0, 1, false});
    const auto ngl5 = nano_b1618(5);
    const auto& rt = dynamic_cast<const jetson::JetsonPlatform&>(*ngl5).runtime();
    const Placement pl{0, 0, 0, 22};
    const Op& up_cpu = find(pp, "blk.3.ffn_up");   // CPU-resident block
    const Op& up_gpu = find(pp, "blk.20.ffn_up");  // offloaded block, same shape
    const WorkItem on_host = ngl5->plan(up_cpu, pl).items.front();
    const WorkItem on_gpu = ngl5->plan(up_gpu, pl).items.front();
    // GM20B, 1 SM x 128 FP32 lanes at 921.6 MHz; cublasSgemm at gemm_efficiency 0.5 with the row fill
    // 512 / (512 + 32); Q4_K is dequantised once per matmul (gemm_dequant_rows 512) on the same lanes.
    const double lanes = 128 * 921.6e6;
    const double eff = 0.5 * 512.0 / (512.0 + 32.0);
    const double macs = 512.0 * 2048 * 5632;
    const double dequant_ops = 2048.0 * 5632 / 256 * quant_info(GgmlType::Q4_K).dequant_ops_per_block;
    CHECK(rt.gemm_eff == 0.5);
    CHECK(on_gpu.compute_s == Approx(macs / (lanes * eff) + dequant_ops / (lanes * eff)));
    CHECK(on_host.compute_s == Approx(on_gpu.compute_s));
    // The dequantised f32 matrix is written and read back: 2048 x 5632 x 4 B each way.
    const double f32_matrix = 2048.0 * 5632 * 4;
    const double weights = static_cast<double>(up_cpu.weight_bytes);
    CHECK(on_gpu.read_B[0] == Approx(weights + f32_matrix + up_gpu.act_read_bytes));
    CHECK(on_gpu.write_B[0] == Approx(f32_matrix + up_gpu.act_write_bytes));
    // A CPU-resident block also copies its operands in and the result out...
    const double operands = weights + up_cpu.act_read_bytes + up_cpu.act_write_bytes;
    CHECK(on_host.read_B[0] == Approx(on_gpu.read_B[0] + operands));
    CHECK(on_host.write_B[0] == Approx(on_gpu.write_B[0] + operands));
    // ...and its weights leave pageable mmap'd memory at memory.pageable_copy_bandwidth (0.5 GB/s, fitted
    // jointly to five -ngl train rows) before the kernel can start.
    CHECK(on_gpu.overhead_s == Approx(rt.kernel_overhead_s));
    CHECK(on_host.overhead_s == Approx(rt.kernel_overhead_s + weights / 0.5e9));
}
