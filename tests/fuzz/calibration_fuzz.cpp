// libFuzzer target for one calibration trace parser, chosen at compile time with
// -DEDGETWIN_FUZZ_PARSER=<name>. Malformed input must end in UserError (a located message); any
// other exception, crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "analysis/calibration/trace_parsers.h"
#ifdef EDGETWIN_FUZZ_OBSERVATIONS
#include "analysis/calibration/observations.h"
#endif
#include "sim/core/user_error.h"

using namespace edgetwin::calib;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
#define EDGETWIN_RUN(name, call) \
    if (std::string(#name) == EDGETWIN_FUZZ_PARSER_NAME) call;
        EDGETWIN_RUN(llama_bench_json, parse_llama_bench_json(text, "fuzz"))
        EDGETWIN_RUN(llama_bench_jsonl, parse_llama_bench_jsonl(text, "fuzz"))
        EDGETWIN_RUN(llama_bench_csv, parse_llama_bench_csv(text, "fuzz"))
        EDGETWIN_RUN(llama_bench_markdown, parse_llama_bench_markdown(text, "fuzz"))
        EDGETWIN_RUN(llama_bench_sql, parse_llama_bench_sql(text, "fuzz"))
        EDGETWIN_RUN(llama_timings, parse_llama_timings(text, "fuzz"))
        EDGETWIN_RUN(tegrastats, parse_tegrastats(text, "fuzz"))
        EDGETWIN_RUN(jtop_csv, parse_jtop_csv(text, "fuzz"))
        EDGETWIN_RUN(llama2c_log, parse_llama2c_log(text, "fuzz"))
        EDGETWIN_RUN(ppk2_csv, parse_ppk2_csv(text, "fuzz"))
        EDGETWIN_RUN(joulescope_csv, parse_joulescope_csv(text, "fuzz"))
#ifdef EDGETWIN_FUZZ_OBSERVATIONS
        // Model, quant and run lengths left empty in a row come from this context.
        TraceContext ctx;
        ctx.model = "tinyllama-1.1b";
        ctx.quant = "Q4_0";
        EDGETWIN_RUN(generic_csv, parse_generic_csv(text, "fuzz", ctx))
#endif
#undef EDGETWIN_RUN
    } catch (const edgetwin::UserError&) {
    }
    return 0;
}
