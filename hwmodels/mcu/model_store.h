#pragma once
// Loading the model file from non-volatile storage (SPI NAND/NOR flash, SD card) into RAM before the
// first token: the file is read page by page over the storage bus, each page paying its access time
// (NAND array-to-cache read, SD command + access latency, NOR command/address clocks) before its data
// beats. Declared per preset in an optional "model_store" section.
#include <optional>
#include <string>

#include "sim/core/json_io.h"
#include "sim/core/params.h"

namespace edgetwin::mcu {

const ParamSchema& model_store_schema();

struct ModelStore {
    std::string medium;        // nand | nor | sd
    double bus_hz = 0;         // storage interface clock
    int lanes = 1;             // data lines
    double page_B = 0;         // bytes per page/block read
    double page_access_s = 0;  // time per page before its data moves
    double load_seconds(double file_B) const;
};

// The preset's "model_store" section, or nullopt when the preset declares none.
std::optional<ModelStore> read_model_store(const Json& preset, const std::string& file);

}  // namespace edgetwin::mcu
