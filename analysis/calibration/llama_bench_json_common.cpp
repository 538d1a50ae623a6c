#include "analysis/calibration/llama_bench_json_common.h"

#include "sim/core/input_file.h"

namespace edgetwin::calib {

BenchRow bench_row_from_object(const Json& obj, const std::string& file, int line, const KeyPosition& where) {
    BenchRow row;
    row.line = line;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        int kl = 0, kc = 0;
        where(it.key(), &kl, &kc);
        const Json& v = it.value();
        if (it.key() == "samples_ns" || it.key() == "samples_ts") {
            if (!v.is_array()) fail_at(file, kl, kc, it.key() + ": expected an array of numbers");
            for (const auto& x : v)
                if (!x.is_number()) fail_at(file, kl, kc, it.key() + ": expected an array of numbers, got " + brief(x.dump()));
            if (it.key() == "samples_ns")
                for (const auto& x : v) row.samples_ns.push_back(x.get<double>());
            continue;
        }
        std::string text;
        if (v.is_string()) text = v.get<std::string>();
        else if (v.is_boolean()) text = v.get<bool>() ? "1" : "0";
        else if (v.is_number()) text = v.dump();
        else if (v.is_null()) continue;
        else fail_at(file, kl, kc, it.key() + ": expected a string, number or boolean, got " + brief(v.dump()));
        // Values start after `"key": `; point at the key, which is what the scanner knows.
        row.cells[it.key()] = Cell{text, kl, kc};
    }
    return row;
}

}  // namespace edgetwin::calib
