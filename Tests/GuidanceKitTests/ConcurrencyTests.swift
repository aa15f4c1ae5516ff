import Foundation
import Synchronization
import Testing
@testable import GuidanceKit

/// Issue 24: the concurrency in `Sources/` is the kind the compiler checks.
/// No type opts out of the checking (`@unchecked Sendable`,
/// `nonisolated(unsafe)`), and no thread sleeps (`Thread.sleep`) where a
/// task would wait (`Task.sleep`) without holding one.
@Suite struct ConcurrencyTests {
    static let unchecked = ["@unchecked Sendable", "nonisolated(unsafe)", "Thread.sleep"]

    @Test func theSourcesOptOutOfNoConcurrencyChecking() throws {
        let sources = Support.packageRoot.appendingPathComponent("Sources")
        let walker = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var found: [String] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() {
                let code = line.components(separatedBy: "//").first ?? ""
                for pattern in Self.unchecked where code.contains(pattern) {
                    found.append("\(url.path.dropFirst(sources.path.count + 1)):\(number + 1): \(pattern)")
                }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    /// The async `concurrentMap` hands back each element's result in the
    /// element's place, however the children finish.
    @Test func theAsyncConcurrentMapKeepsTheOrder() async {
        let numbers = Array(0..<16)
        // Later elements finish first: the results must not follow finishing order.
        let doubled = await numbers.concurrentMap { n in
            try? await Task.sleep(for: .milliseconds(2 * (16 - n)))
            return n * 2
        }
        #expect(doubled == numbers.map { $0 * 2 })
    }

    /// It runs elements at once, up to its width and no more: the first two
    /// elements each wait (a bounded wait) for the other to have started,
    /// which only happens when they run together; no more than two of the
    /// six ever run at once.
    @Test func theAsyncConcurrentMapRunsElementsTogetherUpToItsWidth() async {
        let started = Atomic<Int>(0), running = Atomic<Int>(0), most = Atomic<Int>(0)
        let metOther = await Array(0..<6).concurrentMap(width: 2) { n -> Bool in
            let now = running.add(1, ordering: .relaxed).newValue
            most.max(now, ordering: .relaxed)
            defer { running.subtract(1, ordering: .relaxed) }
            guard n < 2 else { return true }
            started.add(1, ordering: .relaxed)
            // Bounded: without concurrency this gives up and says so.
            let deadline = ContinuousClock.now + .seconds(20)
            while started.load(ordering: .relaxed) < 2, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(2))
            }
            return started.load(ordering: .relaxed) == 2
        }
        #expect(metOther == Array(repeating: true, count: 6), "the first two elements did not run at the same time")
        #expect(most.load(ordering: .relaxed) == 2, "at most two elements run at once, and two did")
    }
}
