#pragma once
// Reading a user's input file once, with a size cap: a scenario, preset, trace or matrix is read in
// one pass into memory and every later use works on those bytes, so a pipe (`<(cat s.json)`), a file
// edited during the run or `/dev/zero` behaves the same as a regular file or is refused.
#include <cstddef>
#include <string>

namespace edgetwin {

// Caps per kind of input, generous for real files (a day of tegrastats at 1 Hz is ~30 MB).
inline constexpr std::size_t kMaxJsonInputBytes = 16u << 20;      // scenarios, presets, cards, overlays
inline constexpr std::size_t kMaxTraceInputBytes = 256u << 20;    // llama-bench, tegrastats, power CSVs
inline constexpr std::size_t kMaxMatrixInputBytes = 512u << 20;   // rram CSV / .npy matrices

// A relative "scenarios/..." or "data/..." path that does not exist here names the copy bundled with
// edgetwin (the source tree or <prefix>/share/edgetwin), so the README's examples run from any
// directory; the user's own file of that name always wins.
std::string bundled_input_path(const std::string& path);

// Reads the whole file (through bundled_input_path). Throws UserError(path, "", ...) naming the problem in one line: missing,
// a directory, unreadable, or larger than `max_bytes` (`what` names the kind, e.g. "scenario").
std::string read_input_file(const std::string& path, const std::string& what, std::size_t max_bytes);

// Checks that `path` names a regular file (symlinks followed) before a reader seeks in it; throws
// UserError(path, "", ...) saying what it is instead: missing, a directory, a device, a FIFO.
void require_regular_file(const std::string& path, const std::string& what);
// What a non-regular file is, for messages ("a directory", "a character device", ...).
std::string file_type_name(unsigned mode);

// Drops a leading UTF-8 byte-order mark (Windows editors and Excel write one in CSV and text files).
std::string strip_utf8_bom(std::string text);

// "1 MiB"-style size for messages.
std::string describe_bytes(std::size_t bytes);

// A value quoted for an error message: at most `max_chars` characters, then "... (N characters)".
std::string brief(const std::string& text, std::size_t max_chars = 80);

}  // namespace edgetwin
