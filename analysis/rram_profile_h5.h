#pragma once
// HDF5 storage of crossbar profiler records (rram/profiler.h):
//   /rram/profile            one row per operation (compound table; units and descriptions attributes)
//   /rram/hp_inv_residuals   one row per HP-INV iteration (op index, iteration, relative residual)
//   /rram attributes         preset, config (the resolved settings as JSON)
//   root attributes          rram_profile_schema_version, edgetwin_version, git_commit, created_utc
// and for the logits study (rram/logits_study.h):
//   /rram/logits             one row per strength of the swept knob (attribute "knob", "config")
// Written to a temporary name and renamed when complete, so a failed write leaves no file.
#include <string>
#include <vector>

#include "rram/logits_study.h"
#include "rram/profiler.h"
#include "sim/core/json_io.h"

namespace edgetwin {

constexpr int kRramProfileSchemaVersion = 1;

void write_rram_profile_h5(const std::string& path, const std::vector<rram::ProfileRecord>& records, const std::string& preset,
                           const Json& config);

void write_rram_logits_h5(const std::string& path, const std::vector<rram::LogitsStudyPoint>& points, const std::string& knob,
                          const Json& config);
std::vector<rram::LogitsStudyPoint> read_rram_logits_h5(const std::string& path);

struct RramProfileFile {
    std::string preset;
    Json config;
    std::vector<rram::ProfileRecord> records;  // residuals filled from /rram/hp_inv_residuals
};
// Throws UserError naming `path` if it is not a readable profile file.
RramProfileFile read_rram_profile_h5(const std::string& path);

}  // namespace edgetwin
