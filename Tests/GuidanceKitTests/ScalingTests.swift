import Foundation
import Testing
@testable import GuidanceKit
@testable import GuidanceFuzzing

extension OneAtATime {
/// Every stage is linear in its input (issue 16): each hostile shape below,
/// four times as large, costs at most six times the time through read,
/// resolve, select, validate and both writers (the fuzz harness). Ratios, not
/// absolute times, so the test means the same on any machine and in a debug
/// build; a quadratic path gives about 16x and fails.
///
/// The shapes are those that once took minutes (issue 16) and libcmark's own
/// pathological inputs (its test/pathological_tests.py); Benchmarks/shapes.py
/// writes the same ones for `make bench` and `make fuzz`.
@Suite(.tags(.slow), .serialized, .timeLimit(.minutes(5))) struct ScalingTests {
    /// Shape name and a function giving a body of about `n` bytes.
    static let shapes: [(name: String, body: @Sendable (Int) -> String)] = [
        // Issue 16's.
        ("strong-run", { repeating("a**", to: $0) }),
        ("quote-run", { repeating("> ", to: $0) }),
        ("bold-paragraph", { repeating("word **bold** and *em* ", to: $0) }),
        ("pipe-lines", { repeating("|a|b|\n", to: $0) }),
        ("nested-emphasis", { nested("*a **a ", " a** a*", to: $0, middle: "b") }),
        // libcmark's pathological tests.
        ("emph-closers", { repeating("a_ ", to: $0) }),
        ("emph-openers", { repeating("_a ", to: $0) }),
        ("link-closers", { repeating("a]", to: $0) }),
        ("link-openers", { repeating("[a", to: $0) }),
        ("mismatched", { repeating("*a_ ", to: $0) }),
        ("closers-by-3", { "a**b" + repeating("c* ", to: $0 - 4) }),
        ("link-emph", { repeating("[ a_", to: $0) }),
        ("bracket-paren", { repeating("[ (](", to: $0) }),
        ("image-brackets", { repeating("![[]()", to: $0) }),
        ("nested-brackets", { nested("[", "]", to: $0, middle: "a") }),
        ("nested-quotes", { repeating("> ", to: $0 - 2) + "a\n" }),
        ("deep-lists", { lines(to: $0) { String(repeating: "  ", count: $0 % 1000) + "* a\n" } }),
        ("backticks", { lines(to: $0) { "e" + String(repeating: "`", count: $0 % 5000 + 1) } }),
        ("unclosed-links", { repeating("[a](<b", to: $0) }),
        ("unclosed-links-b", { repeating("[a](b", to: $0) }),
        ("unclosed-comments", { "</" + repeating("<!--", to: $0 - 2) }),
        ("references", { lines(to: $0 / 2) { "[\($0)]: u\n" } + repeating("[0] ", to: $0 / 2) }),
        // What the rules and the resolver look at, many times on one line.
        ("placeholders", { repeating("{{mash.phone}} {{nosuch}} ", to: $0) }),
        ("phones-and-emails", { repeating("ring 020 8901 2690 or a@b.org, ", to: $0) }),
        // Issue 23: typed numbers in one paragraph, each different, spelt in
        // the source otherwise than in the text (escaped brackets, entities),
        // and more than the phone matcher was once asked for at a time.
        ("escaped-phones", { numbered(to: $0) { "ring \\(020\\) 7946 \($0)" + ", " } }),
        ("entity-phones", { numbered(to: $0) { "ring 020&nbsp;7946&nbsp;\($0)" + " or " } }),
        ("dashed-phones", { numbered(to: $0) { "020-7946-\($0)" + " " } }),
        ("language", { repeating("she consented to sex with her older boyfriend ", to: $0) }),
        ("links", { lines(to: $0) { "[site \($0)](https://example.org/\($0)) " } }),
    ]

    static func repeating(_ unit: String, to size: Int) -> String {
        String(repeating: unit, count: max(1, size / unit.utf8.count))
    }

    /// One line of distinct pieces: `piece` gets a four-digit number that differs each time.
    static func numbered(to size: Int, _ piece: (String) -> String) -> String {
        var text = "", index = 0
        while text.utf8.count < size {
            let digits = String(index % 10_000)
            text += piece(String(repeating: "0", count: 4 - digits.count) + digits)
            index += 1
        }
        return text
    }

    static func nested(_ opener: String, _ closer: String, to size: Int, middle: String) -> String {
        let count = max(1, size / (opener.utf8.count + closer.utf8.count))
        return String(repeating: opener, count: count) + middle + String(repeating: closer, count: count)
    }

    static func lines(to size: Int, _ line: (Int) -> String) -> String {
        var text = "", index = 0
        while text.utf8.count < size { text += line(index); index += 1 }
        return text
    }

    static let frontMatter = "---\ntitle: A hostile sheet\naudiences: [schools, agencies]\nreviewed: 2026-11-29\nnext-review: 2027-05-29\n---\n\n"

    /// The least of a few runs, in processor time used by this process (all
    /// its threads): other work on a busy machine slows the clock on the wall,
    /// not the work done here, and what noise is left only adds time.
    static func fastest(runs: Int, _ work: () -> Void) -> Double {
        func cpu() -> Double {
            var now = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
            return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        }
        var best = Double.infinity
        for _ in 0..<runs {
            let started = cpu()
            work()
            best = min(best, cpu() - started)
        }
        return best
    }

    static func fastest(_ harness: FuzzHarness, _ input: [UInt8], runs: Int) -> Double {
        fastest(runs: runs) { _ = harness.exercise(input) }
    }

    static let harness = Result { try FuzzHarness(root: Support.packageRoot) }

    /// 4x the input may cost 6x the time: linear work with a little allocator
    /// and cache noise stays well under that; a quadratic path costs 16x.
    static let limit = 6.0

    @Test(arguments: shapes.map(\.name))
    func fourTimesTheInputCostsAtMostSixTimesTheTime(_ name: String) throws {
        let harness = try Self.harness.get()
        let body = try #require(Self.shapes.first { $0.name == name }).body
        func input(_ size: Int) -> [UInt8] { Array((Self.frontMatter + body(size) + "\n").utf8) }
        // Large enough that the work, not the fixed cost of a run, is measured.
        var size = 4096
        while size < 128 * 1024, Self.fastest(harness, input(size), runs: 1) < 0.05 { size *= 2 }
        let small = input(size), large = input(4 * size)
        var smallTime = Double.infinity, largeTime = Double.infinity
        // Up to three tries: a busy machine can slow one measurement, never a whole series.
        for _ in 0..<3 {
            smallTime = min(smallTime, Self.fastest(harness, small, runs: 3))
            largeTime = min(largeTime, Self.fastest(harness, large, runs: 2))
            if largeTime <= Self.limit * smallTime { break }
        }
        #expect(largeTime <= Self.limit * smallTime,
                "\(name): \(small.count) bytes took \(smallTime) s, \(large.count) bytes \(largeTime) s (\(largeTime / smallTime)x)")
    }

    /// A record with no full stops is one long sentence: each language rule's
    /// context is judged once for it, not once per match, so the sentence four
    /// times as long costs at most six times the time (once a fixed 20 s on the
    /// wall, which a busy machine could break and a quadratic matcher pass).
    @Test func oneSentenceFourTimesAsLongCostsAtMostSixTimesTheTime() {
        let linter = LanguageEvaluationTests.shippedLinter
        func sentence(_ count: Int) -> String {
            String(repeating: "she consented and was sexting and said it was consensual ", count: count)
        }
        let small = sentence(1_000), large = sentence(4_000)
        var smallTime = Double.infinity, largeTime = Double.infinity
        for _ in 0..<3 {
            smallTime = min(smallTime, Self.fastest(runs: 3) { _ = linter.lint(text: small, file: "long") })
            largeTime = min(largeTime, Self.fastest(runs: 2) { _ = linter.lint(text: large, file: "long") })
            if largeTime <= Self.limit * smallTime { break }
        }
        #expect(largeTime <= Self.limit * smallTime,
                "\(small.utf8.count) bytes took \(smallTime) s, \(large.utf8.count) bytes \(largeTime) s (\(largeTime / smallTime)x)")
    }
}
}
