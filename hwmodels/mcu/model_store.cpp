#include "hwmodels/mcu/model_store.h"

#include <cmath>

namespace edgetwin::mcu {

const ParamSchema& model_store_schema() {
    static const ParamSchema& s = ParamRegistry::instance().add(
        ParamSchema("mcu.model_store", "Where the model file is loaded from before the first token (optional)")
            .add(choice("medium", {"nand", "nor", "sd"}, "SPI NAND flash, SPI NOR flash or SD card").required())
            .add(text("filesystem", "File system the runtime reads through (littlefs, spiffs, fat)").def(""))
            .add(quantity("bus_clock", Dimension::Frequency, "Storage interface clock").required().range(1e5, 1e9))
            .add(integer("lanes", "Data lines used for reads").def(1).range(1, 8))
            .add(quantity("page_size", Dimension::Bytes, "Bytes per page/block read").required().range(1, 1e6))
            .add(quantity("page_access", Dimension::Time,
                          "Time per page before data moves (NAND tRD, SD command + access latency)")
                     .required()
                     .range(0, 1e-1)
                     .fittable(0, 1e-2)));
    return s;
}

double ModelStore::load_seconds(double file_B) const {
    const double pages = std::ceil(file_B / page_B);
    return pages * (page_access_s + page_B * 8.0 / (lanes * bus_hz));
}

std::optional<ModelStore> read_model_store(const Json& preset, const std::string& file) {
    if (!preset.contains("model_store")) return std::nullopt;
    ParamValues v = model_store_schema().read(preset.at("model_store"), file, "model_store");
    ModelStore m;
    m.medium = v.str("medium");
    m.bus_hz = v.num("bus_clock");
    m.lanes = static_cast<int>(v.integer("lanes"));
    m.page_B = v.num("page_size");
    m.page_access_s = v.num("page_access");
    return m;
}

}  // namespace edgetwin::mcu
