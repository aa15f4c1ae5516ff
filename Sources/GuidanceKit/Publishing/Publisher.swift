import CSupport
import Foundation

/// The publish step. The new `Output/` is assembled beside the old one and
/// swapped in with one atomic rename, so a reader (or a build killed at any
/// moment) sees either the complete old build or the complete new one.
/// Files whose bytes did not change are hard-linked, not rewritten, so their
/// timestamps stay; when nothing changed, nothing is written at all.
/// Only the build's own files are carried over (see `OutputFolder`): anything
/// else in the folder stops the build before it writes, since the swap would
/// lose it.
package struct Publisher {
    package struct Report: Sendable, Equatable {
        /// Paths (relative to the output folder) written with new bytes.
        package var written: [String]
        /// Paths removed because no source produces them any more.
        package var removed: [String]
        package var unchanged: Int
    }

    let output: URL
    private let fileManager = FileManager.default

    init(output: URL) { self.output = output.standardizedFileURL }

    private var stagingPrefix: String { "." + output.lastPathComponent + ".staging-" }

    /// Publishes `files` (relative path -> bytes) into `folder`, which
    /// `OutputFolder.open` found holding only the build's own files. Of those,
    /// the ones `managed` (this build's audiences) that no longer appear in
    /// `files` are removed; the others are kept.
    func publish(_ files: [String: Data], into folder: OutputFolder, managed: (String) -> Bool) throws(ToolError) -> Report {
        let parent = output.deletingLastPathComponent()
        removeLeftovers(in: parent)
        let existing = folder.ownFiles()
        var written: [String] = [], unchanged = 0
        for (path, data) in files {
            if let old = RegularFile.contents(atPath: output.appendingPathComponent(path).path), old == data {
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
            // Keep every unchanged file of the build's own (and, in a build of
            // some audiences, the others' files), as hard links where it can.
            let replaced = Set(written).union(removed)
            for path in existing where !replaced.contains(path) {
                try makeFolder(for: path)
                try keep(path, in: staging, bytes: files[path])
            }
            for path in written {
                try makeFolder(for: path)
                guard let data = files[path] else { continue }
                try write(data, to: staging.path + "/" + path)
            }
            // Every new file on disk before the swap, so that a power cut
            // leaves the old build or the new one, never empty files.
            guard guidance_sync_filesystem(staging.path) == 0 else {
                throw ToolError("cannot flush \(staging.path) to disk: \(String(cString: strerror(errno))); the previous output is unchanged")
            }
            // Looked at again just before the swap: a file put in the folder
            // since the build began would go with the old build.
            let late = folder.foreign()
            guard late.isEmpty else { throw folder.refusal(late) }
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

    /// Carries a file of the build's own into the staging folder: a hard link
    /// when the file has no other name, else a copy, so that the output never
    /// shares a file with anything outside it (a link made to it from
    /// elsewhere would otherwise come back as part of the next build).
    private func keep(_ path: String, in staging: URL, bytes: Data?) throws(ToolError) {
        let source = output.path + "/" + path, target = staging.path + "/" + path
        var info = stat()
        if lstat(source, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1 {
            if link(source, target) == 0 { return }
        }
        switch bytes.map({ Result<Data, RegularFile.Failure>.success($0) }) ?? RegularFile.read(source) {
        case .success(let data): try write(data, to: target)
        case .failure(let failure):
            throw ToolError("cannot keep \(source) (\(failure)); the previous output is unchanged")
        }
    }

    private func write(_ data: Data, to target: String) throws(ToolError) {
        let status = data.withUnsafeBytes { guidance_write_file(target, $0.baseAddress, $0.count) }
        guard status == 0 else {
            throw ToolError("cannot write \(target): \(String(cString: strerror(errno))); the previous output is unchanged")
        }
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

    /// Staging folders left by a build that was killed part-way: named by
    /// the prefix and a process id, nothing else.
    private func removeLeftovers(in parent: URL) {
        guard let names = try? fileManager.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(stagingPrefix)
            && !name.dropFirst(stagingPrefix.count).isEmpty && name.dropFirst(stagingPrefix.count).allSatisfy(\.isNumber) {
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
