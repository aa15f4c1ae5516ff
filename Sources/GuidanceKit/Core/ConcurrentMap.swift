import Dispatch
import Synchronization

extension RandomAccessCollection where Index == Int, Element: Sendable {
    /// `map` on every core, results in order. The transform is `@Sendable`,
    /// so the compiler checks that every caller's closure is safe to run on
    /// several threads at once.
    ///
    /// Synchronous on purpose: its callers are the pipeline's stages, which
    /// are synchronous (and shared by `build`, `check` and `serve`). Called
    /// from async code it holds the caller's thread until every element is
    /// done, as any synchronous loop would; the work itself runs on
    /// Dispatch's threads, not the cooperative pool's.
    func concurrentMap<T: Sendable>(_ transform: @escaping @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let elements = Array(self)
        // One slot per result, each written once under the lock (the work
        // between writes is a whole sheet's, so the lock is never contended
        // for long) and read once all are done.
        let slots = Mutex<[T?]>(Array(repeating: nil, count: elements.count))
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            let value = transform(elements[index])
            slots.withLock { $0[index] = value }
        }
        return slots.withLock { $0.map { $0! } }
    }
}
