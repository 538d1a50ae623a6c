#include <catch2/catch.hpp>

#include "sim/core/params.h"
#include "sim/core/user_error.h"

using namespace edgetwin;

namespace {
ParamSchema memory_like() {
    ParamSchema s("test.memory", "a memory level");
    s.add(text("name", "level name").required())
        .add(quantity("bandwidth", Dimension::Bandwidth, "peak").required().range(1, 1e14))
        .add(real("efficiency", "achieved fraction").def(0.8).range(0.01, 1.0).fittable(0.2, 1.0))
        .add(choice("kind", {"sram", "dram"}, "technology").def("dram"));
    return s;
}

std::string error_of(const Json& j) {
    try {
        memory_like().read(j, "preset.json", "memories[1]");
    } catch (const UserError& e) {
        return e.what();
    }
    return "";
}
}  // namespace

TEST_CASE("declared parameters read values in SI and fill defaults", "[core][params]") {
    const ParamValues v = memory_like().read(Json{{"name", "psram"}, {"bandwidth", "40MB/s"}}, "f", "");
    CHECK(v.num("bandwidth") == Approx(40e6));
    CHECK(v.num("efficiency") == Approx(0.8));
    CHECK(v.str("kind") == "dram");
    REQUIRE(memory_like().find("efficiency")->fit);
    CHECK(memory_like().find("efficiency")->fit->lo == 0.2);
}

TEST_CASE("configuration mistakes name file, key path and what is allowed", "[core][params]") {
    CHECK(error_of({{"name", "x"}, {"bandwidth", "1GB/s"}, {"bandwith", 3}}) ==
          "preset.json: memories[1].bandwith: unknown key (allowed: name, bandwidth, efficiency, kind)");
    CHECK(error_of({{"name", "x"}}) ==
          "preset.json: memories[1].bandwidth: required bandwidth [B/s] is missing (peak)");
    CHECK(error_of({{"name", "x"}, {"bandwidth", "1GB/s"}, {"efficiency", 1.5}}).find(
              "memories[1].efficiency: value 1.5 is out of range; allowed [0.01, 1]") != std::string::npos);
    CHECK(error_of({{"name", "x"}, {"bandwidth", 1000}}).find("expected a bandwidth with a unit") != std::string::npos);
    CHECK(error_of({{"name", "x"}, {"bandwidth", "1GB/s"}, {"kind", "flash"}}) ==
          "preset.json: memories[1].kind: \"flash\" is not allowed (allowed: sram, dram)");
}
