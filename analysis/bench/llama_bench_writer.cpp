#include "analysis/bench/llama_bench_writer.h"

#include <cmath>
#include <cstdio>
#include <functional>

#include "sim/core/json_io.h"

namespace edgetwin {
namespace {

enum class Kind { Text, Int, Bool, Real };

struct Field {
    const char* name;
    Kind kind;
    std::function<std::string(const PredictedBenchTest&, const BenchBuild&)> value;
};

std::string num(double v, const char* fmt = "%.6f") {
    char b[64];
    std::snprintf(b, sizeof b, fmt, v);
    return b;
}
std::string integer(double v) { return num(std::llround(v) * 1.0, "%.0f"); }

double avg_ns(const PredictedBenchTest& t) { return 1e9 * static_cast<double>(t.n_prompt + t.n_gen) / t.avg_ts; }

// llama-bench's get_fields() of 2025 builds, in order, then edgetwin's columns.
const std::vector<Field>& fields() {
    using T = PredictedBenchTest;
    using B = BenchBuild;
    static const std::vector<Field> f{
        {"build_commit", Kind::Text, [](const T&, const B& b) { return b.commit; }},
        {"build_number", Kind::Int, [](const T&, const B&) { return std::string("0"); }},
        {"cpu_info", Kind::Text, [](const T& t, const B&) { return t.cpu_info; }},
        {"gpu_info", Kind::Text, [](const T& t, const B&) { return t.gpu_info; }},
        {"backends", Kind::Text, [](const T& t, const B&) { return t.backends; }},
        {"model_filename", Kind::Text, [](const T& t, const B&) { return t.model_filename; }},
        {"model_type", Kind::Text, [](const T& t, const B&) { return t.model_type; }},
        {"model_size", Kind::Int, [](const T& t, const B&) { return integer(t.model_size_B); }},
        {"model_n_params", Kind::Int, [](const T& t, const B&) { return integer(t.model_n_params); }},
        {"n_batch", Kind::Int, [](const T& t, const B&) { return std::to_string(t.n_batch); }},
        {"n_ubatch", Kind::Int, [](const T& t, const B&) { return std::to_string(t.n_ubatch); }},
        {"n_threads", Kind::Int, [](const T& t, const B&) { return std::to_string(t.n_threads); }},
        {"type_k", Kind::Text, [](const T& t, const B&) { return t.type_k; }},
        {"type_v", Kind::Text, [](const T& t, const B&) { return t.type_v; }},
        {"n_gpu_layers", Kind::Int, [](const T& t, const B&) { return std::to_string(t.n_gpu_layers); }},
        {"flash_attn", Kind::Bool, [](const T& t, const B&) { return std::string(t.flash_attn ? "1" : "0"); }},
        {"n_prompt", Kind::Int, [](const T& t, const B&) { return std::to_string(t.n_prompt); }},
        {"n_gen", Kind::Int, [](const T& t, const B&) { return std::to_string(t.n_gen); }},
        {"n_depth", Kind::Int, [](const T&, const B&) { return std::string("0"); }},
        {"test_time", Kind::Text, [](const T&, const B& b) { return b.time; }},
        {"avg_ns", Kind::Int, [](const T& t, const B&) { return integer(avg_ns(t)); }},
        {"stddev_ns", Kind::Int, [](const T&, const B&) { return std::string("0"); }},
        {"avg_ts", Kind::Real, [](const T& t, const B&) { return num(t.avg_ts); }},
        {"stddev_ts", Kind::Real, [](const T&, const B&) { return num(0.0); }},
        {"edgetwin_platform", Kind::Text, [](const T& t, const B&) { return t.platform; }},
        {"edgetwin_runtime", Kind::Text, [](const T& t, const B&) { return t.runtime; }},
        {"edgetwin_power_mode", Kind::Text, [](const T& t, const B&) { return t.power_mode; }},
        {"edgetwin_lo_ts", Kind::Real, [](const T& t, const B&) { return t.lo_ts ? num(*t.lo_ts) : std::string(); }},
        {"edgetwin_hi_ts", Kind::Real, [](const T& t, const B&) { return t.hi_ts ? num(*t.hi_ts) : std::string(); }},
    };
    return f;
}

std::string csv_quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string sql_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

Json json_row(const PredictedBenchTest& t, const BenchBuild& b) {
    Json j = Json::object();
    for (const auto& f : fields()) {
        const std::string v = f.value(t, b);
        switch (f.kind) {
            case Kind::Text: j[f.name] = v; break;
            case Kind::Int: j[f.name] = std::stoll(v); break;
            case Kind::Bool: j[f.name] = v == "1"; break;
            case Kind::Real:
                if (v.empty()) j[f.name] = nullptr;
                else j[f.name] = std::stod(v);
                break;
        }
    }
    const double ns = avg_ns(t);
    j["samples_ns"] = Json::array();
    j["samples_ts"] = Json::array();
    for (int i = 0; i < t.repetitions; ++i) {
        j["samples_ns"].push_back(std::llround(ns));
        j["samples_ts"].push_back(t.avg_ts);
    }
    return j;
}

std::string size_text(double bytes) {
    const double gib = bytes / (1024.0 * 1024 * 1024);
    return gib >= 1 ? num(gib, "%.2f GiB") : num(bytes / (1024.0 * 1024), "%.2f MiB");
}
std::string params_text(double n) { return n >= 1e9 ? num(n / 1e9, "%.2f B") : num(n / 1e6, "%.2f M"); }

void write_md(std::ostream& os, const std::vector<PredictedBenchTest>& tests, const BenchBuild& b) {
    bool any_band = false, any_fa = false, any_kv = false, any_batch = false;
    for (const auto& t : tests) {
        any_band |= t.lo_ts.has_value();
        any_fa |= t.flash_attn;
        any_kv |= t.type_k != "f16" || t.type_v != "f16";
        any_batch |= t.n_batch != 2048 || t.n_ubatch != 512;
    }
    std::vector<std::string> head{"model", "size", "params", "backend", "ngl", "threads"};
    if (any_batch) head.insert(head.end(), {"n_batch", "n_ubatch"});
    if (any_kv) head.insert(head.end(), {"type_k", "type_v"});
    if (any_fa) head.push_back("fa");
    head.insert(head.end(), {"test", "t/s"});
    if (any_band) head.push_back("80 % range");
    std::vector<std::vector<std::string>> rows;
    for (const auto& t : tests) {
        std::vector<std::string> r{t.model_type, size_text(t.model_size_B), params_text(t.model_n_params), t.backends,
                                   std::to_string(t.n_gpu_layers), std::to_string(t.n_threads)};
        if (any_batch) r.insert(r.end(), {std::to_string(t.n_batch), std::to_string(t.n_ubatch)});
        if (any_kv) r.insert(r.end(), {t.type_k, t.type_v});
        if (any_fa) r.push_back(t.flash_attn ? "1" : "0");
        r.push_back(bench_test_name(t));
        r.push_back(num(t.avg_ts, "%.2f") + " \u00b1 0.00");
        if (any_band) r.push_back(t.lo_ts ? num(*t.lo_ts, "%.2f") + " - " + num(*t.hi_ts, "%.2f") : std::string("-"));
        rows.push_back(std::move(r));
    }
    // Column widths in characters (the ± sign is one character but two bytes).
    auto width = [](const std::string& s) {
        std::size_t n = 0;
        for (unsigned char c : s) n += (c & 0xC0) != 0x80;
        return n;
    };
    std::vector<std::size_t> w(head.size());
    for (std::size_t i = 0; i < head.size(); ++i) {
        w[i] = width(head[i]);
        for (const auto& r : rows) w[i] = std::max(w[i], width(r[i]));
    }
    const std::size_t numeric_from = 1;  // llama-bench right-aligns every column but the model name
    auto line = [&](const std::vector<std::string>& cells) {
        os << "|";
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const std::string pad(w[i] - width(cells[i]), ' ');
            os << " " << (i >= numeric_from ? pad + cells[i] : cells[i] + pad) << " |";
        }
        os << "\n";
    };
    line(head);
    os << "|";
    for (std::size_t i = 0; i < head.size(); ++i) os << " " << std::string(w[i] - 1, '-') << (i >= numeric_from ? ":" : "-") << " |";
    os << "\n";
    for (const auto& r : rows) line(r);
    os << "\nbuild: " << b.commit << " (edgetwin prediction)\n";
}

}  // namespace

std::string bench_test_name(const PredictedBenchTest& t) {
    if (t.n_prompt > 0 && t.n_gen > 0) return "pp" + std::to_string(t.n_prompt) + "+tg" + std::to_string(t.n_gen);
    if (t.n_prompt > 0) return "pp" + std::to_string(t.n_prompt);
    return "tg" + std::to_string(t.n_gen);
}

const std::vector<std::string>& bench_output_formats() {
    static const std::vector<std::string> f{"md", "csv", "json", "jsonl", "sql"};
    return f;
}

void write_bench(std::ostream& os, const std::string& format, const std::vector<PredictedBenchTest>& tests,
                 const BenchBuild& b) {
    if (format == "md") return write_md(os, tests, b);
    if (format == "csv") {
        std::string sep;
        for (const auto& f : fields()) os << std::exchange(sep, ",") << f.name;
        os << "\n";
        for (const auto& t : tests) {
            sep.clear();
            for (const auto& f : fields()) os << std::exchange(sep, ",") << csv_quote(f.value(t, b));
            os << "\n";
        }
        return;
    }
    if (format == "json") {
        Json all = Json::array();
        for (const auto& t : tests) all.push_back(json_row(t, b));
        os << all.dump(2) << "\n";
        return;
    }
    if (format == "jsonl") {
        for (const auto& t : tests) os << json_row(t, b).dump() << "\n";
        return;
    }
    // sql: llama-bench's printer (table "test", every value single-quoted).
    os << "CREATE TABLE IF NOT EXISTS test (\n";
    for (std::size_t i = 0; i < fields().size(); ++i) {
        const auto& f = fields()[i];
        const char* type = f.kind == Kind::Text ? "TEXT" : f.kind == Kind::Real ? "REAL" : "INTEGER";
        os << "  " << f.name << " " << type << (i + 1 < fields().size() ? "," : "") << "\n";
    }
    os << ");\n\n";
    for (const auto& t : tests) {
        os << "INSERT INTO test (";
        std::string sep;
        for (const auto& f : fields()) os << std::exchange(sep, ", ") << f.name;
        os << ") VALUES (";
        sep.clear();
        for (const auto& f : fields()) os << std::exchange(sep, ", ") << sql_quote(f.value(t, b));
        os << ");\n";
    }
}

}  // namespace edgetwin
