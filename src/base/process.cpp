#include "vfi/base/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace vfi {

namespace {
std::atomic<int> passed_fd{-1};  // PassToChildren's: given to every child as descriptor 3
}  // namespace

PassToChildren::PassToChildren(int fd) : before_(passed_fd.exchange(fd)) {}
PassToChildren::~PassToChildren() {
    passed_fd.store(before_);
}

namespace {

// A file in memory holding `input`, read from its start: the child's stdin. (A pipe would need
// writing while reading its output, and a child that stops reading early would kill vfi with
// SIGPIPE.) -1 when it cannot be made.
int input_file(std::string_view input) {
    int fd = memfd_create("vfi-input", MFD_CLOEXEC);
    if (fd < 0) return -1;
    for (std::size_t done = 0; done < input.size();) {
        ssize_t n = write(fd, input.data() + done, input.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += static_cast<std::size_t>(n);
    }
    if (lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

namespace {

// Reads the child's stdout and stderr until both close; hands stdout to `take` as it comes,
// when there is one.
void collect(int out_fd, int err_fd, ProcessResult& result,
             const std::function<void(std::string&)>& take) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    std::string* sinks[2] = {&result.out, &result.err};
    int open_count = 2;
    std::vector<char> buffer(1 << 16);
    while (open_count > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t n = read(fds[i].fd, buffer.data(), buffer.size());
            if (n > 0) {
                sinks[i]->append(buffer.data(), static_cast<std::size_t>(n));
                if (i == 0 && take) take(result.out);
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_count;
            }
        }
    }
    for (auto& f : fds)
        if (f.fd >= 0) close(f.fd);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd) {
    return run_process(argv, cwd, {}, {});
}

ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                          std::string_view input, const std::function<void(std::string&)>& take) {
    ProcessResult result;
    int in_fd = -1;
    if (!input.empty() && (in_fd = input_file(input)) < 0) {
        result.err = std::string("cannot run ") + argv[0] + ": " + std::strerror(errno);
        return result;
    }
    int out_pipe[2];
    int err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0) {
        if (in_fd >= 0) close(in_fd);
        return result;
    }
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
        if (in_fd >= 0) close(in_fd);
        close(out_pipe[0]);
        close(out_pipe[1]);
        return result;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (in_fd >= 0)
        posix_spawn_file_actions_adddup2(&actions, in_fd, 0);
    else
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    if (int passed = passed_fd.load(); passed >= 0)
        posix_spawn_file_actions_adddup2(&actions, passed, 3);
    // glibc 2.29+: change directory in the child only.
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());

    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (in_fd >= 0) close(in_fd);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        result.err = std::string("cannot run ") + argv[0] + ": " + std::strerror(rc);
        return result;
    }
    collect(out_pipe[0], err_pipe[0], result, take);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

int run_interactive(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace vfi
