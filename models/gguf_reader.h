#pragma once
// GGUF v2/v3 metadata reader (shared/reference/formats.md §1; ggml-org/ggml docs/gguf.md and the
// reference reader src/gguf.cpp). Reads the header, every metadata value (arrays nested to any
// depth) and the tensor infos; never reads tensor data. Every length read from the file is checked
// against the bytes left before anything is allocated or skipped, so a truncated or corrupt file
// throws UserError(file, "", "at byte N: expected ...") instead of crashing or allocating.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/quant_type.h"

namespace edgetwin {

enum class GgufType : std::uint32_t {
    UInt8 = 0, Int8 = 1, UInt16 = 2, Int16 = 3, UInt32 = 4, Int32 = 5, Float32 = 6, Bool = 7,
    String = 8, Array = 9, UInt64 = 10, Int64 = 11, Float64 = 12,
};
const char* gguf_type_name(GgufType t);

// One metadata value. Scalars fill the matching field; arrays keep their element type and length,
// and their elements when they are numbers (per-layer hyperparameters) or nested arrays. String
// array elements (the tokenizer vocabulary) are counted and skipped, not stored.
struct GgufValue {
    GgufType type = GgufType::UInt8;
    std::int64_t i = 0;     // integer and bool values (u64 above INT64_MAX are rejected)
    double f = 0;           // float values; integers are mirrored here as well
    std::string s;          // strings
    GgufType elem_type = GgufType::UInt8;   // arrays
    std::uint64_t n = 0;                    // array length
    std::vector<GgufValue> elems;           // numeric / nested array elements

    bool is_integer() const;
    bool is_number() const { return is_integer() || type == GgufType::Float32 || type == GgufType::Float64; }
};

struct GgufTensorInfo {
    std::string name;
    std::vector<std::int64_t> ne;  // ne[0] = row length
    GgmlType type = GgmlType::F32;
    std::uint64_t offset = 0;      // relative to the data section
    std::int64_t bytes = 0;        // ggml_nbytes: ne0/blck * type_size * ne1 * ne2 * ne3
    std::int64_t elems() const;
};

struct GgufFile {
    std::string path;
    std::uint32_t version = 0;
    std::uint64_t file_size = 0;
    std::uint32_t alignment = 32;
    std::uint64_t data_offset = 0;  // start of the tensor data section
    std::map<std::string, GgufValue> kv;
    std::vector<std::string> kv_order;  // keys as they appear
    std::vector<GgufTensorInfo> tensors;

    const GgufValue* find(const std::string& key) const;
};

// Reads the file at `path` (header and tensor infos only).
GgufFile read_gguf(const std::string& path);
// Parses a GGUF image held in memory (tests, fuzzing). `name` stands for the file in errors.
GgufFile parse_gguf(const std::uint8_t* data, std::size_t size, const std::string& name);

}  // namespace edgetwin
