import Dispatch

extension RandomAccessCollection where Index == Int, Element: Sendable {
    /// `map` on every core, results in order. The transform is `@Sendable`,
    /// so the compiler checks that every caller's closure is safe to run on
    /// several threads at once.
    func concurrentMap<T: Sendable>(_ transform: @escaping @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let slots = ResultSlots<T>(count: count)
        let elements = Array(self)
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            slots.store(transform(elements[index]), at: index)
        }
        return slots.values()
    }
}

/// One slot per result, each written by exactly one iteration of
/// `concurrentPerform` and read only after all have finished: the buffer is
/// shared, but no slot is ever touched by two threads.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func store(_ value: T, at index: Int) { buffer[index] = value }

    func values() -> [T] { buffer.map { $0! } }
}
