#include "models/gguf_reader.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <set>

#include "sim/core/input_file.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

constexpr std::uint64_t kMaxKeyLen = 65535;     // gguf.md: keys are at most 65535 bytes
constexpr std::uint64_t kMaxNameLen = 63;       // GGML_MAX_NAME 64 including the NUL (gguf.cpp)
constexpr int kMaxDims = 4;                      // GGML_MAX_DIMS
constexpr int kMaxArrayDepth = 16;               // nested arrays: bound the recursion
constexpr std::uint64_t kMaxStoredElems = 65536; // numeric arrays longer than this are skipped

// Random access to the bytes of the file or of an in-memory image.
class Source {
public:
    virtual ~Source() = default;
    virtual void read(std::uint64_t off, std::size_t n, void* dst) = 0;
    std::uint64_t size = 0;
};

class MemorySource : public Source {
public:
    MemorySource(const std::uint8_t* d, std::size_t n) : data_(d) { size = n; }
    void read(std::uint64_t off, std::size_t n, void* dst) override { std::memcpy(dst, data_ + off, n); }

private:
    const std::uint8_t* data_;
};

class FileSource : public Source {
public:
    explicit FileSource(const std::string& path) : in_((require_regular_file(path, "GGUF"), path), std::ios::binary) {
        if (!in_) throw UserError(path, "", "cannot open the file");
        in_.seekg(0, std::ios::end);
        size = static_cast<std::uint64_t>(in_.tellg());
    }
    void read(std::uint64_t off, std::size_t n, void* dst) override {
        in_.seekg(static_cast<std::streamoff>(off));
        in_.read(static_cast<char*>(dst), static_cast<std::streamsize>(n));
        if (static_cast<std::size_t>(in_.gcount()) != n) throw std::runtime_error("short read");
    }

private:
    std::ifstream in_;
};

// Little-endian cursor; every read is checked against the bytes left.
class Cursor {
public:
    Cursor(Source& s, std::string name) : src_(s), name_(std::move(name)) {}

    [[noreturn]] void fail(std::uint64_t at, const std::string& what) const {
        throw UserError(name_, "", "at byte " + std::to_string(at) + ": " + what);
    }
    std::uint64_t pos() const { return pos_; }
    std::uint64_t left() const { return src_.size - pos_; }
    void need(std::uint64_t n, const std::string& what) const {
        if (n > left())
            fail(pos_, "expected " + what + " (" + std::to_string(n) + " bytes) but the file ends at byte " +
                           std::to_string(src_.size) + " (truncated)");
    }
    template <typename T>
    T get(const std::string& what) {
        need(sizeof(T), what);
        unsigned char b[sizeof(T)];
        src_.read(pos_, sizeof(T), b);
        pos_ += sizeof(T);
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<std::uint64_t>(b[i]) << (8 * i);
        T out;
        if constexpr (sizeof(T) == 8) {
            std::memcpy(&out, &v, 8);
        } else if constexpr (sizeof(T) == 4) {
            const std::uint32_t w = static_cast<std::uint32_t>(v);
            std::memcpy(&out, &w, 4);
        } else if constexpr (sizeof(T) == 2) {
            const std::uint16_t w = static_cast<std::uint16_t>(v);
            std::memcpy(&out, &w, 2);
        } else {
            const std::uint8_t w = static_cast<std::uint8_t>(v);
            std::memcpy(&out, &w, 1);
        }
        return out;
    }
    std::string str(const std::string& what, std::uint64_t max_len) {
        const std::uint64_t at = pos_;
        const std::uint64_t len = get<std::uint64_t>("the length of " + what);
        if (len > max_len)
            fail(at, what + " of " + std::to_string(len) + " bytes is longer than the limit of " + std::to_string(max_len));
        need(len, what);
        std::string s(static_cast<std::size_t>(len), '\0');
        if (len) src_.read(pos_, static_cast<std::size_t>(len), &s[0]);
        pos_ += len;
        return s;
    }
    void skip(std::uint64_t n, const std::string& what) {
        need(n, what);
        pos_ += n;
    }

private:
    Source& src_;
    std::string name_;
    std::uint64_t pos_ = 0;
};

std::uint64_t scalar_size(GgufType t) {
    switch (t) {
        case GgufType::UInt8: case GgufType::Int8: case GgufType::Bool: return 1;
        case GgufType::UInt16: case GgufType::Int16: return 2;
        case GgufType::UInt32: case GgufType::Int32: case GgufType::Float32: return 4;
        case GgufType::UInt64: case GgufType::Int64: case GgufType::Float64: return 8;
        case GgufType::String: return 8;   // the minimum: a length
        case GgufType::Array: return 12;   // the minimum: type and count
    }
    return 0;
}

class Parser {
public:
    Parser(Source& s, const std::string& name) : c_(s, name) { file_.path = name; file_.file_size = s.size; }

    GgufFile run() {
        header();
        std::uint64_t kv_count = 0, tensor_count = 0;
        counts(tensor_count, kv_count);
        for (std::uint64_t i = 0; i < kv_count; ++i) kv_entry();
        alignment();
        std::set<std::string> names;
        for (std::uint64_t i = 0; i < tensor_count; ++i) tensor_info(names);
        data_section();
        return std::move(file_);
    }

private:
    void header() {
        c_.need(4, "the magic \"GGUF\"");
        const std::uint32_t magic = c_.get<std::uint32_t>("the magic");
        if (magic != 0x46554747u) c_.fail(0, "expected the magic \"GGUF\" (not a GGUF file)");
        const std::uint64_t at = c_.pos();
        const std::uint32_t v = c_.get<std::uint32_t>("the version");
        if (v == 0) c_.fail(at, "expected version 2 or 3, found 0");
        if ((v & 0xFFFFu) == 0)
            c_.fail(at, "expected version 2 or 3, found " + std::to_string(v) +
                            ": the file is byte-swapped (big-endian), which this reader does not support");
        if (v == 1) c_.fail(at, "expected version 2 or 3, found 1 (GGUFv1 is no longer supported)");
        if (v > 3) c_.fail(at, "expected version 2 or 3, found " + std::to_string(v));
        file_.version = v;
    }

    void counts(std::uint64_t& tensors, std::uint64_t& kvs) {
        std::uint64_t at = c_.pos();
        tensors = c_.get<std::uint64_t>("the tensor count");
        const std::uint64_t at_kv = c_.pos();
        kvs = c_.get<std::uint64_t>("the metadata count");
        // Each KV needs at least 13 bytes, each tensor info at least 32: reject absurd counts early.
        if (kvs > c_.left() / 13) c_.fail(at_kv, "metadata count " + std::to_string(kvs) + " cannot fit in the file (truncated or corrupt)");
        if (tensors > c_.left() / 32) c_.fail(at, "tensor count " + std::to_string(tensors) + " cannot fit in the file (truncated or corrupt)");
    }

    GgufType value_type(const std::string& what) {
        const std::uint64_t at = c_.pos();
        const std::uint32_t t = c_.get<std::uint32_t>("the value type of " + what);
        if (t > static_cast<std::uint32_t>(GgufType::Float64))
            c_.fail(at, "expected a GGUF value type 0..12 for " + what + ", found " + std::to_string(t));
        return static_cast<GgufType>(t);
    }

    void kv_entry() {
        const std::uint64_t at = c_.pos();
        std::string key = c_.str("a metadata key", kMaxKeyLen);
        const GgufType t = value_type("'" + key + "'");
        GgufValue v = value(t, "'" + key + "'", 0, true);
        if (file_.kv.count(key)) c_.fail(at, "duplicate metadata key '" + key + "'");
        file_.kv_order.push_back(key);
        file_.kv.emplace(std::move(key), std::move(v));
    }

    GgufValue value(GgufType t, const std::string& what, int depth, bool store) {
        GgufValue v;
        v.type = t;
        const std::uint64_t at = c_.pos();
        switch (t) {
            case GgufType::UInt8: v.i = c_.get<std::uint8_t>(what); break;
            case GgufType::Int8: v.i = c_.get<std::int8_t>(what); break;
            case GgufType::UInt16: v.i = c_.get<std::uint16_t>(what); break;
            case GgufType::Int16: v.i = c_.get<std::int16_t>(what); break;
            case GgufType::UInt32: v.i = c_.get<std::uint32_t>(what); break;
            case GgufType::Int32: v.i = c_.get<std::int32_t>(what); break;
            case GgufType::Int64: v.i = c_.get<std::int64_t>(what); break;
            case GgufType::UInt64: {
                const std::uint64_t u = c_.get<std::uint64_t>(what);
                v.i = u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                          ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(u);
                v.f = static_cast<double>(u);
                return v;
            }
            case GgufType::Float32: v.f = c_.get<float>(what); return v;
            case GgufType::Float64: v.f = c_.get<double>(what); return v;
            case GgufType::Bool: {
                const std::uint8_t b = c_.get<std::uint8_t>(what);
                if (b > 1) c_.fail(at, "expected a bool (0 or 1) for " + what + ", found " + std::to_string(b));
                v.i = b;
                break;
            }
            case GgufType::String:
                if (store) v.s = c_.str(what, std::numeric_limits<std::uint64_t>::max());
                else c_.skip(c_.get<std::uint64_t>("the length of " + what), what);
                return v;
            case GgufType::Array: array(v, what, depth, store); return v;
        }
        v.f = static_cast<double>(v.i);
        return v;
    }

    void array(GgufValue& v, const std::string& what, int depth, bool store) {
        if (depth >= kMaxArrayDepth) c_.fail(c_.pos(), what + ": arrays nested deeper than " + std::to_string(kMaxArrayDepth));
        v.elem_type = value_type("the elements of " + what);
        const std::uint64_t at = c_.pos();
        v.n = c_.get<std::uint64_t>("the length of array " + what);
        if (v.n > c_.left() / scalar_size(v.elem_type))
            c_.fail(at, "array " + what + " of " + std::to_string(v.n) + " " + gguf_type_name(v.elem_type) +
                            " elements cannot fit in the " + std::to_string(c_.left()) + " bytes left (truncated or corrupt)");
        if (v.elem_type != GgufType::String && v.elem_type != GgufType::Array) {
            if (!store || v.n > kMaxStoredElems) {
                c_.skip(v.n * scalar_size(v.elem_type), "array " + what);
                return;
            }
        }
        const bool keep = store && v.elem_type != GgufType::String && v.n <= kMaxStoredElems;
        if (keep) v.elems.reserve(static_cast<std::size_t>(v.n));
        for (std::uint64_t k = 0; k < v.n; ++k) {
            GgufValue e = value(v.elem_type, what + "[" + std::to_string(k) + "]", depth + 1, keep);
            if (keep) v.elems.push_back(std::move(e));
        }
    }

    void alignment() {
        const GgufValue* a = file_.find("general.alignment");
        if (!a) return;
        if (a->type != GgufType::UInt32)
            throw UserError(file_.path, "general.alignment", std::string("expected a u32, found ") + gguf_type_name(a->type));
        if (a->i == 0 || (a->i & (a->i - 1)) != 0)
            throw UserError(file_.path, "general.alignment", "expected a power of two, found " + std::to_string(a->i));
        file_.alignment = static_cast<std::uint32_t>(a->i);
    }

    void tensor_info(std::set<std::string>& names) {
        const std::uint64_t at = c_.pos();
        GgufTensorInfo t;
        t.name = c_.str("a tensor name", kMaxNameLen);
        const std::string what = "tensor '" + t.name + "'";
        const std::uint64_t at_dims = c_.pos();
        const std::uint32_t n_dims = c_.get<std::uint32_t>("the dimension count of " + what);
        if (n_dims > static_cast<std::uint32_t>(kMaxDims))
            c_.fail(at_dims, "expected at most 4 dimensions for " + what + ", found " + std::to_string(n_dims));
        std::int64_t elems = 1;
        for (std::uint32_t d = 0; d < n_dims; ++d) {
            const std::uint64_t at_ne = c_.pos();
            const std::int64_t ne = c_.get<std::int64_t>("ne[" + std::to_string(d) + "] of " + what);
            if (ne < 0) c_.fail(at_ne, "negative dimension " + std::to_string(ne) + " in " + what);
            if (ne == 0) c_.fail(at_ne, "dimension ne[" + std::to_string(d) + "] of " + what + " is 0 (an empty tensor)");
            if (ne != 0 && elems > std::numeric_limits<std::int64_t>::max() / ne)
                c_.fail(at_ne, "element count of " + what + " overflows 64 bits");
            elems *= ne;
            t.ne.push_back(ne);
        }
        const std::uint64_t at_type = c_.pos();
        const std::uint32_t type_id = c_.get<std::uint32_t>("the type of " + what);
        const auto type = ggml_type_from_id(static_cast<int>(type_id & 0x7fffffffu));
        if (!type || type_id > 0x7fffffffu)
            c_.fail(at_type, "expected a GGML type id for " + what + ", found " + std::to_string(type_id) +
                                 " (unknown or removed type)");
        t.type = *type;
        const auto& q = quant_info(t.type);
        const std::int64_t ne0 = t.ne.empty() ? 1 : t.ne[0];
        if (ne0 % q.block_elems != 0)
            c_.fail(at_type, what + ": row of " + std::to_string(ne0) + " is not a whole number of " + q.name +
                                 " blocks of " + std::to_string(q.block_elems));
        const std::int64_t rows = ne0 == 0 ? 0 : elems / ne0;
        const std::int64_t blocks = ne0 / q.block_elems;
        if (blocks > std::numeric_limits<std::int64_t>::max() / q.block_bytes)
            c_.fail(at_type, "byte size of " + what + " overflows 64 bits");
        const std::int64_t row_bytes = blocks * q.block_bytes;
        if (rows != 0 && row_bytes > std::numeric_limits<std::int64_t>::max() / rows)
            c_.fail(at_type, "byte size of " + what + " overflows 64 bits");
        t.bytes = row_bytes * rows;
        t.offset = c_.get<std::uint64_t>("the data offset of " + what);
        if (!names.insert(t.name).second) c_.fail(at, "duplicate tensor name '" + t.name + "'");
        file_.tensors.push_back(std::move(t));
    }

    // Tensor data is never read, but it must lie inside the file: a truncated download is caught here.
    void data_section() {
        const std::uint64_t a = file_.alignment;
        const std::uint64_t pos = c_.pos();
        file_.data_offset = pos + (a - pos % a) % a;
        if (file_.tensors.empty()) return;
        if (file_.data_offset > file_.file_size)
            c_.fail(pos, "expected the tensor data to start at byte " + std::to_string(file_.data_offset) +
                             " but the file ends at byte " + std::to_string(file_.file_size) + " (truncated)");
        const std::uint64_t data_size = file_.file_size - file_.data_offset;
        for (const auto& t : file_.tensors) {
            if (t.offset % a != 0)
                c_.fail(pos, "tensor '" + t.name + "' data offset " + std::to_string(t.offset) +
                                 " is not a multiple of the alignment " + std::to_string(a));
            const std::uint64_t bytes = static_cast<std::uint64_t>(t.bytes);
            if (t.offset > data_size || bytes > data_size - t.offset)
                c_.fail(file_.data_offset + std::min(t.offset, data_size),
                        "expected " + std::to_string(bytes) + " bytes of data for tensor '" + t.name +
                            "' at data offset " + std::to_string(t.offset) + " but the file ends at byte " +
                            std::to_string(file_.file_size) + " (truncated)");
        }
    }

    Cursor c_;
    GgufFile file_;
};

}  // namespace

const char* gguf_type_name(GgufType t) {
    static const char* const n[] = {"u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool",
                                    "string", "array", "u64", "i64", "f64"};
    const auto i = static_cast<std::uint32_t>(t);
    return i < 13 ? n[i] : "?";
}

bool GgufValue::is_integer() const {
    switch (type) {
        case GgufType::UInt8: case GgufType::Int8: case GgufType::UInt16: case GgufType::Int16:
        case GgufType::UInt32: case GgufType::Int32: case GgufType::UInt64: case GgufType::Int64: return true;
        default: return false;
    }
}

std::int64_t GgufTensorInfo::elems() const {
    std::int64_t n = 1;
    for (auto d : ne) n *= d;
    return n;
}

const GgufValue* GgufFile::find(const std::string& key) const {
    auto it = kv.find(key);
    return it == kv.end() ? nullptr : &it->second;
}

GgufFile read_gguf(const std::string& path) {
    FileSource src(path);
    return Parser(src, path).run();
}

GgufFile parse_gguf(const std::uint8_t* data, std::size_t size, const std::string& name) {
    MemorySource src(data, size);
    return Parser(src, name).run();
}

}  // namespace edgetwin
