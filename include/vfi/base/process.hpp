// Running another program (git) with an argument vector: never through a shell.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace vfi {

struct ProcessResult {
    int status = -1;  // exit status; -1 when it could not start or was killed
    std::string out;
    std::string err;
};

// Runs argv[0] (searched on PATH) in `cwd` with stdin from /dev/null; captures its output.
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd);
// The same with `input` as its stdin (read from memory, never from a file on disk). With
// `take`, stdout is handed to it as it comes, so output larger than memory can be read: it
// gets all of stdout not yet consumed and erases from the front what it has consumed.
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                          std::string_view input,
                          const std::function<void(std::string&)>& take = {});

// While one lives, every program run_process starts is given `fd` as its descriptor 3 (a lock
// it then holds too: the lock lasts until it ends, even if this process is killed first).
class PassToChildren {
  public:
    explicit PassToChildren(int fd);
    ~PassToChildren();
    PassToChildren(const PassToChildren&) = delete;
    PassToChildren& operator=(const PassToChildren&) = delete;

  private:
    int before_;
};

// Runs a program on the user's terminal (an editor): stdin, stdout and stderr are inherited.
// Returns its exit status, or -1 when it could not start.
int run_interactive(const std::vector<std::string>& argv);

}  // namespace vfi
