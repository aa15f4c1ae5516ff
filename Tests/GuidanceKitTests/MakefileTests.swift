import Foundation
import Testing

/// The Makefile is how the office and CI run everything; these tests run
/// make itself (dry runs only, `-n`), so they check what make would do.
@Suite struct MakefileTests {
    static let root = Support.packageRoot

    /// Runs make in the package root; standard output and error together.
    static func make(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        process.arguments = ["--no-print-directory", "-C", root.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `make help` names every target of the Makefile with what it does.
    @Test func makeHelpListsEveryTargetWithWhatItDoes() throws {
        let makefile = try String(contentsOf: Self.root.appendingPathComponent("Makefile"), encoding: .utf8)
        let targets = makefile.split(separator: "\n").compactMap { line -> String? in
            guard let match = line.prefixMatch(of: #/([a-z][a-z-]*):([^=]|$)/#) else { return nil }
            return String(match.output.1)
        }
        #expect(targets.count >= 15 && targets.contains("test") && targets.contains("help"), "\(targets)")
        let help = try Self.make(["-s", "help"])
        #expect(help.status == 0, "\(help.output)")
        let listed = help.output.split(separator: "\n").filter { !$0.hasPrefix("   ") }
        for target in targets {
            let line = listed.first { $0.split(separator: " ").first == Substring(target) }
            #expect(line != nil, "make help does not list \(target):\n\(help.output)")
            if let line { #expect(line.split(separator: " ").count > 2 && !line.contains("(no description)"), "\(line)") }
        }
    }

    /// `make eval-language` evaluates every labelled set in the folder the
    /// tests read, in the order they were written: tune, holdout, fresh, fresh-2, ...
    @Test func evalLanguageEvaluatesEverySetInTheFolder() throws {
        let folder = "Tests/GuidanceKitTests/Fixtures/language/evaluation"
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent(folder).path)
            .filter { $0.hasSuffix(".tsv") }
        let dryRun = try Self.make(["-n", "-B", "eval-language"])
        let line = try #require(dryRun.output.split(separator: "\n").first { $0.contains("lint-language --evaluate") },
                                "\(dryRun.output)")
        let evaluated = line.split(separator: " ").filter { $0.hasSuffix(".tsv") }.map { String($0) }
        #expect(Set(evaluated) == Set(names.map { "\(folder)/\($0)" }),
                "missing: \(Set(names.map { "\(folder)/\($0)" }).subtracting(evaluated).sorted())")
        let fresh = names.filter { $0.hasPrefix("fresh") }.map { name -> Int in
            name == "fresh.tsv" ? 1 : Int(name.dropFirst("fresh-".count).dropLast(".tsv".count)) ?? 0
        }.sorted()
        let expected = ["tune.tsv", "holdout.tsv"] + fresh.map { $0 == 1 ? "fresh.tsv" : "fresh-\($0).tsv" }
        #expect(evaluated == expected.map { "\(folder)/\($0)" }, "the order changed")
    }
}
