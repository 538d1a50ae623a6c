#include "analysis/h5_table.h"

#include <cstring>

#include "sim/core/json_io.h"

namespace edgetwin::h5 {

namespace {

// Collects the HDF5 error stack, innermost call first, as "func: message; ...".
herr_t collect_error(unsigned n, const H5E_error2_t* err, void* data) {
    auto* out = static_cast<std::string*>(data);
    if (n >= 3) return 0;  // the innermost few say what went wrong; the rest is the call chain
    if (!out->empty()) *out += "; ";
    *out += std::string(err->func_name ? err->func_name : "?") + ": " + (err->desc ? err->desc : "");
    return 0;
}

std::string error_stack_text() {
    std::string text;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_error, &text);
    H5Eclear2(H5E_DEFAULT);
    return text;
}

// Variable-length UTF-8 string type for attributes.
Handle vl_utf8_type() {
    Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(t.get(), H5T_VARIABLE), "set string size");
    check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "set string charset");
    return t;
}

Handle fixed_utf8_type(std::size_t len) {
    Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(t.get(), len), "set string size");
    // NULLPAD: a value may use all `len` bytes; readers (h5py 'S<len>') strip the padding.
    check(H5Tset_strpad(t.get(), H5T_STR_NULLPAD), "set string padding");
    check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "set string charset");
    return t;
}

}  // namespace

hid_t check(hid_t status, const std::string& what) {
    if (status >= 0) return status;
    std::string stack = error_stack_text();
    throw Failure("HDF5: " + what + " failed" + (stack.empty() ? std::string() : " (" + stack + ")"));
}

Handle::Handle(hid_t id, Closer closer, const std::string& what) : id_(check(id, what)), closer_(closer) {}

Handle& Handle::operator=(Handle&& o) noexcept {
    if (this != &o) {
        reset();
        id_ = o.id_;
        closer_ = o.closer_;
        o.id_ = H5I_INVALID_HID;
    }
    return *this;
}

void Handle::reset() {
    if (id_ >= 0 && closer_) closer_(id_);
    id_ = H5I_INVALID_HID;
}

QuietErrors::QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &old_func_, &old_data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QuietErrors::~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, old_func_, old_data_); }

void write_string_attr(hid_t obj, const std::string& name, const std::string& value) {
    Handle type = vl_utf8_type();
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
    if (has_attr(obj, name)) check(H5Adelete(obj, name.c_str()), "delete attribute " + name);
    Handle attr(H5Acreate2(obj, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                "create attribute " + name);
    const char* ptr = value.c_str();
    check(H5Awrite(attr.get(), type.get(), &ptr), "write attribute " + name);
}

std::string read_string_attr(hid_t obj, const std::string& name) {
    Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    Handle ftype(H5Aget_type(attr.get()), H5Tclose, "get type of attribute " + name);
    if (H5Tget_class(ftype.get()) != H5T_STRING) throw Failure("HDF5: attribute " + name + " is not a string");
    Handle mtype(H5Tcopy(ftype.get()), H5Tclose, "copy string type");
    // The memory type must carry the file's charset, or UTF-8 strings fail to convert (build-notes §4.11).
    if (H5Tis_variable_str(ftype.get()) > 0) {
        char* ptr = nullptr;
        check(H5Aread(attr.get(), mtype.get(), &ptr), "read attribute " + name);
        std::string out = ptr ? ptr : "";
        Handle space(H5Aget_space(attr.get()), H5Sclose, "get attribute space");
        H5Dvlen_reclaim(mtype.get(), space.get(), H5P_DEFAULT, &ptr);
        return out;
    }
    std::size_t len = H5Tget_size(ftype.get());
    std::vector<char> buf(len + 1, '\0');
    check(H5Aread(attr.get(), mtype.get(), buf.data()), "read attribute " + name);
    return std::string(buf.data(), strnlen(buf.data(), len));
}

void write_int_attr(hid_t obj, const std::string& name, std::int32_t value) {
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
    if (has_attr(obj, name)) check(H5Adelete(obj, name.c_str()), "delete attribute " + name);
    Handle attr(H5Acreate2(obj, name.c_str(), H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                "create attribute " + name);
    check(H5Awrite(attr.get(), H5T_NATIVE_INT32, &value), "write attribute " + name);
}

std::int64_t read_int_attr(hid_t obj, const std::string& name) {
    Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    Handle ftype(H5Aget_type(attr.get()), H5Tclose, "get type of attribute " + name);
    if (H5Tget_class(ftype.get()) != H5T_INTEGER) throw Failure("HDF5: attribute " + name + " is not an integer");
    std::int64_t v = 0;
    check(H5Aread(attr.get(), H5T_NATIVE_INT64, &v), "read attribute " + name);
    return v;
}

bool has_attr(hid_t obj, const std::string& name) {
    return check(H5Aexists(obj, name.c_str()), "look up attribute " + name) > 0;
}

bool link_exists(hid_t loc, const std::string& name) {
    return check(H5Lexists(loc, name.c_str(), H5P_DEFAULT), "look up " + name) > 0;
}

void put_fixed_string(char* dst, std::size_t width, const std::string& s) {
    std::size_t n = s.size() < width ? s.size() : width;
    // Back off over UTF-8 continuation bytes so a cut never splits a character.
    if (n < s.size())
        while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    std::memcpy(dst, s.data(), n);
    std::memset(dst + n, 0, width - n);
}

RowLayout::RowLayout(std::vector<Column> columns) : columns_(std::move(columns)) {
    for (const Column& c : columns_) {
        offsets_.push_back(row_size_);
        switch (c.type) {
            case ColType::F64: row_size_ += sizeof(double); break;
            case ColType::I32: row_size_ += sizeof(std::int32_t); break;
            case ColType::Str: row_size_ += c.str_len; break;
        }
    }
}

std::size_t RowLayout::index_of(const std::string& name) const {
    for (std::size_t i = 0; i < columns_.size(); ++i)
        if (columns_[i].name == name) return i;
    throw std::out_of_range("no column " + name);
}

Handle RowLayout::make_type() const {
    Handle t(H5Tcreate(H5T_COMPOUND, row_size_), H5Tclose, "create compound type");
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        const Column& c = columns_[i];
        hid_t member = c.type == ColType::F64 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT32;
        Handle str;
        if (c.type == ColType::Str) {
            str = fixed_utf8_type(c.str_len);
            member = str.get();
        }
        check(H5Tinsert(t.get(), c.name.c_str(), offsets_[i], member), "insert member " + c.name);
    }
    return t;
}

std::string RowLayout::units_json() const {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();  // keeps column order
    for (const Column& c : columns_) j[c.name] = c.unit;
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string RowLayout::descriptions_json() const {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();  // keeps column order
    for (const Column& c : columns_) j[c.name] = c.description;
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void RowLayout::set(unsigned char* row, std::size_t col, double v) const {
    std::memcpy(row + offsets_.at(col), &v, sizeof v);
}

void RowLayout::set(unsigned char* row, std::size_t col, std::int32_t v) const {
    std::memcpy(row + offsets_.at(col), &v, sizeof v);
}

void RowLayout::set(unsigned char* row, std::size_t col, const std::string& v) const {
    put_fixed_string(reinterpret_cast<char*>(row + offsets_.at(col)), columns_.at(col).str_len, v);
}

double RowLayout::get_f64(const unsigned char* row, std::size_t col) const {
    double v;
    std::memcpy(&v, row + offsets_.at(col), sizeof v);
    return v;
}

std::int32_t RowLayout::get_i32(const unsigned char* row, std::size_t col) const {
    std::int32_t v;
    std::memcpy(&v, row + offsets_.at(col), sizeof v);
    return v;
}

std::string RowLayout::get_str(const unsigned char* row, std::size_t col) const {
    const char* p = reinterpret_cast<const char*>(row + offsets_.at(col));
    return std::string(p, strnlen(p, columns_.at(col).str_len));
}

unsigned char* RowBuffer::add_row() {
    std::size_t at = bytes_.size();
    bytes_.resize(at + layout_->row_size(), 0);
    return bytes_.data() + at;
}

Handle create_table(hid_t loc, const std::string& name, const RowLayout& layout, const RowBuffer& rows,
                    hsize_t chunk_rows) {
    Handle type = layout.make_type();
    hsize_t dims[1] = {0};
    hsize_t maxdims[1] = {H5S_UNLIMITED};
    Handle space(H5Screate_simple(1, dims, maxdims), H5Sclose, "create space for " + name);
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
    hsize_t chunk[1] = {chunk_rows > 0 ? chunk_rows : 1};
    check(H5Pset_chunk(dcpl.get(), 1, chunk), "set chunking for " + name);
    check(H5Pset_deflate(dcpl.get(), 4), "set gzip for " + name);
    Handle dset(H5Dcreate2(loc, name.c_str(), type.get(), space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                H5Dclose, "create dataset " + name);
    write_string_attr(dset.get(), "units", layout.units_json());
    write_string_attr(dset.get(), "descriptions", layout.descriptions_json());
    append_rows(dset.get(), layout, rows);
    return dset;
}

hsize_t table_rows(hid_t dset) {
    Handle space(H5Dget_space(dset), H5Sclose, "get dataset space");
    hsize_t dims[1] = {0};
    if (H5Sget_simple_extent_ndims(space.get()) != 1) throw Failure("HDF5: table is not one-dimensional");
    check(H5Sget_simple_extent_dims(space.get(), dims, nullptr), "get dataset extent");
    return dims[0];
}

void append_rows(hid_t dset, const RowLayout& layout, const RowBuffer& rows) {
    hsize_t n = rows.rows();
    if (n == 0) return;
    hsize_t start[1] = {table_rows(dset)};
    hsize_t count[1] = {n};
    hsize_t new_size[1] = {start[0] + n};
    check(H5Dset_extent(dset, new_size), "extend dataset");
    Handle fspace(H5Dget_space(dset), H5Sclose, "get dataset space");
    check(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, start, nullptr, count, nullptr), "select rows");
    Handle mspace(H5Screate_simple(1, count, nullptr), H5Sclose, "create memory space");
    Handle type = layout.make_type();
    check(H5Dwrite(dset, type.get(), mspace.get(), fspace.get(), H5P_DEFAULT, rows.data()), "write rows");
}

std::vector<unsigned char> read_table(hid_t dset, const RowLayout& layout, std::size_t* n_rows) {
    Handle ftype(H5Dget_type(dset), H5Tclose, "get dataset type");
    if (H5Tget_class(ftype.get()) != H5T_COMPOUND) throw Failure("HDF5: table is not a compound dataset");
    for (const Column& c : layout.columns())
        if (H5Tget_member_index(ftype.get(), c.name.c_str()) < 0) {
            H5Eclear2(H5E_DEFAULT);
            throw Failure("HDF5: table has no column '" + c.name + "'");
        }
    hsize_t n = table_rows(dset);
    *n_rows = static_cast<std::size_t>(n);
    std::vector<unsigned char> bytes(static_cast<std::size_t>(n) * layout.row_size());
    if (n == 0) return bytes;
    Handle type = layout.make_type();
    // Compound conversion matches members by name, so column order and extra columns do not matter.
    check(H5Dread(dset, type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()), "read table");
    return bytes;
}

}  // namespace edgetwin::h5
