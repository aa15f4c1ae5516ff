import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `lstat` says of a file: enough to tell that it has not been touched
/// since a build wrote it (as git's index and make do).
struct FileState: Codable, Hashable, Sendable {
    var size: Int64
    var modified: Int64
    var inode: UInt64
    /// The inode's change time (ctime), in nanoseconds. Unlike `modified` no
    /// one can set it: `cp -p` or `touch -r` over a file keeps its size and
    /// modification time but moves this, so a same-size, same-time overwrite
    /// is still seen.
    var changed: Int64

    /// nil when the path is missing or not a regular file.
    init?(path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        inode = UInt64(info.st_ino)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    }

    /// Every regular file below `folder`, as paths relative to it (unsorted).
    /// Symbolic links are neither followed nor listed.
    static func regularFiles(below folder: String) -> [String] {
        entries(below: folder).files
    }

    /// Regular files and symbolic links below `folder`, as paths relative to
    /// it (unsorted); links are not followed.
    static func entries(below folder: String) -> (files: [String], links: [String]) {
        var found: [String] = [], links: [String] = []
        for (path, mode) in OutputFolder.Listing(folder).entries {
            switch mode & S_IFMT {
            case S_IFREG: found.append(path)
            case S_IFLNK: links.append(path)
            default: break
            }
        }
        return (found, links)
    }
}
