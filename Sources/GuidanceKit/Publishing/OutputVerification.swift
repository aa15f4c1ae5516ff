import Foundation

/// Output/ against what the last build recorded in its manifest (`files`):
/// the SHA-256 of every file it published. A file whose bytes no longer
/// match (copied over, edited by hand, damaged) or that is missing is not
/// the build's any more: `build` does not keep it (a PDF is printed again,
/// any other file rewritten) and names it; `check` reports it
/// (`output-changed`). Only the files the manifest records are judged.
enum OutputVerification {
    /// One recorded file that is not as the last build left it.
    struct Mismatch: Sendable, Equatable {
        /// Relative to the output folder.
        var path: String
        var missing: Bool

        /// Why the build replaced it, for its summary.
        var reason: String {
            missing ? "it was missing"
                : "it did not match what the last build recorded (changed by hand or damaged)"
        }
    }

    /// What the output folder holds against what its manifest records.
    struct Verified: Sendable {
        /// Every recorded file whose bytes on disk do not match its hash, by path.
        var mismatches: [Mismatch] = []
        /// The digest of every file found as recorded, by its bytes: most of
        /// what a build publishes again is byte for byte what it keeps, and
        /// its manifest then records these instead of hashing them twice.
        var digests: [Data: String] = [:]
    }

    static func verify(_ output: URL, recorded: [String: String]) -> Verified {
        let paths = recorded.keys.sorted()
        let found = paths.concurrentMap { path -> (Mismatch?, Data?) in
            guard let data = RegularFile.contents(atPath: output.appendingPathComponent(path).path) else {
                return (Mismatch(path: path, missing: true), nil)
            }
            return SHA256.hex(of: data) == recorded[path] ? (nil, data) : (Mismatch(path: path, missing: false), nil)
        }
        var verified = Verified()
        for (path, (mismatch, data)) in zip(paths, found) {
            if let mismatch { verified.mismatches.append(mismatch) }
            if let data, let hash = recorded[path] { verified.digests[data] = hash }
        }
        return verified
    }

    static func mismatches(in output: URL, recorded: [String: String]) -> [Mismatch] {
        verify(output, recorded: recorded).mismatches
    }

    /// Whether the file at `path` is byte for byte what the manifest records
    /// (false when nothing is recorded for it).
    static func isAsRecorded(_ path: String, in output: URL, recorded: [String: String]) -> Bool {
        guard let hash = recorded[path], let data = RegularFile.contents(atPath: output.appendingPathComponent(path).path) else {
            return false
        }
        return SHA256.hex(of: data) == hash
    }

    /// `check`: an `output-changed` error for each file in the output folder
    /// that does not match what its manifest records.
    static func findings(output: URL, root: URL) -> [Finding] {
        let output = output.standardizedFileURL
        guard let manifest = Manifest.read(in: output), manifest.files != nil else { return [] }
        let folder = OutputFolder(url: output, manifest: manifest)
        return mismatches(in: output, recorded: folder.recorded).map { mismatch in
            let file = OutputLayout.display(mismatch.path, output: output, root: root)
            let what = mismatch.missing ? "is missing" : "does not match what the last build recorded in manifest.json (changed by hand or damaged)"
            return .error(.outputChanged, at: SourceLocation(file: file, line: 1, column: 1),
                          "\(file) \(what); run `guidance build`, which rewrites it, and commit \(OutputLayout.display("", output: output, root: root))/")
        }
    }
}
