import Dispatch

extension Array where Element: Sendable {
    /// `map` over all cores, results in the original order (so output stays
    /// deterministic). For independent per-sheet work: parsing, checking,
    /// rendering.
    func concurrentMap<T: Sendable>(_ transform: (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let slots = results
        withoutActuallyEscaping(transform) { transform in
            nonisolated(unsafe) let transform = transform
            DispatchQueue.concurrentPerform(iterations: count) { index in
                slots[index] = transform(self[index])
            }
        }
        return results.map { $0! }
    }
}
