import Dispatch
import Foundation
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

extension Sequence where Element: Sendable {
    /// `map` for async callers: each element's transform a child task, at
    /// most `width` at a time (one per core by default, as many as the
    /// cooperative pool has threads), results in order. Cancelled with its
    /// caller, and returns only when every child has finished.
    ///
    /// For work that awaits (a child process, the network) or that is
    /// already async. The pipeline's stages keep the synchronous one: they
    /// run without a task too (`Pipeline.run`, the fuzz harness), and under
    /// `guidance serve` on the build's own queue (`QueueExecutor`), where
    /// child tasks would inherit that one serial queue and run one by one.
    func concurrentMap<T: Sendable>(width: Int = ProcessInfo.processInfo.activeProcessorCount,
                                    _ transform: @escaping @Sendable (Element) async -> T) async -> [T] {
        let elements = Array(self)
        return await withTaskGroup(of: (Int, T).self, returning: [T].self) { group in
            var results = [T?](repeating: nil, count: elements.count)
            var next = 0
            // One more child as each finishes, so no more than `width` run at once.
            func addChild() {
                let index = next, element = elements[index]
                group.addTask { (index, await transform(element)) }
                next += 1
            }
            let first = Swift.min(Swift.max(1, width), elements.count)
            while next < first { addChild() }
            while let (index, value) = await group.next() {
                results[index] = value
                if next < elements.count { addChild() }
            }
            return results.map { $0! }
        }
    }
}
