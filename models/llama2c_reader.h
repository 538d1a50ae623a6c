#pragma once
// karpathy/llama2.c checkpoints (shared/reference/formats.md §5.2-5.3; export.py legacy_export,
// version1_export, version2_export @ 350e04fe): the legacy 28-byte header (7 x int32, a negative
// vocab_size means a separate classifier) and the 256-byte versioned header (magic "ak42",
// version 1 = fp32, version 2 = int8 with group size). Reads only the header and checks the file
// is long enough for the weights the header announces.
#include <cstdint>
#include <string>

#include "models/model_spec.h"
#include "models/quant_scheme.h"

namespace edgetwin {

struct Llama2cModel {
    int version = 0;          // 0 = legacy header, 1 = fp32, 2 = int8 (Q8 groups)
    int group_size = 0;       // version 2 only
    bool shared_classifier = true;
    std::int64_t header_bytes = 0;
    std::int64_t expected_bytes = 0;  // header + weights the header implies
    ModelSpec model;
    QuantScheme quant;
};

constexpr std::uint32_t kLlama2cMagic = 0x616b3432;  // "ak42" read as a little-endian uint32

Llama2cModel read_llama2c(const std::string& path);
// Same rules on an in-memory image; `name` stands for the file in errors.
Llama2cModel parse_llama2c(const std::uint8_t* data, std::size_t size, const std::string& name);

}  // namespace edgetwin
