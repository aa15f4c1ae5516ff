import Foundation

/// Notices a save under `Guidance/` by polling: every file's size and
/// modification time, read a few times a second. Cheap for a folder of a few
/// dozen files, and it works on every file system (inotify misses saves on
/// some network and container mounts).
struct SourceWatcher: Sendable {
    var folder: URL

    struct Fingerprint: Equatable, Sendable {
        var entries: [String: [Int]]
    }

    /// Every file below the folder: path -> [size, mtime seconds, mtime nanoseconds, mode]
    /// (the mode, so a file made a FIFO or a link in place is noticed too).
    func fingerprint() -> Fingerprint {
        var entries: [String: [Int]] = [:]
        let keys: [URLResourceKey] = [.isRegularFileKey]
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: keys) else {
            return Fingerprint(entries: [:])
        }
        for case let url as URL in walker {
            var info = stat()
            guard stat(url.path, &info) == 0 else { continue }
            entries[url.path] = [Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_mode)]
        }
        return Fingerprint(entries: entries)
    }
}
