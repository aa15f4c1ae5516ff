import Foundation
import Testing

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
}
