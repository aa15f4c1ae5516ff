import Foundation

/// Successful link checks, kept in `.guidance-cache/links.json` for a while
/// so a CI run that follows another does not ask every server again.
/// Failures are never stored: a dead link is always checked afresh, and a
/// newer check always replaces an older entry.
struct LinkCache: Sendable {
    static let folder = ".guidance-cache"
    let file: URL
    /// How long a success is trusted, in seconds.
    let maximumAge: TimeInterval
    private(set) var entries: [String: Double]  // url -> seconds since 1970 of the success

    init(root: URL, maximumAge: TimeInterval) {
        file = root.appendingPathComponent(Self.folder).appendingPathComponent("links.json")
        self.maximumAge = maximumAge
        if let data = try? Data(contentsOf: file),
           let decoded = try? JSONDecoder().decode([String: Double].self, from: data) {
            entries = decoded
        } else {
            entries = [:]
        }
    }

    func isFresh(_ url: String, now: Date = Date()) -> Bool {
        guard let checked = entries[url] else { return false }
        let age = now.timeIntervalSince1970 - checked
        return age >= 0 && age < maximumAge
    }

    mutating func record(_ url: String, _ status: LinkStatus, now: Date = Date()) {
        switch status {
        case .ok: entries[url] = now.timeIntervalSince1970
        case .cached, .excluded: break
        default: entries[url] = nil
        }
    }

    /// Writes the cache atomically; a cache that cannot be written is no error.
    func save() {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(entries) else { return }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: file, options: .atomic)
    }
}
