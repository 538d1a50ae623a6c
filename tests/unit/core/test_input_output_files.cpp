// Inputs read once with caps; outputs only as regular files the command creates (sim/core).
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/core/input_file.h"
#include "sim/core/json_io.h"
#include "sim/core/output_guard.h"
#include "sim/core/user_error.h"

using namespace edgetwin;
namespace fs = std::filesystem;

namespace {
struct Dir {
    fs::path dir = fs::temp_directory_path() / ("edgetwin_io_" + std::to_string(::getpid()));
    Dir() {
        fs::remove_all(dir);
        fs::create_directories(dir);
        reset_file_claims();
    }
    ~Dir() {
        fs::remove_all(dir);
        reset_file_claims();
    }
    std::string file(const std::string& name, const std::string& text = "") const {
        const std::string p = (dir / name).string();
        if (!text.empty()) std::ofstream(p, std::ios::binary) << text;
        return p;
    }
};
}  // namespace

TEST_CASE("inputs: read whole, BOM dropped, size cap, directories and devices refused", "[core][io]") {
    Dir d;
    const std::string p = d.file("a.csv", "\xEF\xBB\xBFmetric,value\n");
    CHECK(read_input_file(p, "trace", 1024).size() == 16);
    CHECK(strip_utf8_bom(read_input_file(p, "trace", 1024)) == "metric,value\n");
    CHECK_THROWS_WITH(read_input_file(p, "trace", 10), Catch::Contains("trace file is 16 B, larger than the 10 B limit"));
    CHECK_THROWS_WITH(read_input_file(d.dir.string(), "trace", 10), Catch::Contains("is a directory, not a trace file"));
    CHECK_THROWS_WITH(read_input_file("/dev/zero", "JSON", 1 << 20), Catch::Contains("is a character device"));
    CHECK_THROWS_WITH(read_input_file(d.file("none"), "JSON", 10), Catch::Contains("no such file"));
    CHECK(describe_bytes(17825794) == "17.0 MiB");
    CHECK(describe_bytes(16u << 20) == "16 MiB");
    CHECK(brief(std::string(200, 'x')).size() == 80 + std::string("... (200 characters)").size());
}

TEST_CASE("JSON: nesting depth capped at 64, duplicate keys refused with their path", "[core][io]") {
    CHECK_NOTHROW(parse_json_text(std::string(63, '[') + std::string(63, ']'), "ok.json"));
    CHECK_THROWS_WITH(parse_json_text(std::string(65, '[') + std::string(65, ']'), "deep.json"),
                      Catch::Contains("deep.json: JSON nested deeper than 64 levels"));
    CHECK_THROWS_WITH(parse_json_text(R"({"a": {"b": 1, "b": 2}})", "d.json"),
                      Catch::Contains("d.json: a.b: key given twice in the same object"));
    // The same key in sibling objects is fine.
    CHECK_NOTHROW(parse_json_text(R"({"a": {"b": 1}, "c": {"b": 2}, "l": [{"b": 1}, {"b": 2}]})", "ok.json"));
}

TEST_CASE("outputs: links, FIFOs, directories, inputs and a second output are refused", "[core][io]") {
    Dir d;
    const std::string target = d.file("target.h5");
    const std::string link = d.file("link.h5");
    fs::create_symlink(target, link);
    CHECK_THROWS_WITH(claim_output_path(link, "result file"), Catch::Contains("it is a symbolic link"));
    CHECK_FALSE(fs::exists(target));
    const std::string fifo = d.file("fifo");
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    CHECK_THROWS_WITH(claim_output_path(fifo, "result file"), Catch::Contains("it is a FIFO, not a regular file"));
    CHECK_THROWS_WITH(claim_output_path(d.dir.string(), "result file"), Catch::Contains("it is a directory"));
    CHECK_THROWS_WITH(claim_output_path("", "report"), Catch::Contains("the report needs a file name"));

    const std::string in = d.file("s.json", "{}");
    read_input_file(in, "JSON", 100);
    CHECK_THROWS_WITH(claim_output_path(in, "result file"), Catch::Contains("it is also an input of this command"));
    // Another spelling of the same path is the same file.
    CHECK_THROWS_WITH(claim_output_path(d.dir.string() + "/./s.json", "result file"), Catch::Contains("also an input"));

    const std::string out = d.file("r.h5");
    CHECK_NOTHROW(claim_output_path(out, "result file"));
    CHECK_NOTHROW(claim_output_path(out, "result file"));  // the same output checked twice
    CHECK_THROWS_WITH(claim_output_path(out, "report"), Catch::Contains("already this command's result file"));
}

TEST_CASE("temporary files: renamed on commit, removed otherwise, stale ones of dead processes removed", "[core][io]") {
    Dir d;
    const std::string out = d.file("out.txt");
    {
        TempFile t(out);
        std::ofstream(t.path()) << "half";
    }
    CHECK(fs::is_empty(d.dir));  // not committed: gone
    write_text_file_atomically(out, "report", "whole\n");
    std::ifstream in(out);
    std::string text;
    std::getline(in, text);
    CHECK(text == "whole");
    CHECK(std::distance(fs::directory_iterator(d.dir), fs::directory_iterator()) == 1);

    // A pid that cannot exist (above the kernel's pid_max of 2^22) and our own live one.
    const std::string stale = out + ".tmp.999999999", mine = out + ".tmp." + std::to_string(::getpid());
    std::ofstream(stale) << "x";
    std::ofstream(mine) << "x";
    remove_stale_temp_files(out);
    CHECK_FALSE(fs::exists(stale));
    CHECK(fs::exists(mine));
}
