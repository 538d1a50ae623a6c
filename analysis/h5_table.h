#pragma once
// Small layer over the HDF5 C API used by the result store: owning handles, failures turned into
// exceptions carrying the HDF5 error stack, UTF-8 string attributes, and packed compound "tables"
// (1-D chunked, unlimited, gzip) whose columns are described at run time. Run-time columns let the
// per-op table carry one scalar column per memory level of the platform that produced it.
// Not thread-safe: Debian's serial HDF5 is built without thread safety.
#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace edgetwin::h5 {

// Any HDF5 call that failed; what() names the operation and the innermost HDF5 messages.
class Failure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws Failure if `status` (an hid_t or herr_t) is negative; returns it otherwise.
hid_t check(hid_t status, const std::string& what);

// Owns one identifier and closes it with the matching H5?close.
class Handle {
public:
    using Closer = herr_t (*)(hid_t);
    Handle() = default;
    Handle(hid_t id, Closer closer, const std::string& what);  // checks id (throws Failure)
    Handle(Handle&& o) noexcept : id_(o.id_), closer_(o.closer_) { o.id_ = H5I_INVALID_HID; }
    Handle& operator=(Handle&& o) noexcept;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() { reset(); }
    hid_t get() const { return id_; }
    bool valid() const { return id_ >= 0; }
    void reset();  // closes now; errors on close are ignored (nothing useful to do with them)
    hid_t release() {  // gives up ownership without closing
        hid_t id = id_;
        id_ = H5I_INVALID_HID;
        return id;
    }

private:
    hid_t id_ = H5I_INVALID_HID;
    Closer closer_ = nullptr;
};

// Disables HDF5's automatic error-stack printing for its lifetime; check() reports the stack in
// the exception instead of on stderr.
class QuietErrors {
public:
    QuietErrors();
    ~QuietErrors();
    QuietErrors(const QuietErrors&) = delete;
    QuietErrors& operator=(const QuietErrors&) = delete;

private:
    H5E_auto2_t old_func_ = nullptr;
    void* old_data_ = nullptr;
};

// Variable-length UTF-8 string attributes (h5py returns them as str).
void write_string_attr(hid_t obj, const std::string& name, const std::string& value);
std::string read_string_attr(hid_t obj, const std::string& name);  // fixed or variable length
void write_int_attr(hid_t obj, const std::string& name, std::int32_t value);
std::int64_t read_int_attr(hid_t obj, const std::string& name);
bool has_attr(hid_t obj, const std::string& name);
bool link_exists(hid_t loc, const std::string& name);

// Copies `s` into a fixed field of `width` bytes, cutting at a UTF-8 character boundary.
void put_fixed_string(char* dst, std::size_t width, const std::string& s);

enum class ColType { F64, I32, Str };

struct Column {
    std::string name;
    ColType type = ColType::F64;
    std::size_t str_len = 0;  // bytes, for Str
    std::string unit;         // "" for dimensionless
    std::string description;  // one line
};

// Packed row layout of a compound type; rows are filled in a byte buffer and written in one call.
class RowLayout {
public:
    explicit RowLayout(std::vector<Column> columns);
    const std::vector<Column>& columns() const { return columns_; }
    std::size_t row_size() const { return row_size_; }
    std::size_t index_of(const std::string& name) const;  // throws std::out_of_range
    Handle make_type() const;                              // native compound, file and memory alike
    std::string units_json() const;                        // {"column": "unit", ...}
    std::string descriptions_json() const;

    void set(unsigned char* row, std::size_t col, double v) const;
    void set(unsigned char* row, std::size_t col, std::int32_t v) const;
    void set(unsigned char* row, std::size_t col, const std::string& v) const;
    double get_f64(const unsigned char* row, std::size_t col) const;
    std::int32_t get_i32(const unsigned char* row, std::size_t col) const;
    std::string get_str(const unsigned char* row, std::size_t col) const;

private:
    std::vector<Column> columns_;
    std::vector<std::size_t> offsets_;
    std::size_t row_size_ = 0;
};

// Rows being assembled for one table.
class RowBuffer {
public:
    explicit RowBuffer(const RowLayout& layout) : layout_(&layout) {}
    unsigned char* add_row();  // zero-filled
    std::size_t rows() const { return layout_->row_size() ? bytes_.size() / layout_->row_size() : 0; }
    const unsigned char* data() const { return bytes_.data(); }

private:
    const RowLayout* layout_;
    std::vector<unsigned char> bytes_;
};

// Creates a 1-D chunked, extendible, gzip-compressed compound dataset with `units` and
// `descriptions` attributes (JSON text), holding `rows` (may be empty).
Handle create_table(hid_t loc, const std::string& name, const RowLayout& layout, const RowBuffer& rows,
                    hsize_t chunk_rows);
// Appends rows at the end of an existing table of that layout.
void append_rows(hid_t dset, const RowLayout& layout, const RowBuffer& rows);
// Reads a whole table; members are matched by name, so the file may hold extra columns. A column
// of `layout` missing from the file throws Failure.
std::vector<unsigned char> read_table(hid_t dset, const RowLayout& layout, std::size_t* n_rows);
hsize_t table_rows(hid_t dset);

}  // namespace edgetwin::h5
