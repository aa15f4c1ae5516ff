import Foundation

/// Sheets already parsed, by file name and exact text: `guidance serve` keeps
/// one between builds, so a save re-parses only the sheets that changed
/// (the print check likewise reprints only the pages that changed).
package final class SheetCache: @unchecked Sendable {
    private struct Key: Hashable {
        var name: String
        var text: String
        var partnership: String?
    }

    private let lock = NSLock()
    private var entries: [Key: (Sheet?, [Finding])] = [:]
    private var used: Set<Key> = []
    private var misses = 0

    /// How many sheets were parsed (not found in the cache) so far.
    var parses: Int { lock.withLock { misses } }

    init() {}

    /// The parse of a sheet's text, from the cache when the same text was parsed before.
    func sheet(name: String, text: String, partnership: String?, parse: () -> (Sheet?, [Finding])) -> (Sheet?, [Finding]) {
        let key = Key(name: name, text: text, partnership: partnership)
        if let hit = lock.withLock({ () -> (Sheet?, [Finding])? in used.insert(key); return entries[key] }) { return hit }
        let parsed = parse()
        lock.withLock {
            entries[key] = parsed
            misses += 1
        }
        return parsed
    }

    /// Forgets every sheet not asked for since the last call: texts that were
    /// edited away or files that went.
    func forgetUnused() {
        lock.withLock {
            entries = entries.filter { used.contains($0.key) }
            used.removeAll()
        }
    }
}
