// HDF5 result store: round trip of /points, atomic writes, failed points, resume.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "analysis/h5_result_layout.h"
#include "analysis/h5_store.h"
#include "analysis/h5_table.h"
#include "analysis/validation/bands.h"
#include "sim/core/user_error.h"

namespace fs = std::filesystem;
using namespace edgetwin;

namespace {

// A fresh directory per test, removed afterwards.
struct TempDir {
    fs::path dir;
    TempDir() {
        static int counter = 0;
        dir = fs::temp_directory_path() /
              ("edgetwin_h5_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::string file(const std::string& name) const { return (dir / name).string(); }
    std::size_t entries() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {})); }
};

RunResult make_run(const std::string& hash, double scale = 1.0) {
    RunResult r;
    r.config_hash = hash;
    r.platform = "jetson-orin-nano";
    r.runtime = "llama.cpp-cuda";
    r.model = "llama-3.2-1b";
    r.quant = "Q4_K_M";
    r.fidelity = "analytic";
    r.n_prompt = 128;
    r.n_gen = 4;
    r.batch = 1;
    r.ctx = 132;
    r.threads = 6;
    r.clock_hz = 1.02e9;
    Summary& s = r.summary;
    s.ttft_s = 0.125 * scale;
    s.prefill_s = 0.12 * scale;
    s.prefill_tok_s = 1066.6666666666667 / scale;
    s.decode_s = 0.2 * scale;
    s.decode_tok_s = 20.000000000000004 / scale;
    s.latency_p50_s = 0.05;
    s.latency_p95_s = 0.051;
    s.latency_p99_s = 0.0512;
    s.total_s = 0.325 * scale;
    s.energy_J = 3.25;
    s.energy_per_token_J = 0.8125;
    s.avg_power_W = 10.0;
    s.peak_temperature_C = 61.5;
    s.peak_memory_B = 8.5e8;
    s.bottleneck = Bound::Memory;
    s.op_class_share = {0.7, 0.2, 0.05, 0.04, 0.01};
    s.sim_wall_s = 0.003;
    r.memory_levels = {"dram", "l2 cache"};
    for (int i = 0; i < 3; ++i) {
        OpRecord op;
        op.name = "blk.0.op" + std::to_string(i);
        op.phase = i == 0 ? Phase::Prefill : Phase::Decode;
        op.kind = OpKind::MatMul;
        op.layer = 0;
        op.calls = i == 0 ? 1 : 4;
        op.time_s = 0.01 * (i + 1);
        op.compute_s = 0.004;
        op.memory_s = 0.009;
        op.macs = 1e6;
        op.read_B = {1e6 * (i + 1), 2e5};
        op.write_B = {1e4, 0};
        op.bound = Bound::Memory;
        r.ops.push_back(op);
    }
    r.timeline.push_back({0.125, Phase::Prefill, 0, 0.125, 9.0, 50.0, 1.02e9});
    for (int t = 0; t < 4; ++t) r.timeline.push_back({0.175 + 0.05 * t, Phase::Decode, t, 0.05, 10.0, 55.0, 1.02e9});
    r.memory.push_back({"dram", 8e9, 8.5e8, 8e8, 4e7, 1e7, 5e8, 1e6});
    r.memory.push_back({"l2 cache", 4e6, 1e6, 0, 0, 1e6, 2e6, 1e6});
    r.alerts.push_back({0.3, "temperature", "die above 60 \xC2\xB0" "C"});
    r.config = Json{{"model", r.model}, {"quant", r.quant}, {"workload", {{"n_prompt", 128}}}};
    return r;
}

bool has_member(const std::string& path, const std::string& dataset, const std::string& member) {
    h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
    h5::Handle ds(H5Dopen2(file.get(), dataset.c_str(), H5P_DEFAULT), H5Dclose, "open " + dataset);
    h5::Handle type(H5Dget_type(ds.get()), H5Tclose, "type");
    return H5Tget_member_index(type.get(), member.c_str()) >= 0;
}

}  // namespace

TEST_CASE("write_results_h5 round-trips a /points row", "[h5]") {
    TempDir tmp;
    const std::string path = tmp.file("one.h5");
    const RunResult r = make_run("0123456789abcdef");
    write_results_h5(path, {r}, Json{{"name", "demo"}});

    const std::vector<PointRow> rows = read_points_h5(path);
    REQUIRE(rows.size() == 1);
    const PointRow& p = rows[0];
    CHECK(p.config_hash == r.config_hash);
    CHECK(p.platform == r.platform);
    CHECK(p.runtime == r.runtime);
    CHECK(p.model == r.model);
    CHECK(p.quant == r.quant);
    CHECK(p.fidelity == r.fidelity);
    CHECK(p.status == "ok");
    CHECK(p.error.empty());
    CHECK(p.n_prompt == 128);
    CHECK(p.n_gen == 4);
    CHECK(p.batch == 1);
    CHECK(p.ctx == 132);
    CHECK(p.threads == 6);
    // Doubles are stored as float64, so they come back bit-identical.
    CHECK(p.clock_hz == r.clock_hz);
    CHECK(p.ttft_s == r.summary.ttft_s);
    CHECK(p.prefill_tok_s == r.summary.prefill_tok_s);
    CHECK(p.decode_tok_s == r.summary.decode_tok_s);
    CHECK(p.latency_p99_s == r.summary.latency_p99_s);
    CHECK(p.energy_per_token_J == r.summary.energy_per_token_J);
    CHECK(p.peak_temperature_C == r.summary.peak_temperature_C);
    CHECK(p.peak_memory_B == r.summary.peak_memory_B);
    CHECK(p.bottleneck == "memory");
    CHECK(p.op_class_share == r.summary.op_class_share);
    CHECK(p.sim_wall_s == r.summary.sim_wall_s);
    CHECK(p.run == r.config_hash);
    // make_run's config names no preset or runtime: no band of its own, so the corpus's all-rows band
    // (data/validation/bands.json) scales the rates.
    const validation::Band db = validation::shipped_bands().lookup("", "", "decode");
    REQUIRE(db.n > 0);
    CHECK(p.decode_tok_s_lo == Approx(r.summary.decode_tok_s * db.lo));
    CHECK(p.decode_tok_s_hi == Approx(r.summary.decode_tok_s * db.hi));
    CHECK(p.prefill_tok_s_lo < p.prefill_tok_s);
    CHECK(p.prefill_tok_s_hi > p.prefill_tok_s);

    // Only the result file is left: the temp file was renamed.
    CHECK(tmp.entries() == 1);
    CHECK_FALSE(fs::exists(path + ".tmp." + std::to_string(::getpid())));

    // Per-level byte columns are flat scalars named after the (sanitised) level.
    CHECK(has_member(path, "runs/0123456789abcdef/ops", "read_B_dram"));
    CHECK(has_member(path, "runs/0123456789abcdef/ops", "write_B_l2_cache"));
    CHECK(has_member(path, "runs/0123456789abcdef/timeline", "temperature_C"));
}

TEST_CASE("two runs give two rows, a repeated hash gets its own run group", "[h5]") {
    TempDir tmp;
    const std::string path = tmp.file("two.h5");
    write_results_h5(path, {make_run("aaaaaaaaaaaaaaaa"), make_run("bbbbbbbbbbbbbbbb", 2.0), make_run("aaaaaaaaaaaaaaaa")},
                     Json());
    const auto rows = read_points_h5(path);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].config_hash == "aaaaaaaaaaaaaaaa");
    CHECK(rows[1].config_hash == "bbbbbbbbbbbbbbbb");
    CHECK(rows[1].ttft_s == 0.25);
    CHECK(rows[0].run == "aaaaaaaaaaaaaaaa");
    CHECK(rows[2].run == "aaaaaaaaaaaaaaaa_2");
}

TEST_CASE("an unwritable path throws UserError and leaves nothing behind", "[h5]") {
    TempDir tmp;
    const std::string path = tmp.file("missing_dir/out.h5");
    try {
        check_output_writable(path);
        FAIL("check_output_writable accepted a missing directory");
    } catch (const UserError& e) {
        CHECK(e.file() == path);
        CHECK(e.detail().find("cannot create result file") == 0);
        CHECK(e.detail().find("does not exist") != std::string::npos);
    }
    CHECK_THROWS_AS(write_results_h5(path, {make_run("0123456789abcdef")}, Json()), UserError);
    CHECK_FALSE(fs::exists(tmp.dir / "missing_dir"));
    CHECK(tmp.entries() == 0);

    // A directory in place of the file is refused too.
    fs::create_directories(tmp.dir / "is_dir.h5");
    CHECK_THROWS_WITH(check_output_writable(tmp.file("is_dir.h5")), Catch::Contains("is a directory"));
}

TEST_CASE("a failure while writing removes the temp file and keeps the old result", "[h5]") {
    TempDir tmp;
    const std::string path = tmp.file("keep.h5");
    write_results_h5(path, {make_run("1111111111111111")}, Json());
    RunResult broken = make_run("2222222222222222");
    broken.ops[1].read_B.pop_back();  // per-level vectors must match memory_levels
    CHECK_THROWS_AS(write_results_h5(path, {make_run("3333333333333333"), broken}, Json()), std::invalid_argument);
    CHECK(tmp.entries() == 1);
    const auto rows = read_points_h5(path);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].config_hash == "1111111111111111");
}

TEST_CASE("a failed point gets a row with status error and NaN metrics", "[h5]") {
    TempDir tmp;
    const std::string path = tmp.file("err.h5");
    RunResult failed = make_run("eeeeeeeeeeeeeeee");
    failed.ops.clear();
    // 300 bytes of two-byte characters: the 256-byte column must cut between characters.
    std::string long_error;
    for (int i = 0; i < 150; ++i) long_error += "\xC3\xA9";
    write_results_h5(path, {make_run("0123456789abcdef"), failed}, Json(), {"", long_error});
    const auto rows = read_points_h5(path);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].status == "ok");
    CHECK(rows[1].status == "error");
    CHECK(rows[1].error.size() == 256);
    CHECK(long_error.compare(0, 256, rows[1].error) == 0);
    CHECK(std::isnan(rows[1].ttft_s));
    CHECK(std::isnan(rows[1].op_class_share[0]));
    CHECK(rows[1].bottleneck.empty());
    CHECK(rows[1].n_prompt == 128);
    CHECK(rows[1].model == failed.model);
}

TEST_CASE("ResultAppender resumes a file and replaces a half-written run group", "[h5]") {
    TempDir tmp;
    const std::string path = tmp.file("sweep.h5");
    {
        ResultAppender out(path, ResultAppender::Mode::Create, Json{{"sweep", true}});
        CHECK(out.append(make_run("aaaaaaaaaaaaaaaa")) == "aaaaaaaaaaaaaaaa");
        CHECK(out.rows() == 1);
        CHECK(read_points_h5(path).size() == 1);  // readable while the appender holds it
    }
    {
        // Simulate a writer killed after creating a group but before its row.
        h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "open");
        h5::Handle g(H5Gcreate2(file.get(), "runs/bbbbbbbbbbbbbbbb", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                     "create");
    }
    ResultAppender out(path, ResultAppender::Mode::Resume);
    CHECK(out.rows() == 1);
    CHECK(out.hashes().count("aaaaaaaaaaaaaaaa") == 1);
    CHECK(out.append(make_run("bbbbbbbbbbbbbbbb")) == "bbbbbbbbbbbbbbbb");
    out.close();
    CHECK_THROWS_AS(out.append(make_run("cccccccccccccccc")), std::logic_error);
    const auto rows = read_points_h5(path);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].run == "bbbbbbbbbbbbbbbb");
    CHECK(has_member(path, "runs/bbbbbbbbbbbbbbbb/ops", "read_B_dram"));
}

TEST_CASE("read_points_h5 rejects files that are not result files", "[h5]") {
    TempDir tmp;
    CHECK_THROWS_AS(read_points_h5(tmp.file("absent.h5")), UserError);
    const std::string text = tmp.file("text.h5");
    std::ofstream(text) << "not hdf5\n";
    CHECK_THROWS_WITH(read_points_h5(text), Catch::Contains("not an HDF5 file"));
    const std::string bare = tmp.file("bare.h5");
    { h5::Handle f(H5Fcreate(bare.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create"); }
    CHECK_THROWS_WITH(read_points_h5(bare), Catch::Contains("schema_version"));
}

TEST_CASE("rows appended before a SIGKILL are readable", "[h5]") {
    TempDir tmp;
    const std::string path = tmp.file("killed.h5");
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The writer dies without closing the file or running destructors.
        ResultAppender out(path, ResultAppender::Mode::Create);
        out.append(make_run("aaaaaaaaaaaaaaaa"));
        out.append(make_run("bbbbbbbbbbbbbbbb"));
        ::raise(SIGKILL);
        ::_exit(3);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    const auto rows = read_points_h5(path);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].config_hash == "bbbbbbbbbbbbbbbb");
    ResultAppender resumed(path, ResultAppender::Mode::Resume);
    CHECK(resumed.append(make_run("cccccccccccccccc")) == "cccccccccccccccc");
}

TEST_CASE("a sweep's axes are typed /points columns, and a failed point keeps its axis values and settings", "[h5]") {
    const Json scenario = Json::parse(R"({"schema_version": 1,
        "workload": {"model": "tinyllama-1.1b", "quant": "Q4_0"}, "hardware": {"platform": "rpi5-8gb"},
        "sweep": {"mode": "grid", "axes": {"workload.quant": ["Q4_0", "Q8_0"], "runtime.threads": [1, 4],
                                           "hardware.set.memories[0].efficiency": {"min": 0.4, "max": 0.8}}}})");
    const auto axes = h5result::axis_columns(scenario);
    REQUIRE(axes.size() == 3);
    CHECK(h5result::points_layout(axes).columns().back().name.find('.') == std::string::npos);  // identifiers
    Json p1 = scenario;
    p1.erase("sweep");
    p1["workload"]["quant"] = "Q8_0";
    p1["runtime"] = {{"threads", 4}, {"gpu_layers", 0}};
    p1["hardware"]["set"] = {{"memories[0].efficiency", 0.55}};
    CHECK(h5result::axis_value(p1, "hardware.set.memories[0].efficiency") == 0.55);
    CHECK(h5result::axis_value(p1, "runtime.threads") == 4);
    CHECK(h5result::axis_value(p1, "run.fidelity").is_null());

    TempDir tmp;
    const std::string path = tmp.file("axes.h5");
    {
        ResultAppender out(path, ResultAppender::Mode::Create, scenario);
        out.append(make_run("aaaaaaaaaaaaaaaa"), p1);
        RunResult failed;
        failed.config_hash = "bbbbbbbbbbbbbbbb";
        out.append_failed(failed, "does not fit", p1);
        out.close();
    }
    const auto rows = read_points_h5(path);
    REQUIRE(rows.size() == 2);
    // Column order is the scenario's axes order (nlohmann keeps keys sorted): hardware.set..., runtime.threads,
    // workload.quant.
    for (const auto& r : rows) {
        REQUIRE(r.axis_values.size() == 3);
        CHECK(r.axis_values[0] == 0.55);
        CHECK(r.axis_values[1] == 4.0);
        CHECK(r.axis_values[2] == "Q8_0");
    }
    CHECK(rows[1].status == "error");
    CHECK(rows[1].threads == 4);     // from the point's scenario, not 0
    CHECK(rows[1].gpu_layers == 0);
    // Resuming keeps the axis columns.
    {
        ResultAppender again(path, ResultAppender::Mode::Resume);
        again.append(make_run("cccccccccccccccc"), p1);
        again.close();
    }
    CHECK(read_points_h5(path).back().axis_values[2] == "Q8_0");
}

TEST_CASE("store level points keeps the row only, summary the small tables, full everything", "[h5]") {
    TempDir tmp;
    const RunResult r = make_run("dddddddddddddddd");
    const std::pair<StoreLevel, std::vector<std::pair<const char*, bool>>> cases[] = {
        {StoreLevel::Points, {{"ops", false}, {"timeline", false}, {"memory", false}, {"units", false}, {"rails", false}}},
        {StoreLevel::Summary, {{"ops", false}, {"timeline", false}, {"memory", true}, {"units", true}, {"rails", true}}},
        {StoreLevel::Full, {{"ops", true}, {"timeline", true}, {"memory", true}, {"units", true}, {"rails", true}}},
    };
    for (const auto& [level, tables] : cases) {
        const std::string path = tmp.file(std::string(store_level_name(level)) + ".h5");
        write_results_h5(path, {r}, Json(), {}, level);
        const auto rows = read_points_h5(path);
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].decode_tok_s == Approx(r.summary.decode_tok_s));  // the row is whole at every level
        h5::Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
        CHECK(h5::read_string_attr(file.get(), "store") == store_level_name(level));
        h5::Handle group(H5Gopen2(file.get(), ("runs/" + rows[0].run).c_str(), H5P_DEFAULT), H5Gclose, "open run");
        for (const auto& [name, present] : tables) CHECK(h5::link_exists(group.get(), name) == present);
        CHECK(h5::has_attr(group.get(), "config") == (level != StoreLevel::Points));
    }
    CHECK_THROWS_WITH(parse_store_level("all", "command line", "--store"), Catch::Contains("allowed: points, summary, full"));
}
