/* The floor for knowing a data directory has not changed: one process that lists the five
 * record folders and fstatat()s every file in them, and nothing else. A cache validated by
 * stat data can do no less; issue 21's bars are set against it.
 *
 *   stat_floor DIR
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char** argv) {
    static const char* folders[] = {"partners", "leaders", "matches", "sessions", "reflections"};
    char path[4096];
    long files = 0;
    long long bytes = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: stat_floor DIR\n");
        return 2;
    }
    for (size_t i = 0; i < sizeof folders / sizeof *folders; ++i) {
        snprintf(path, sizeof path, "%s/%s", argv[1], folders[i]);
        DIR* dir = opendir(path);
        if (!dir) continue;
        int fd = dirfd(dir);
        struct dirent* entry;
        while ((entry = readdir(dir))) {
            if (entry->d_name[0] == '.') continue;
            struct stat st;
            if (fstatat(fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
            bytes += st.st_size;
            ++files;
        }
        closedir(dir);
    }
    printf("%ld files, %lld bytes\n", files, bytes);
    return 0;
}
