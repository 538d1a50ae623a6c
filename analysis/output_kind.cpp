#include "analysis/output_kind.h"

#include <sys/stat.h>

#include <fstream>

#include "analysis/h5_table.h"
#include "sim/core/json_io.h"
#include "sim/core/user_error.h"

namespace edgetwin {

namespace {

std::string head_of(const std::string& path, std::size_t n) {
    std::ifstream in(path, std::ios::binary);
    std::string buf(n, '\0');
    in.read(&buf[0], static_cast<std::streamsize>(n));
    buf.resize(static_cast<std::size_t>(in.gcount()));
    return buf;
}

std::string describe_hdf5(const std::string& path) {
    h5::QuietErrors quiet;
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return "an HDF5 file that cannot be opened";
    std::string kind = "an HDF5 file edgetwin did not write";
    try {
        if (h5::has_attr(file, "rram_profile_schema_version")) {
            kind = output_kind_name(OutputKind::RramProfile);
        } else if (h5::has_attr(file, "schema_version") && h5::link_exists(file, "points")) {
            // A sweep stores its scenario with the sweep section; a run's scenario has none.
            bool sweep = false;
            if (h5::has_attr(file, "scenario")) {
                const Json s = Json::parse(h5::read_string_attr(file, "scenario"), nullptr, false);
                sweep = s.is_object() && s.contains("sweep");
            }
            kind = output_kind_name(sweep ? OutputKind::SweepResult : OutputKind::RunResult);
        }
    } catch (const std::exception&) {
        kind = "an HDF5 file edgetwin cannot read";
    }
    H5Fclose(file);
    return kind;
}

}  // namespace

std::string output_kind_name(OutputKind kind) {
    switch (kind) {
        case OutputKind::RunResult: return "run result file";
        case OutputKind::SweepResult: return "sweep result file";
        case OutputKind::RramProfile: return "rram profile file";
        case OutputKind::Report: return "HTML report";
        case OutputKind::CalibrationOverlay: return "calibration overlay";
        case OutputKind::SbatchScript: return "sbatch script";
    }
    return "file";
}

std::string describe_existing_output(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "";
    if (!S_ISREG(st.st_mode)) return "not a regular file";
    if (st.st_size == 0) return "an empty file";
    const std::string head = head_of(path, 4096);
    if (head.compare(0, 8, "\x89HDF\r\n\x1a\n") == 0) return describe_hdf5(path);
    if (head.find("<title>edgetwin report</title>") != std::string::npos) return output_kind_name(OutputKind::Report);
    if (head.compare(0, 12, "#!/bin/bash\n") == 0 && head.find("\n# Slurm job array for ") != std::string::npos)
        return output_kind_name(OutputKind::SbatchScript);
    if (head.find("\"edgetwin-calibration\"") != std::string::npos && static_cast<std::size_t>(st.st_size) < (16u << 20)) {
        std::ifstream in(path, std::ios::binary);
        const Json j = Json::parse(in, nullptr, false);
        if (j.is_object() && j.contains("kind") && j["kind"] == "edgetwin-calibration")
            return output_kind_name(OutputKind::CalibrationOverlay);
    }
    return "a file edgetwin did not write";
}

std::optional<Json> stored_scenario(const std::string& path) {
    h5::QuietErrors quiet;
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return std::nullopt;
    std::optional<Json> out;
    try {
        if (h5::has_attr(file, "scenario")) {
            Json j = Json::parse(h5::read_string_attr(file, "scenario"), nullptr, false);
            if (!j.is_discarded()) out = std::move(j);
        }
    } catch (const std::exception&) {
        out.reset();
    }
    H5Fclose(file);
    return out;
}

void check_replace_allowed(const std::string& path, OutputKind kind, bool force) {
    if (force) return;
    const std::string existing = describe_existing_output(path);
    if (existing.empty() || existing == output_kind_name(kind) || existing == "an empty file") return;
    throw UserError(path, "", "refusing to replace " + (existing.rfind("a", 0) == 0 ? existing : "a " + existing) +
                                  " with a " + output_kind_name(kind) + " (use --force to replace it)");
}

}  // namespace edgetwin
