import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The folder a build publishes into, and which of what is in it is the
/// build's own.
///
/// A build swaps its whole output folder for a new one (see `Publisher`), so
/// whatever the new one does not carry is gone. It carries, replaces and
/// removes only what it published itself, which is what the folder's
/// `manifest.json` records: the site's own files at the top, and for each
/// sheet version recorded (`audience/slug`) its page, text and PDF, with the
/// audience's print pack and feed. Anything else is someone else's (a hosting file,
/// notes, a link, a pipe): it is named in an error before anything is read
/// or written, and never deleted, replaced or hard-linked. A folder that is
/// neither empty nor a previous output is refused the same way; a symbolic
/// link is never published through; and some folders are refused outright:
/// `/`, the project root, any folder that holds the project, and
/// `Guidance/` or anything in it.
struct OutputFolder: Sendable {
    let url: URL
    /// Whether the folder holds a manifest guidance wrote (false: a new or empty folder).
    let isPreviousOutput: Bool
    /// The sheet versions (`audience/slug`) and audiences the manifest records.
    let versions: Set<String>
    let audiences: Set<String>
    /// The hashes the manifest records of files the folder may hold (see
    /// `owns`): what a build verifies it keeps against. A path a hand-edited
    /// manifest names outside the folder is never read.
    private(set) var recorded: [String: String] = [:]

    /// How many names an error lists before "and N more".
    static let namesShown = 8

    init(url: URL, manifest: Manifest?) {
        self.url = url
        isPreviousOutput = manifest != nil
        // Only keys of the form `audience/slug` name files in the folder; any
        // other key (a hand-edited manifest) claims nothing.
        let keys = (manifest?.versions.keys).map(Array.init) ?? []
        let recorded = keys.filter { key in
            let parts = key.split(separator: "/", omittingEmptySubsequences: false)
            return parts.count == 2 && parts.allSatisfy { Self.isName($0) }
        }
        versions = Set(recorded)
        audiences = Set(recorded.compactMap { $0.split(separator: "/").first.map(String.init) })
        self.recorded = (manifest?.files ?? [:]).filter { $0.key != Manifest.fileName && owns($0.key) }
    }

    private static func isName(_ part: Substring) -> Bool {
        !part.isEmpty && part.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }

    /// Looks at `output` before a build reads or writes anything in it, and
    /// refuses (naming why and what is in the way) anything but a new folder,
    /// an empty one, or one a previous build made that holds nothing else.
    static func open(_ output: URL, root: URL) throws(ToolError) -> OutputFolder {
        let output = output.standardizedFileURL
        var info = stat()
        let exists = lstat(output.path, &info) == 0
        guard exists || errno == ENOENT else {
            throw ToolError("cannot look at \(output.path): \(String(cString: strerror(errno))); nothing was written")
        }
        if exists && info.st_mode & S_IFMT == S_IFLNK {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: output.path)) ?? "?"
            throw ToolError("\(output.path) is a symbolic link (to \(target)); guidance does not publish through a link, "
                + "which could pull the files it leads to into the project. Remove the link (a build then makes a real "
                + "folder there), or pass --output with the folder itself; nothing was written")
        }
        try refuseProjectFolders(output, root: root)
        guard exists else { return OutputFolder(url: output, manifest: nil) }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw ToolError("\(output.path) is \(RegularFile.kind(info.st_mode)), not a folder; "
                + "pass --output with a new or empty folder; nothing was written")
        }
        let listing = Listing(output.path)
        guard !listing.entries.isEmpty || !listing.unreadable.isEmpty else { return OutputFolder(url: output, manifest: nil) }
        let manifest = RegularFile.contents(atPath: output.appendingPathComponent(Manifest.fileName).path)
            .flatMap { try? JSONDecoder().decode(Manifest.self, from: $0) }
        let folder = OutputFolder(url: output, manifest: manifest)
        let foreign = folder.foreign(in: listing)
        guard foreign.isEmpty else {
            if manifest == nil, let why = Manifest.unreadable(in: output) {
                throw ToolError("\(output.path)/\(Manifest.fileName) \(why), so guidance cannot tell which files it published "
                    + "or continue their editions [manifest-conflict]. Restore it with `git checkout -- Output/\(Manifest.fileName)` "
                    + "(or find the last good one with `git log Output/\(Manifest.fileName)`); nothing was written")
            }
            guard manifest != nil else {
                throw ToolError("refusing to publish into \(output.path): it is not empty and is not a folder guidance built "
                    + "(it has no manifest.json that guidance wrote), and a build replaces its output folder as a whole. "
                    + "It holds \(names(foreign)). Pass --output with a new or empty folder; nothing was written")
            }
            throw folder.refusal(foreign)
        }
        return folder
    }

    /// The error for entries the build did not publish, found in a previous output.
    func refusal(_ foreign: [String]) -> ToolError {
        ToolError("\(url.path) holds files guidance did not publish: \(Self.names(foreign)). A build replaces or removes "
            + "only what it published (what its manifest.json records) and never deletes anything else, so it stops here. "
            + "Move them out of the folder (a file the web host needs belongs in its own settings or beside the output) "
            + "and build again; nothing was written")
    }

    /// The folders a build must never replace: the file system's root, the
    /// project root and everything above it, and the sources.
    private static func refuseProjectFolders(_ output: URL, root: URL) throws(ToolError) {
        let target = realPath(output)
        let project = realPath(root)
        let guidance = realPath(root.appendingPathComponent("Guidance"))
        func refuse(_ why: String) -> ToolError {
            ToolError("refusing to publish into \(output.path): \(why), and a build replaces its output folder as a whole. "
                + "Pass --output with a new or empty folder (the default is Output/ under the project root); nothing was written")
        }
        if target == project { throw refuse("it is the project root") }
        if target == "/" || project.hasPrefix(target + "/") { throw refuse("it is a folder that holds the project (\(project))") }
        if target == guidance || target.hasPrefix(guidance + "/") { throw refuse("it is Guidance/ or a folder inside it, where the sources are") }
    }

    /// `url` with every link in the part that exists resolved (the rest as written).
    static func realPath(_ url: URL) -> String {
        var current = url.standardizedFileURL.path
        var rest: [String] = []
        while true {
            if let resolved = realpath(current, nil) {
                defer { free(resolved) }
                let base = String(cString: resolved)
                guard !rest.isEmpty else { return base }
                return (base == "/" ? "" : base) + "/" + rest.reversed().joined(separator: "/")
            }
            guard current != "/", !current.isEmpty else { return url.standardizedFileURL.path }
            rest.append((current as NSString).lastPathComponent)
            current = (current as NSString).deletingLastPathComponent
        }
    }

    /// Whether `path` (relative to the folder) is a file the build published, and so may replace or remove.
    func owns(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 1 { return isPreviousOutput && OutputLayout.topLevelFiles.contains(path) }
        guard parts.count == 2, audiences.contains(String(parts[0])) else { return false }
        let name = parts[1]
        if name == OutputLayout.packSlug + ".pdf" || name == OutputLayout.feed || name == OutputLayout.ownCopyFileName { return true }
        guard let ext = OutputLayout.sheetExtensions.first(where: { name.hasSuffix($0) }) else { return false }
        return versions.contains(parts[0] + "/" + name.dropLast(ext.count))
    }

    /// The build's own files in the folder now, sorted.
    func ownFiles() -> [String] {
        Listing(url.path).entries.filter { $0.mode & S_IFMT == S_IFREG && owns($0.path) }.map(\.path).sorted()
    }

    /// What is in the folder now that the build did not publish (see `foreign(in:)`).
    func foreign() -> [String] { foreign(in: Listing(url.path)) }

    /// Entries the build did not publish, sorted, each with what it is when
    /// it is not a file: "CNAME", "latest (a symbolic link)". A folder of the
    /// build's (an audience's) is its own; any other folder is named only when
    /// empty, as what is in it is named instead.
    private func foreign(in listing: Listing) -> [String] {
        var found: [String] = listing.unreadable.map { "\($0) (a folder that cannot be read)" }
        let parents = Set(listing.entries.map { ($0.path as NSString).deletingLastPathComponent })
        for entry in listing.entries {
            switch entry.mode & S_IFMT {
            case S_IFREG where owns(entry.path): continue
            case S_IFREG: found.append(entry.path)
            case S_IFDIR:
                if !entry.path.contains("/") && audiences.contains(entry.path) { continue }
                if !parents.contains(entry.path) { found.append("\(entry.path) (an empty folder)") }
            default: found.append("\(entry.path) (\(RegularFile.kind(entry.mode)))")
            }
        }
        return found.sorted()
    }

    static func names(_ list: [String]) -> String {
        let shown = list.prefix(namesShown).joined(separator: ", ")
        return list.count > namesShown ? "\(shown) and \(list.count - namesShown) more" : shown
    }

    /// Every entry below a folder (links not followed), by relative path, with
    /// its mode; and folders that could not be listed.
    struct Listing {
        var entries: [(path: String, mode: mode_t)] = []
        var unreadable: [String] = []

        init(_ folder: String) {
            var pending = [""]
            while let relative = pending.popLast() {
                guard let directory = opendir(relative.isEmpty ? folder : folder + "/" + relative) else {
                    // A folder that is not there holds nothing; one that cannot be listed may hold anything.
                    if errno != ENOENT { unreadable.append(relative.isEmpty ? "." : relative) }
                    continue
                }
                defer { closedir(directory) }
                while let entry = readdir(directory) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                    }
                    if name == "." || name == ".." { continue }
                    let child = relative.isEmpty ? name : relative + "/" + name
                    var info = stat()
                    guard lstat(folder + "/" + child, &info) == 0 else { continue }
                    entries.append((child, info.st_mode))
                    if info.st_mode & S_IFMT == S_IFDIR { pending.append(child) }
                }
            }
        }
    }
}
