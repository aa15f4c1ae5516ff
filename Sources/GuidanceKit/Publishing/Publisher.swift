import CSupport
import Foundation

/// The publish step. The new `Output/` is assembled beside the old one and
/// swapped in with one atomic rename, so a reader (or a build killed at any
/// moment) sees either the complete old build or the complete new one.
/// Files whose bytes did not change are hard-linked, not rewritten, so their
/// timestamps stay; when nothing changed, nothing is written at all.
public struct Publisher {
    public struct Report: Sendable, Equatable {
        /// Paths (relative to the output folder) written with new bytes.
        public var written: [String]
        /// Paths removed because no source produces them any more.
        public var removed: [String]
        public var unchanged: Int
    }

    let output: URL
    private let fileManager = FileManager.default

    init(output: URL) { self.output = output.standardizedFileURL }

    private var stagingPrefix: String { "." + output.lastPathComponent + ".staging-" }

    /// Publishes `files` (relative path -> bytes). `managed` says which existing
    /// files the build owns: those not in `files` are removed; others are kept.
    func publish(_ files: [String: Data], managed: (String) -> Bool) throws(ToolError) -> Report {
        let parent = output.deletingLastPathComponent()
        removeLeftovers(in: parent)
        let existing = listFiles(output)
        var written: [String] = [], unchanged = 0
        for (path, data) in files {
            if let old = fileManager.contents(atPath: output.appendingPathComponent(path).path), old == data {
                unchanged += 1
            } else {
                written.append(path)
            }
        }
        let removed = existing.filter { managed($0) && files[$0] == nil }.sorted()
        written.sort()
        guard !written.isEmpty || !removed.isEmpty else {
            return Report(written: [], removed: [], unchanged: unchanged)
        }

        let staging = parent.appendingPathComponent(stagingPrefix + String(ProcessInfo.processInfo.processIdentifier))
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            var folders: Set<String> = [""]
            func makeFolder(for path: String) throws {
                let folder = path.split(separator: "/").dropLast().joined(separator: "/")
                guard folders.insert(folder).inserted else { return }
                try fileManager.createDirectory(at: staging.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            // Keep what the build does not own, and every unchanged file, as hard links.
            let replaced = Set(written).union(removed)
            for path in existing where !replaced.contains(path) {
                try makeFolder(for: path)
                try fileManager.linkItem(at: output.appendingPathComponent(path), to: staging.appendingPathComponent(path))
            }
            for path in written {
                try makeFolder(for: path)
                guard let data = files[path] else { continue }
                let target = staging.path + "/" + path
                let status = data.withUnsafeBytes { guidance_write_file(target, $0.baseAddress, $0.count) }
                guard status == 0 else {
                    throw ToolError("cannot write \(target): \(String(cString: strerror(errno))); the previous output is unchanged")
                }
            }
            // Every new file on disk before the swap, so that a power cut
            // leaves the old build or the new one, never empty files.
            guard guidance_sync_filesystem(staging.path) == 0 else {
                throw ToolError("cannot flush \(staging.path) to disk: \(String(cString: strerror(errno))); the previous output is unchanged")
            }
            try swapIn(staging)
        } catch let error as ToolError {
            try? fileManager.removeItem(at: staging)
            throw error
        } catch {
            try? fileManager.removeItem(at: staging)
            throw ToolError("cannot write \(output.path): \(error.localizedDescription); the previous output is unchanged")
        }
        return Report(written: written, removed: removed, unchanged: unchanged)
    }

    /// Exchanges the staging folder with `output`, then deletes the old build.
    private func swapIn(_ staging: URL) throws {
        if !fileManager.fileExists(atPath: output.path) {
            try fileManager.moveItem(at: staging, to: output)
            return
        }
        guard guidance_exchange_paths(staging.path, output.path) == 0 else {
            throw ToolError("cannot replace \(output.path) atomically (\(String(cString: strerror(errno)))); the previous output is unchanged")
        }
        try? fileManager.removeItem(at: staging)  // now holds the old build
    }

    /// Staging folders left by a build that was killed part-way.
    private func removeLeftovers(in parent: URL) {
        guard let names = try? fileManager.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(stagingPrefix) {
            try? fileManager.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// Every regular file below `folder`, as relative paths, sorted.
    func listFiles(_ folder: URL) -> [String] { Self.listFiles(folder) }

    /// Every file below `folder`, by path relative to it (none when it does not exist).
    static func listFiles(_ folder: URL) -> [String] {
        FileState.regularFiles(below: folder.path).sorted()
    }
}
