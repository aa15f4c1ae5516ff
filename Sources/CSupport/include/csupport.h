// Small system calls that Swift's Glibc module does not expose.
#ifndef CSUPPORT_H
#define CSUPPORT_H

/// Atomically swaps two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, or -1 with errno set (e.g. EINVAL where the file
/// system cannot exchange; the caller then falls back to two renames).
int guidance_exchange_paths(const char *a, const char *b);

#endif
