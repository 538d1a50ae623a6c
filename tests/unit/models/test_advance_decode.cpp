// advance_decode_graph must equal a fresh lowering at the new position, field by field.
#include <catch2/catch.hpp>

#include "models/lowering.h"
#include "models/model_card.h"
#include "models/quant_recipes.h"

using namespace edgetwin;

TEST_CASE("advancing a decode graph equals lowering at that position", "[models][lowering]") {
    for (const char* name : {"tinyllama-1.1b", "mistral-7b", "gemma-3-1b", "phi-2"}) {
        const ModelSpec m = load_model(name, "test", "model");
        const QuantScheme q = quant_scheme_from_name("Q8_0", GgmlType::F16, "test", "quant");
        OpGraph g = lower(m, q, {Phase::Decode, 1, 3, 2, false});
        for (int pos : {17, 600, 5000}) {
            advance_decode_graph(g, m, q, pos);
            const OpGraph fresh = lower(m, q, {Phase::Decode, 1, pos, 2, false});
            REQUIRE(g.ops.size() == fresh.ops.size());
            for (std::size_t i = 0; i < g.ops.size(); ++i) {
                const Op &a = g.ops[i], &b = fresh.ops[i];
                INFO(name << " pos " << pos << " op " << b.name);
                CHECK(a.name == b.name);
                CHECK(a.macs == b.macs);
                CHECK(a.flops == b.flops);
                CHECK(a.transcendentals == b.transcendentals);
                CHECK(a.kv_read_bytes == b.kv_read_bytes);
                CHECK(a.act_read_bytes == b.act_read_bytes);
                CHECK(a.act_write_bytes == b.act_write_bytes);
                CHECK(a.weight_bytes == b.weight_bytes);
            }
        }
    }
}
