import Foundation
import Synchronization

/// Sheets already parsed, by file name and exact text: `guidance serve` keeps
/// one between builds, so a save re-parses only the sheets that changed
/// (the print check likewise reprints only the pages that changed).
package final class SheetCache: Sendable {
    private struct Key: Hashable {
        var name: String
        var text: String
        var partnership: String?
    }

    private struct State {
        var entries: [Key: (Sheet?, [Finding])] = [:]
        var used: Set<Key> = []
        var misses = 0
    }

    private let state = Mutex(State())

    /// How many sheets were parsed (not found in the cache) so far.
    var parses: Int { state.withLock { $0.misses } }

    init() {}

    /// The parse of a sheet's text, from the cache when the same text was
    /// parsed before. The parse runs outside the lock, so sheets are parsed
    /// side by side.
    func sheet(name: String, text: String, partnership: String?, parse: () -> (Sheet?, [Finding])) -> (Sheet?, [Finding]) {
        let key = Key(name: name, text: text, partnership: partnership)
        if let hit = state.withLock({ state -> (Sheet?, [Finding])? in
            state.used.insert(key)
            return state.entries[key]
        }) { return hit }
        let parsed = parse()
        state.withLock { state in
            state.entries[key] = parsed
            state.misses += 1
        }
        return parsed
    }

    /// Forgets every sheet not asked for since the last call: texts that were
    /// edited away or files that went.
    func forgetUnused() {
        state.withLock { state in
            let used = state.used
            state.entries = state.entries.filter { used.contains($0.key) }
            state.used.removeAll()
        }
    }
}
