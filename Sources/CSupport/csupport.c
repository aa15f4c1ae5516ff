#define _GNU_SOURCE
#include "csupport.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int guidance_exchange_paths(const char *a, const char *b) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int guidance_sync_filesystem(const char *path) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    int result = syncfs(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return result;
}

int guidance_write_file(const char *path, const void *bytes, size_t count) {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    const char *next = bytes;
    while (count > 0) {
        ssize_t done = write(fd, next, count);
        if (done < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            close(fd);
            errno = saved;
            return -1;
        }
        next += done;
        count -= (size_t)done;
    }
    return close(fd);
}

#include <spawn.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>

extern char **environ;

/// A pipe whose ends are above 10 and close-on-exec, so that dup2 onto 3 and 4
/// in the child always clears the flag (dup2 onto the same number would not).
static int high_pipe(int ends[2]) {
    int raw[2];
    if (pipe(raw) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        ends[i] = fcntl(raw[i], F_DUPFD_CLOEXEC, 10);
        close(raw[i]);
        if (ends[i] < 0) { if (i == 1) close(ends[0]); return -1; }
    }
    return 0;
}

int guidance_spawn_with_pipes(const char *path, char *const argv[], int *to_child, int *from_child, pid_t *pid) {
    int in[2], out[2];
    if (high_pipe(in) != 0) return -1;
    if (high_pipe(out) != 0) { close(in[0]); close(in[1]); return -1; }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, in[0], 3);
    posix_spawn_file_actions_adddup2(&actions, out[1], 4);
    int status = posix_spawn(pid, path, &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    if (status != 0) {
        close(in[1]);
        close(out[0]);
        errno = status;
        return -1;
    }
    *to_child = in[1];
    *from_child = out[0];
    return 0;
}
