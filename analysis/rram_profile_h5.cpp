#include "analysis/rram_profile_h5.h"

#include "analysis/h5_safe_vfd.h"
#include "analysis/h5_store.h"
#include "analysis/h5_table.h"
#include "edgetwin/build_info.h"
#include "sim/core/user_error.h"

namespace edgetwin {
namespace {

using h5::ColType;

const h5::RowLayout& profile_layout() {
    static const h5::RowLayout layout({
        {"index", ColType::I32, 0, "", "operation number in order of execution"},
        {"op", ColType::Str, 16, "", "write_matrix | read_matrix | mvm | hp_inv"},
        {"label", ColType::Str, 64, "", "user's name for the operand"},
        {"rows", ColType::I32, 0, "", "matrix rows (outputs)"},
        {"cols", ColType::I32, 0, "", "matrix columns (inputs)"},
        {"vectors", ColType::I32, 0, "", "input vectors (mvm) or right-hand sides (hp_inv)"},
        {"arrays", ColType::I32, 0, "", "crossbar arrays the mapped matrix occupies"},
        {"time_s", ColType::F64, 0, "s", "simulated time of the operation, host link included"},
        {"link_time_s", ColType::F64, 0, "s", "part of time_s spent on the host link"},
        {"energy_J", ColType::F64, 0, "J", "total energy"},
        {"dac_J", ColType::F64, 0, "J", "input drivers"},
        {"array_J", ColType::F64, 0, "J", "cell read currents (and LP-INV op-amps)"},
        {"adc_J", ColType::F64, 0, "J", "column converters"},
        {"shift_add_J", ColType::F64, 0, "J", "shift-and-add of ADC samples"},
        {"buffer_J", ColType::F64, 0, "J", "input/output buffers"},
        {"digital_J", ColType::F64, 0, "J", "digital SIMD reductions"},
        {"movement_J", ColType::F64, 0, "J", "NoC and host link transfers"},
        {"program_J", ColType::F64, 0, "J", "write-verify pulses"},
        {"bytes_in", ColType::F64, 0, "B", "bytes sent to the chip"},
        {"bytes_out", ColType::F64, 0, "B", "bytes returned by the chip"},
        {"rel_error", ColType::F64, 0, "", "||result - exact fp64|| / ||exact||"},
        {"max_abs_error", ColType::F64, 0, "", "largest |result - exact| entry (units of the operand)"},
        {"snr_db", ColType::F64, 0, "dB", "20 log10(||exact|| / ||result - exact||)"},
        {"bound_ratio", ColType::F64, 0, "", "max |error| / quantisation bound per entry; <= 1 if only quantisation acts"},
        {"iterations", ColType::I32, 0, "", "HP-INV refinement iterations"},
        {"residual", ColType::F64, 0, "", "HP-INV final ||b - A x|| / ||b||"},
    });
    return layout;
}

const h5::RowLayout& residual_layout() {
    static const h5::RowLayout layout({
        {"index", ColType::I32, 0, "", "operation number (profile.index)"},
        {"iteration", ColType::I32, 0, "", "refinement iteration, from 1"},
        {"residual", ColType::F64, 0, "", "||b - A x_k|| / ||b|| after the iteration"},
    });
    return layout;
}

const h5::RowLayout& logits_layout() {
    static const h5::RowLayout layout({
        {"strength", ColType::F64, 0, "", "value of the swept knob (sigma relative to G or range; ADC bits)"},
        {"top1_agreement", ColType::F64, 0, "", "share of positions whose argmax token equals the fp64 run's"},
        {"top1_stderr", ColType::F64, 0, "", "standard error of top1_agreement over Monte-Carlo trials"},
        {"logit_rel_rmse", ColType::F64, 0, "", "||logits - fp64 logits|| / ||fp64 logits||"},
        {"positions", ColType::I32, 0, "", "token positions compared (tokens x trials)"},
    });
    return layout;
}

void encode(const rram::ProfileRecord& r, unsigned char* row) {
    const h5::RowLayout& l = profile_layout();
    std::size_t c = 0;
    l.set(row, c++, static_cast<std::int32_t>(r.index));
    l.set(row, c++, r.op);
    l.set(row, c++, r.label);
    l.set(row, c++, static_cast<std::int32_t>(r.rows));
    l.set(row, c++, static_cast<std::int32_t>(r.cols));
    l.set(row, c++, static_cast<std::int32_t>(r.vectors));
    l.set(row, c++, static_cast<std::int32_t>(r.arrays));
    for (double v : {r.time_s, r.link_time_s, r.energy.total(), r.energy.dac_J, r.energy.array_J, r.energy.adc_J,
                     r.energy.shift_add_J, r.energy.buffer_J, r.energy.digital_J, r.energy.movement_J, r.energy.program_J,
                     r.bytes_in, r.bytes_out, r.rel_error, r.max_abs_error, r.snr_db, r.bound_ratio})
        l.set(row, c++, v);
    l.set(row, c++, static_cast<std::int32_t>(r.iterations));
    l.set(row, c++, r.residual);
}

rram::ProfileRecord decode(const unsigned char* row) {
    const h5::RowLayout& l = profile_layout();
    rram::ProfileRecord r;
    auto f = [&](const char* name) { return l.get_f64(row, l.index_of(name)); };
    auto i = [&](const char* name) { return l.get_i32(row, l.index_of(name)); };
    r.index = i("index");
    r.op = l.get_str(row, l.index_of("op"));
    r.label = l.get_str(row, l.index_of("label"));
    r.rows = i("rows");
    r.cols = i("cols");
    r.vectors = i("vectors");
    r.arrays = i("arrays");
    r.time_s = f("time_s");
    r.link_time_s = f("link_time_s");
    r.energy.dac_J = f("dac_J");
    r.energy.array_J = f("array_J");
    r.energy.adc_J = f("adc_J");
    r.energy.shift_add_J = f("shift_add_J");
    r.energy.buffer_J = f("buffer_J");
    r.energy.digital_J = f("digital_J");
    r.energy.movement_J = f("movement_J");
    r.energy.program_J = f("program_J");
    r.bytes_in = f("bytes_in");
    r.bytes_out = f("bytes_out");
    r.rel_error = f("rel_error");
    r.max_abs_error = f("max_abs_error");
    r.snr_db = f("snr_db");
    r.bound_ratio = f("bound_ratio");
    r.iterations = i("iterations");
    r.residual = f("residual");
    return r;
}

h5::Handle create_file(const std::string& path) {
    // Through the safe driver: a full disk is reported as such (write_file_atomically removes the file).
    h5::Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, h5::safe_file_access(h5::kTempFileSpillBytes).get()),
                    H5Fclose, "create " + path);
    h5::write_int_attr(file.get(), "rram_profile_schema_version", kRramProfileSchemaVersion);
    h5::write_string_attr(file.get(), "edgetwin_version", kVersion);
    h5::write_string_attr(file.get(), "git_commit", kGitCommit);
    h5::write_string_attr(file.get(), "created_utc", utc_timestamp());
    return file;
}

h5::Handle create_rram_group(hid_t file, const Json& config) {
    h5::Handle group(H5Gcreate2(file, "rram", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create /rram");
    h5::write_string_attr(group.get(), "config", config.dump(-1, ' ', false, Json::error_handler_t::replace));
    return group;
}

// Opens a profile file and its /rram group, checking the schema version.
struct OpenedRram {
    h5::Handle file, group;
};
OpenedRram open_rram(const std::string& path) {
    if (H5Fis_hdf5(path.c_str()) <= 0) throw UserError(path, "", "cannot read rram file: not an HDF5 file");
    OpenedRram o;
    o.file = h5::Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
    if (!h5::has_attr(o.file.get(), "rram_profile_schema_version"))
        throw UserError(path, "", "not an rram result file (no rram_profile_schema_version attribute)");
    const std::int64_t v = h5::read_int_attr(o.file.get(), "rram_profile_schema_version");
    if (v != kRramProfileSchemaVersion)
        throw UserError(path, "rram_profile_schema_version",
                        std::to_string(v) + " is not supported (this build reads " + std::to_string(kRramProfileSchemaVersion) + ")");
    o.group = h5::Handle(H5Gopen2(o.file.get(), "rram", H5P_DEFAULT), H5Gclose, "open /rram");
    return o;
}

void write_file(const std::string& path, const std::vector<rram::ProfileRecord>& records, const std::string& preset,
                const Json& config) {
    h5::Handle file = create_file(path);
    h5::Handle group = create_rram_group(file.get(), config);
    h5::write_string_attr(group.get(), "preset", preset);
    h5::RowBuffer rows(profile_layout()), residuals(residual_layout());
    for (const rram::ProfileRecord& r : records) {
        encode(r, rows.add_row());
        for (std::size_t k = 0; k < r.residuals.size(); ++k) {
            unsigned char* row = residuals.add_row();
            residual_layout().set(row, 0, static_cast<std::int32_t>(r.index));
            residual_layout().set(row, 1, static_cast<std::int32_t>(k + 1));
            residual_layout().set(row, 2, r.residuals[k]);
        }
    }
    h5::create_table(group.get(), "profile", profile_layout(), rows, 256);
    h5::create_table(group.get(), "hp_inv_residuals", residual_layout(), residuals, 256);
    group.reset();
    h5::flush_and_close(file, path);
}

}  // namespace

void write_rram_profile_h5(const std::string& path, const std::vector<rram::ProfileRecord>& records, const std::string& preset,
                           const Json& config) {
    write_file_atomically(path, [&](const std::string& tmp) { write_file(tmp, records, preset, config); });
}

void write_rram_logits_h5(const std::string& path, const std::vector<rram::LogitsStudyPoint>& points, const std::string& knob,
                          const Json& config) {
    write_file_atomically(path, [&](const std::string& tmp) {
        h5::Handle file = create_file(tmp);
        h5::Handle group = create_rram_group(file.get(), config);
        h5::RowBuffer rows(logits_layout());
        for (const auto& p : points) {
            unsigned char* row = rows.add_row();
            logits_layout().set(row, 0, p.strength);
            logits_layout().set(row, 1, p.top1_agreement);
            logits_layout().set(row, 2, p.top1_stderr);
            logits_layout().set(row, 3, p.logit_rel_rmse);
            logits_layout().set(row, 4, static_cast<std::int32_t>(p.positions));
        }
        h5::Handle table = h5::create_table(group.get(), "logits", logits_layout(), rows, 64);
        h5::write_string_attr(table.get(), "knob", knob);
        table.reset();
        group.reset();
        h5::flush_and_close(file, tmp);
    });
}

std::vector<rram::LogitsStudyPoint> read_rram_logits_h5(const std::string& path) {
    h5::QuietErrors quiet;
    try {
        OpenedRram o = open_rram(path);
        h5::Handle table(H5Dopen2(o.group.get(), "logits", H5P_DEFAULT), H5Dclose, "open /rram/logits");
        std::size_t n = 0;
        const std::vector<unsigned char> bytes = h5::read_table(table.get(), logits_layout(), &n);
        std::vector<rram::LogitsStudyPoint> out;
        for (std::size_t k = 0; k < n; ++k) {
            const unsigned char* row = bytes.data() + k * logits_layout().row_size();
            rram::LogitsStudyPoint p;
            p.strength = logits_layout().get_f64(row, 0);
            p.top1_agreement = logits_layout().get_f64(row, 1);
            p.top1_stderr = logits_layout().get_f64(row, 2);
            p.logit_rel_rmse = logits_layout().get_f64(row, 3);
            p.positions = logits_layout().get_i32(row, 4);
            out.push_back(p);
        }
        return out;
    } catch (const h5::Failure& e) {
        throw UserError(path, "", std::string("cannot read rram file: ") + e.what());
    }
}

RramProfileFile read_rram_profile_h5(const std::string& path) {
    h5::QuietErrors quiet;
    try {
        OpenedRram o = open_rram(path);
        h5::Handle& group = o.group;
        RramProfileFile out;
        out.preset = h5::read_string_attr(group.get(), "preset");
        out.config = Json::parse(h5::read_string_attr(group.get(), "config"));
        std::size_t n = 0;
        h5::Handle table(H5Dopen2(group.get(), "profile", H5P_DEFAULT), H5Dclose, "open /rram/profile");
        const std::vector<unsigned char> bytes = h5::read_table(table.get(), profile_layout(), &n);
        for (std::size_t k = 0; k < n; ++k) out.records.push_back(decode(bytes.data() + k * profile_layout().row_size()));
        h5::Handle res(H5Dopen2(group.get(), "hp_inv_residuals", H5P_DEFAULT), H5Dclose, "open /rram/hp_inv_residuals");
        const std::vector<unsigned char> rb = h5::read_table(res.get(), residual_layout(), &n);
        for (std::size_t k = 0; k < n; ++k) {
            const unsigned char* row = rb.data() + k * residual_layout().row_size();
            const int index = residual_layout().get_i32(row, 0);
            for (auto& r : out.records)
                if (r.index == index) r.residuals.push_back(residual_layout().get_f64(row, 2));
        }
        return out;
    } catch (const h5::Failure& e) {
        throw UserError(path, "", std::string("cannot read profile file: ") + e.what());
    } catch (const Json::exception& e) {
        throw UserError(path, "/rram.config", std::string("unreadable JSON: ") + e.what());
    }
}

}  // namespace edgetwin
