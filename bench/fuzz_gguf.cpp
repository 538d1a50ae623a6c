// libFuzzer target for the model-file readers: any byte string must either parse or throw
// UserError; crashes, sanitizer reports, other exceptions and huge allocations are bugs.
// Build: see tests/fuzz/CMakeLists.txt (clang, -DEDGETWIN_FUZZ=ON).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "models/gguf_model.h"
#include "models/llama2c_reader.h"
#include "sim/core/user_error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        edgetwin::GgufModel m = edgetwin::gguf_model(edgetwin::parse_gguf(data, size, "fuzz.gguf"));
        (void)m.model.parameter_count();
    } catch (const edgetwin::UserError&) {
    }
    try {
        (void)edgetwin::parse_llama2c(data, size, "fuzz.bin");
    } catch (const edgetwin::UserError&) {
    }
    return 0;
}
