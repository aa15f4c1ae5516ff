import Foundation

/// What the last successful build was made from and what it wrote, kept in
/// `.guidance-cache/build.json`. When the inputs are byte for byte the same
/// and every output file is as that build left it, there is nothing to do:
/// the build reports the findings it reported then and touches nothing.
///
/// The inputs are everything the output depends on: every file under
/// `Guidance/` (name and bytes), the tool itself (its binary and its language
/// rules), the options (`--as-of`, `--audience`, the print check and the
/// Chromium it uses; `--pdf` is a no-op, so not among them) and the output
/// folder. A change to any of them, or a file in the output folder added,
/// removed or touched, means a real build.
struct BuildStamp: Codable, Sendable {
    static let version = 2
    static let path = ".guidance-cache/build.json"

    var version = BuildStamp.version
    var key: String
    var findings: [Finding]
    var fileCount: Int
    var sheetVersions: Int
    /// Every regular file in the output folder after the build.
    var outputs: [String: FileState]
    /// The SHA-256 of the output's `manifest.json` after the build (which
    /// records every other file's), for files changed too soon to tell by
    /// their times (see `outputsAreIntact`).
    var manifest: String? = nil

    /// The digest of everything a build of `root` into `output` depends on.
    static func key(root: URL, output: URL, options: Pipeline.Options, print: Build.PrintOptions) -> String {
        var digest = SHA256()
        func field(_ name: String, _ value: String) {
            digest.update("\(name)=\(value.utf8.count):")
            digest.update(value)
            digest.update("\n")
        }
        field("stamp", "\(version)")
        // The tool: a rebuilt binary or edited rules may render differently.
        let tool = FileState(path: "/proc/self/exe") ?? FileState(path: CommandLine.arguments.first ?? "")
        field("tool", tool.map { "\($0.size) \($0.modified) \($0.inode)" } ?? "unknown")
        if let rules = LanguageRuleSet.shippedURL, let data = FileManager.default.contents(atPath: rules.path) {
            field("rules", String(decoding: data, as: UTF8.self))
        }
        // Its page templates too: resources beside the binary, changed
        // without relinking it; a project without its own uses them.
        for name in Templates.files {
            field("template", "\(name) \(Templates.defaultText(name) ?? "none")")
        }
        field("as-of", "\(options.asOf)")
        field("audiences", options.audiences?.joined(separator: ",") ?? "*")
        field("print", "\(print.check) \(print.printer?.chromium.path ?? "none")")
        field("output", output.standardizedFileURL.path)
        // A file's bytes; for what must not be read (a FIFO would wait for
        // ever, a device never end) or is too large for a source, what stat
        // says of it, so that a change to it still changes the key.
        func content(_ path: String) {
            switch RegularFile.read(path, limit: contentLimit) {
            case .success(let data):
                digest.update("\(data.count):")
                digest.update(data)
            case .failure:
                var info = stat()
                let found = stat(path, &info) == 0
                field("unread", found ? "\(info.st_mode) \(info.st_size) \(info.st_mtim.tv_sec) \(info.st_mtim.tv_nsec) \(info.st_ino)" : "none")
            }
        }
        let guidance = root.appendingPathComponent("Guidance").path
        let (files, links) = FileState.entries(below: guidance)
        for name in files.sorted() {
            field("file", name)
            content(guidance + "/" + name)
        }
        // Links are not regular files: name them, where they lead, and what is there.
        for name in links.sorted() {
            let full = guidance + "/" + name
            field("link", "\(name) -> \((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "")")
            content(full)
        }
        return digest.finish()
    }

    /// The most of one file under `Guidance/` the key reads: more than any
    /// source may be (`SourceFile.maximumBytes`), and far less than memory.
    static let contentLimit = 64 * 1024 * 1024

    /// What the build's findings are once its output is published: the ones
    /// a no-op build may repeat. A finding about the change from the last
    /// publication (`missing-change-note`) is settled by publishing it (the
    /// manifest now records that edition), so repeating it would report what
    /// is no longer true (issue 25, item 5).
    static func findingsAfterPublishing(_ findings: [Finding]) -> [Finding] {
        findings.filter { $0.rule != .missingChangeNote }
    }

    static func load(root: URL) -> BuildStamp? {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path),
              let stamp = try? JSONDecoder().decode(BuildStamp.self, from: data),
              stamp.version == version else { return nil }
        return stamp
    }

    /// True when the output folder holds exactly the files this build left,
    /// each untouched since.
    ///
    /// This must stay cheap (it is all a no-op build does), so it compares
    /// what `lstat` says, ctime included, and reads no file. Only where the
    /// times cannot tell does it read: the clock that stamps files ticks in
    /// steps of a few milliseconds, so a file changed within the same step
    /// as the build left it (a script that builds, then copies at once)
    /// keeps the ctime recorded. Such a file, one whose recorded ctime is not
    /// older than this stamp itself, is checked against its hash instead (as
    /// git does with "racily clean" entries): normally none, or the few the
    /// build just wrote.
    func outputsAreIntact(_ output: URL, root: URL, recorded: [String: String]) -> Bool {
        guard Self.outputs(of: output) == outputs,
              let saved = FileState(path: root.appendingPathComponent(Self.path).path)?.modified else { return false }
        return outputs.filter { $0.value.changed >= saved }.keys.allSatisfy { path in
            guard path == Manifest.fileName else { return OutputVerification.isAsRecorded(path, in: output, recorded: recorded) }
            return RegularFile.contents(atPath: output.appendingPathComponent(path).path).map(SHA256.hex(of:)) == manifest
        }
    }

    static func outputs(of output: URL) -> [String: FileState] {
        var states: [String: FileState] = [:]
        for file in FileState.regularFiles(below: output.path) {
            states[file] = FileState(path: output.path + "/" + file)
        }
        return states
    }

    /// Saves the stamp; a project folder that cannot be written to only
    /// costs the next build its shortcut.
    func save(root: URL) {
        let url = root.appendingPathComponent(Self.path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return }
        try? data.write(to: url, options: .atomic)
    }

    static func remove(root: URL) {
        try? FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }
}
