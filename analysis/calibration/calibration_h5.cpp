#include "analysis/calibration/calibration_h5.h"

#include <cmath>
#include <cstdio>
#include <fstream>

#include "analysis/calibration/overlay.h"
#include "analysis/h5_safe_vfd.h"
#include "analysis/h5_table.h"
#include "sim/core/user_error.h"

namespace edgetwin {

void write_calibration_h5(const std::string& path, const calib::CalibrationResult& r) {
    using namespace h5;
    QuietErrors quiet;
    const bool exists = std::ifstream(path).good();
    const Handle fapl = safe_file_access();  // a refused write leaves an existing file as it was
    Handle file = exists ? Handle(H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.get()), H5Fclose, "open " + path)
                         : Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), H5Fclose, "create " + path);
    if (link_exists(file.get(), "calibration")) check(H5Ldelete(file.get(), "calibration", H5P_DEFAULT), "replace /calibration");
    Handle grp(H5Gcreate2(file.get(), "calibration", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create /calibration");
    write_string_attr(grp.get(), "overlay", calibration_overlay_json(r).dump());
    write_string_attr(grp.get(), "platform", r.platform);
    write_string_attr(grp.get(), "runtime", r.runtime);
    write_string_attr(grp.get(), "family", r.family);

    const RowLayout obs({{"source", ColType::Str, 96, "", "trace file:line"},
                         {"metric", ColType::Str, 24, "", "observed metric"},
                         {"unit", ColType::Str, 8, "", "unit of measured/predicted"},
                         {"model", ColType::Str, 48, "", "model card"},
                         {"quant", ColType::Str, 16, "", "quantization"},
                         {"n_prompt", ColType::I32, 0, "tok", "prompt tokens"},
                         {"n_gen", ColType::I32, 0, "tok", "generated tokens"},
                         {"measured", ColType::F64, 0, "", "measured value"},
                         {"uncertainty", ColType::F64, 0, "", "one standard deviation (0 = unknown)"},
                         {"predicted_before", ColType::F64, 0, "", "prediction with preset values"},
                         {"predicted_after", ColType::F64, 0, "", "prediction with fitted values"},
                         {"predicted_loo", ColType::F64, 0, "", "prediction fitted without this row (NaN: not run)"},
                         {"residual_before", ColType::F64, 0, "", "log(predicted_before/measured)"},
                         {"residual_after", ColType::F64, 0, "", "log(predicted_after/measured)"}});
    RowBuffer ob(obs);
    for (const auto& row : r.rows) {
        unsigned char* p = ob.add_row();
        std::size_t c = 0;
        obs.set(p, c++, row.obs.source);
        obs.set(p, c++, row.obs.metric);
        obs.set(p, c++, calib::metric_unit(row.obs.metric));
        obs.set(p, c++, row.obs.model);
        obs.set(p, c++, row.obs.quant);
        obs.set(p, c++, static_cast<std::int32_t>(row.obs.n_prompt));
        obs.set(p, c++, static_cast<std::int32_t>(row.obs.n_gen));
        obs.set(p, c++, row.obs.value);
        obs.set(p, c++, row.obs.uncertainty);
        obs.set(p, c++, row.before);
        obs.set(p, c++, row.after);
        obs.set(p, c++, row.loo);
        obs.set(p, c++, std::log(row.before / row.obs.value));
        obs.set(p, c++, std::log(row.after / row.obs.value));
    }
    create_table(grp.get(), "observations", obs, ob, 64);

    const RowLayout par({{"path", ColType::Str, 64, "", "parameter path in the preset or runtime JSON"},
                         {"target", ColType::Str, 8, "", "preset | runtime"},
                         {"unit", ColType::Str, 8, "", "SI unit of the values"},
                         {"before", ColType::F64, 0, "", "preset value"},
                         {"after", ColType::F64, 0, "", "fitted value"},
                         {"ci95_lo", ColType::F64, 0, "", "95% interval, low"},
                         {"ci95_hi", ColType::F64, 0, "", "95% interval, high"},
                         {"sigma_log", ColType::F64, 0, "", "standard deviation of log(value)"},
                         {"at_bound", ColType::I32, 0, "", "1 if the fit stopped at a fit bound"}});
    RowBuffer pb(par);
    for (const auto& fp : r.params) {
        unsigned char* p = pb.add_row();
        std::size_t c = 0;
        par.set(p, c++, fp.param.path);
        par.set(p, c++, std::string(fp.param.target == FittableParam::Target::Preset ? "preset" : "runtime"));
        par.set(p, c++, std::string(fp.param.decl.kind == ParamKind::Quantity ? si_unit(fp.param.decl.dim) : ""));
        par.set(p, c++, fp.before);
        par.set(p, c++, fp.after);
        par.set(p, c++, fp.ci_lo);
        par.set(p, c++, fp.ci_hi);
        par.set(p, c++, fp.sigma_log);
        par.set(p, c++, static_cast<std::int32_t>(fp.at_bound));
    }
    create_table(grp.get(), "parameters", par, pb, 16);
    grp.reset();
    try {
        flush_and_close(file, path);
    } catch (const WriteError& e) {
        if (!exists) std::remove(path.c_str());
        throw UserError(path, "", "cannot write calibration: " + describe_write_error(e.error_number()));
    }
}

}  // namespace edgetwin
