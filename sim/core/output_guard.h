#pragma once
// What a command may write: only regular files it creates itself. Every output path is claimed here
// before anything is written, and every input a command reads is noted, so an output can never
// replace a device (`-o /dev/null` as root), a FIFO, a directory, a symbolic link's target, one of
// the command's own inputs (`calibrate --trace t.csv -o t.csv`) or another output of the same command
// (`-o r.h5 --report r.h5`). Temporary files are removed on SIGINT/SIGTERM/SIGHUP and, when a process
// died without cleaning up (SIGKILL, power loss), by the next command writing the same output.
#include <string>

namespace edgetwin {

// Records `path` as an input of this process (read_input_file and require_regular_file do it).
void note_input_file(const std::string& path, const std::string& label = "");

// Throws UserError(path, "", ...) unless a new regular file may be put at `path`: refuses an empty
// name, a symbolic link, anything but a regular file (device, FIFO, socket, directory), this
// command's inputs and paths already claimed as outputs. `what` names the output in messages
// ("result file", "report"). On success the path is claimed for the rest of the process.
void claim_output_path(const std::string& path, const std::string& what);

// Forgets the inputs and claimed outputs (tests run several commands in one process).
void reset_file_claims();

// A temporary file "<target>.tmp.<pid>" next to `target`, removed by the destructor unless
// committed (renamed over `target`), and by the signal handler if the process is interrupted.
class TempFile {
public:
    explicit TempFile(const std::string& target);
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return temp_; }
    // Renames the temporary file to the target; throws UserError(target, ...) on failure.
    void commit();

private:
    std::string target_, temp_;
    int slot_ = -1;
    bool done_ = false;
};

// Writes `content` to `path` through a claimed, temporary, renamed file (never half a file, never over a
// device, link or input). `what` names it in messages ("report", "calibration overlay").
void write_text_file_atomically(const std::string& path, const std::string& what, const std::string& content);

// Removes "<target>.tmp.<pid>" files whose process no longer exists (left by SIGKILL).
void remove_stale_temp_files(const std::string& target);

// Installs the SIGINT/SIGTERM/SIGHUP handler that removes live temporary files, prints `message`
// (if not empty) on stderr and ends the process with the signal's conventional status (128 + n).
void install_interrupt_cleanup();
// While one exists, SIGINT/SIGTERM/SIGHUP are held back and acted on when the last one ends: a result
// file is never left half-flushed by Ctrl-C (the signal may arrive on any thread).
class DeferInterrupts {
public:
    DeferInterrupts();
    ~DeferInterrupts();
    DeferInterrupts(const DeferInterrupts&) = delete;
    DeferInterrupts& operator=(const DeferInterrupts&) = delete;
};

// Message printed by the handler (e.g. how to resume a sweep); empty: none. Kept in a fixed buffer.
void set_interrupt_message(const std::string& message);

}  // namespace edgetwin
