/* The floor for reading a data directory: one process that opens, reads and closes every file
 * in the record folders, and nothing else. No vfi command can be faster than this.
 *
 *   read_floor DIR
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
    static const char* folders[] = {"partners", "leaders", "matches", "sessions", "reflections"};
    static char buffer[1 << 16];
    char path[4096];
    long files = 0, bytes = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: read_floor DIR\n");
        return 2;
    }
    for (size_t i = 0; i < sizeof folders / sizeof *folders; ++i) {
        snprintf(path, sizeof path, "%s/%s", argv[1], folders[i]);
        DIR* dir = opendir(path);
        if (!dir) continue;
        struct dirent* entry;
        while ((entry = readdir(dir))) {
            if (entry->d_name[0] == '.') continue;
            snprintf(path, sizeof path, "%s/%s/%s", argv[1], folders[i], entry->d_name);
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) continue;
            ssize_t n;
            while ((n = read(fd, buffer, sizeof buffer)) > 0)
                bytes += n;
            close(fd);
            ++files;
        }
        closedir(dir);
    }
    printf("%ld files, %ld bytes\n", files, bytes);
    return 0;
}
