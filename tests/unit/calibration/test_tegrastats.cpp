// Every tegrastats example line of shared/reference/formats.md §4.2 parses to its numbers; emulator
// placeholders (<r>, "×8", "…") are filled with concrete values. Corrupted copies fail at the token.
#include <catch2/catch.hpp>

#include "analysis/calibration/trace_parsers.h"
#include "calib_test_util.h"

using namespace edgetwin;
using namespace edgetwin::calib;
using edgetwin::test::col_of;
using edgetwin::test::corrupt;
using edgetwin::test::require_error_at;

namespace {
const std::string kNanoReal =
    "RAM 1409/3964MB (lfb 28x4MB) SWAP 0/1982MB (cached 0MB) IRAM 0/252kB(lfb 252kB) CPU [22%@518,67%@518,off,off] "
    "EMC_FREQ 0%@1600 GR3D_FREQ 0%@76 APE 25 PLL@28.5C CPU@32C PMIC@50C GPU@30.5C AO@39.5C thermal@31.25C POM_5V_IN "
    "2003/2003 POM_5V_GPU 0/0 POM_5V_CPU 320/320";
const std::string kNanoEmu =
    "RAM 330/3964MB (lfb 758x4MB) SWAP 0/1982MB (cached 0MB) CPU [10%@102,20%@102,30%@102,40%@102] EMC_FREQ 0% "
    "GR3D_FREQ 7% PLL@20.5C CPU@23C PMIC@100C GPU@22.5C AO@27C thermal@22.5C POM_5V_IN 933/933 POM_5V_GPU 0/0 "
    "POM_5V_CPU 84/84";
const std::string kTx2 =
    "RAM 2020/7852MB (lfb 1164x4MB) CPU [9%@345,21%@345,25%@345,3%@345,1%@345,1%@345] EMC_FREQ 0% GR3D_FREQ 0% "
    "PLL@42.5C MCPU@42.5C PMIC@100C Tboard@40C GPU@41C BCPU@42.5C thermal@41.9C Tdiode@41.25C VDD_SYS_GPU 153/158 "
    "VDD_SYS_SOC 536/547 VDD_4V0_WIFI 633/527 VDD_IN 3140/3208 VDD_SYS_CPU 536/590 VDD_SYS_DDR 557/601";
const std::string kXavierEmu =
    "RAM 408/15823MB (lfb 3702x4MB) SWAP 0/7911MB (cached 0MB) CPU "
    "[5%@2265,5%@2265,5%@2265,5%@2265,5%@2265,5%@2265,5%@2265,5%@2265] EMC_FREQ 0%@2133 GR3D_FREQ 9%@1377 APE 150 MTS "
    "fg 0% bg 0% AO@26.5C GPU@28C iwlwifi@30C Tdiode@31.25C PMIC@100C AUX@27C CPU@28C thermal@27.45C Tboard@27C GPU "
    "1155/1155 CPU 385/385 SOC 2502/2502 CV 0/0 VDDRQ 192/192 SYS5V 2692/2692";
const std::string kXavierNx =
    "RAM 2690/6854MB (lfb 6x1MB) SWAP 479/3427MB (cached 3MB) CPU [3%@1904,7%@1906,1%@1905,0%@1907,off,off] "
    "EMC_FREQ 0%@1600 GR3D_FREQ 0%@[510] VIC_FREQ 601 APE 150 AUX@39C CPU@39.5C AO@37.5C GPU@37.5C PMIC@50C VDD_IN "
    "5079mW/5079mW VDD_CPU_GPU_CV 696mW/696mW VDD_SOC 1104mW/1104mW";
const std::string kAgxOrin =
    "04-11-2025 10:36:27 RAM 4321/62801MB (lfb 1759x4MB) SWAP 19/31400MB (cached 0MB) CPU "
    "[0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729,0%@729] EMC_FREQ 0%@2133 "
    "GR3D_FREQ 0%@[0,0] VIC_FREQ 729 APE 174 CV0@-256C CPU@44.562C Tboard@32C SOC2@40.093C Tdiode@33C SOC0@41.093C "
    "CV1@-256C GPU@-256C tj@44.343C SOC1@41.25C CV2@-256C VDD_GPU_SOC 2340mW/2340mW VDD_CPU_CV 390mW/390mW "
    "VIN_SYS_5V0 4025mW/4025mW NC 0mW/0mW VDDQ_VDD2_1V8AO 301mW/301mW NC 0mW/0mW";
const std::string kOrinNano =
    "11-30-2025 13:26:01 RAM 2461/7620MB (lfb 3x2MB) SWAP 1243/3810MB (cached 5MB) CPU "
    "[19%@729,14%@729,22%@729,8%@729,15%@729,17%@729] EMC_FREQ 4%@2133 GR3D_FREQ 0%@[305] NVDEC off NVJPG off NVJPG1 "
    "off VIC off OFA off APE 200 cpu@46.531C soc2@47.312C soc0@46.593C gpu@48.218C tj@48.843C soc1@48.843C VDD_IN "
    "5704mW/5704mW VDD_CPU_GPU_CV 831mW/831mW VDD_SOC 1624mW/1624mW";
const std::string kJp7 =
    "07-25-2026 09:08:28 RAM 20642/62817MB (lfb 1x2MB) CPU [23%@2201,25%@2201,27%@2201] EMC_FREQ 3%@3199 GR3D_FREQ "
    "12%@[1300,1300] NVENC0 off NVDEC0 off NVJPG0 off NVJPG1 off VIC off OFA off NVDLA0 off NVDLA1 off PVA0_FREQ off "
    "APE 174 cpu@52.968C/52.968C soc2@48.406C/48.406C soc0@49.531C/49.531C gpu@47.625C/47.625C VDD_GPU_SOC "
    "5139mW/5139mW/5139mW VDD_CPU_CV 3268mW/3268mW/3268mW VIN_SYS_5V0 5500mW/5500mW/5500mW";
const std::string kThorGpu = "GR3D_FREQ @[1000,1000,1000] VDD_IN 100mW/100mW";
const std::string kNanoNoSudo = "RAM 2461/7620MB (lfb 3x2MB) CPU [19%@729,off] GR3D_FREQ 1% VDD_IN 5704mW/5704mW";

TegraSample one(const std::string& line) {
    auto v = parse_tegrastats(line + "\n", "t.log");
    REQUIRE(v.size() == 1);
    return v[0];
}
}  // namespace

TEST_CASE("tegrastats JP4 Nano (real and emulator) and TX2", "[calibration]") {
    TegraSample s = one(kNanoReal);
    CHECK(s.timestamp.empty());
    CHECK(*s.ram_used_MB == 1409);
    CHECK(*s.ram_total_MB == 3964);
    REQUIRE(s.cpu.size() == 4);
    CHECK(s.cpu[0]->first == 22);
    CHECK(s.cpu[1]->second == 518);
    CHECK(!s.cpu[2]);
    CHECK(*s.emc_pct == 0);
    CHECK(*s.emc_MHz == 1600);
    CHECK(*s.gpu_pct == 0);
    CHECK(s.gpu_MHz == std::vector<double>{76});
    CHECK(s.temps_C.at("thermal") == 31.25);
    CHECK(s.rails.at("POM_5V_IN").cur_mW == 2003);
    CHECK(s.rails.at("POM_5V_CPU").avg_mW == 320);
    CHECK(s.engines.at("APE") == "25");
    CHECK(*tegra_input_power_W(s) == Approx(2.003));
    s = one(kNanoEmu);
    CHECK(*s.gpu_pct == 7);
    CHECK(s.gpu_MHz.empty());
    CHECK(!s.emc_MHz);
    CHECK(s.rails.at("POM_5V_IN").cur_mW == 933);
    s = one(kTx2);
    CHECK(s.cpu.size() == 6);
    CHECK(s.temps_C.at("tdiode") == 41.25);
    CHECK(s.rails.at("VDD_4V0_WIFI").avg_mW == 527);
    CHECK(*tegra_input_power_W(s) == Approx(3.140));
}

TEST_CASE("tegrastats Xavier (JP4 rails without VDD_, MTS) and Xavier NX (mW units)", "[calibration]") {
    TegraSample s = one(kXavierEmu);
    CHECK(s.cpu.size() == 8);
    CHECK(s.gpu_MHz == std::vector<double>{1377});
    CHECK(s.rails.at("GPU").cur_mW == 1155);
    CHECK(s.rails.at("SYS5V").avg_mW == 2692);
    CHECK(s.temps_C.at("gpu") == 28);  // "GPU@28C" temperature vs the "GPU 1155/1155" rail
    CHECK(!tegra_input_power_W(s));
    s = one(kXavierNx);
    CHECK(s.gpu_MHz == std::vector<double>{510});
    CHECK(s.engines.at("VIC_FREQ") == "601");
    CHECK(s.rails.at("VDD_IN").cur_mW == 5079);
    CHECK(*s.ram_used_MB == 2690);
}

TEST_CASE("tegrastats Orin JP5/6/7: timestamps, GPC arrays, -256C, 3-value rails, Thor", "[calibration]") {
    TegraSample s = one(kAgxOrin);
    CHECK(s.timestamp == "04-11-2025 10:36:27");
    CHECK(s.cpu.size() == 12);
    CHECK(s.gpu_MHz == std::vector<double>{0, 0});
    CHECK(s.temps_C.count("cv0") == 0);  // -256C: no sensor
    CHECK(s.temps_C.count("gpu") == 0);
    CHECK(s.temps_C.at("cpu") == 44.562);
    CHECK(s.temps_C.at("tj") == 44.343);
    CHECK(*tegra_input_power_W(s) == Approx(4.025));
    s = one(kOrinNano);
    CHECK(s.engines.at("NVDEC") == "off");
    CHECK(*s.emc_pct == 4);
    CHECK(s.gpu_MHz == std::vector<double>{305});
    CHECK(s.temps_C.at("gpu") == 48.218);
    CHECK(*tegra_input_power_W(s) == Approx(5.704));
    s = one(kJp7);
    CHECK(s.gpu_MHz == std::vector<double>{1300, 1300});
    CHECK(*s.gpu_pct == 12);
    CHECK(s.temps_C.at("cpu") == 52.968);
    CHECK(s.rails.at("VDD_CPU_CV").cur_mW == 3268);
    CHECK(*tegra_input_power_W(s) == Approx(5.5));
    s = one(kThorGpu);
    CHECK(!s.gpu_pct);
    CHECK(s.gpu_MHz.size() == 3);
    s = one(kNanoNoSudo);
    CHECK(*s.gpu_pct == 1);
    CHECK(!s.emc_pct);
}

TEST_CASE("tegrastats rejects corrupted lines at the token", "[calibration]") {
    for (const auto& [line, from, to] :
         std::vector<std::tuple<std::string, std::string, std::string>>{{kNanoReal, "POM_5V_GPU 0/0", "POM_5V_GPU 0/x"},
                                                                        {kXavierNx, "GR3D_FREQ 0%@[510]", "GR3D_FREQ 0%@[51x]"},
                                                                        {kAgxOrin, "CPU@44.562C", "CPU@44.5.62C"},
                                                                        {kJp7, "CPU [23%@2201,", "CPU [23%@22z1,"}}) {
        const std::string bad = corrupt(line, from, to);
        int col = col_of(bad, to.substr(to.find(' ') == std::string::npos ? 0 : to.find(' ') + 1));
        if (to.rfind("CPU [", 0) == 0) col = col_of(bad, "23%@22z1");
        require_error_at([&] { parse_tegrastats("\n" + line + "\n" + bad + "\n", "t.log"); }, "t.log", 3, col);
    }
}
