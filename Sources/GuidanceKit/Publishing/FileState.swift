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

    /// nil when the path is missing or not a regular file.
    init?(path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        inode = UInt64(info.st_ino)
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
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            guard let directory = opendir(path) else { continue }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) {
                    var info = stat()
                    guard lstat(folder + "/" + child, &info) == 0 else { continue }
                    switch info.st_mode & S_IFMT {
                    case S_IFDIR: type = Int32(DT_DIR)
                    case S_IFREG: type = Int32(DT_REG)
                    case S_IFLNK: type = Int32(DT_LNK)
                    default: type = 0
                    }
                }
                switch type {
                case Int32(DT_DIR): pending.append(child)
                case Int32(DT_REG): found.append(child)
                case Int32(DT_LNK): links.append(child)
                default: break
                }
            }
        }
        return (found, links)
    }
}
