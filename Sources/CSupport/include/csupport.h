// Small system calls that Swift's Glibc module does not expose. Linux only
// (renameat2, syncfs, posix_spawn with descriptors above 2), as is the tool.
#ifndef CSUPPORT_H
#define CSUPPORT_H

/// Atomically swaps two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, or -1 with errno set (e.g. EINVAL where the file
/// system cannot exchange). There is no fallback: the publisher refuses to
/// publish rather than swap non-atomically, and the old output stays.
int guidance_exchange_paths(const char *a, const char *b);

#include <stddef.h>
#include <stdint.h>

/// Flushes every file of the file system that holds `path` to disk (syncfs):
/// one call for a whole build instead of one fsync per file.
int guidance_sync_filesystem(const char *path);

/// Creates `path` (which must not exist) with mode 0644 and writes `count`
/// bytes to it. Returns 0, or -1 with errno set.
int guidance_write_file(const char *path, const void *bytes, size_t count);

#include <sys/types.h>

/// Starts `path` with `argv` (NULL-terminated), its standard input, output and
/// error on /dev/null, and two pipes as file descriptors 3 (it reads) and 4
/// (it writes): what Chromium's --remote-debugging-pipe expects. On success
/// returns 0 and sets `*to_child` (write end), `*from_child` (read end, both
/// close-on-exec) and `*pid`; on failure returns -1 with errno set.
int guidance_spawn_with_pipes(const char *path, char *const argv[], int *to_child, int *from_child, pid_t *pid);

/// write(2) that never raises SIGPIPE, whatever the process does with the
/// signal: SIGPIPE is blocked in this thread for the write, and one the
/// write raised (the reader has gone) is taken off the thread's pending set
/// before it is unblocked. The caller sees -1 with errno EPIPE instead. The
/// library leaves the signal's disposition, which is the whole process's,
/// to the tool's entry point.
ssize_t guidance_write_without_sigpipe(int fd, const void *bytes, size_t count);

/// SHA-256's compression function (FIPS 180-4) over `blocks` whole 64-byte
/// blocks of `data`, updating `state` (eight words). In C because a build
/// hashes every file it publishes, and Swift without optimisation (debug
/// builds, the tests) runs this loop some fifty times slower.
void guidance_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
