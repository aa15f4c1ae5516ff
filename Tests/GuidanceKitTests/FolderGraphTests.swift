import Foundation
import Testing

/// The library's folders follow the stages (docs/architecture.md): a folder
/// uses the types of the folders before it, never of the stages after it, so
/// each can be read (and changed) knowing only what comes before. Folder A
/// depends on folder B when a file in A names a type declared at the top
/// level of a file in B (comments and string literals aside).
@Suite struct FolderGraphTests {
    static let library = Support.packageRoot.appendingPathComponent("Sources/GuidanceKit")

    /// Each folder's Swift sources, comments and string literals blanked: a
    /// multi-line literal keeps only what it interpolates (`\(OutputLayout.index)`
    /// names a type; "RSS Feed" in a page's words does not).
    static func sources() throws -> [(folder: String, text: String)] {
        let enumerator = FileManager.default.enumerator(atPath: library.path)
        var result: [(String, String)] = []
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift"), let folder = path.split(separator: "/").first, path.contains("/") else { continue }
            let text = try String(contentsOf: library.appendingPathComponent(path), encoding: .utf8)
                .replacing(#/"""[\s\S]*?"""/#) { literal in
                    literal.output.matches(of: #/\\\(([^()\n]*(?:\([^()\n]*\))?[^()\n]*)\)/#).map { String($0.output.1) }.joined(separator: " ")
                }
                .replacing(#/\/\/[^\n]*/#, with: "")
                .replacing(#/"(?:[^"\\\n]|\\.)*"/#, with: "\"\"")
            result.append((String(folder), text))
        }
        return result
    }

    /// Folder -> the folders whose types its files name -> those types.
    static func uses() throws -> [String: [String: Set<String>]] {
        let files = try sources()
        var home: [String: String] = [:]
        let declaration = #/(?m)^(?:(?:public|package|private|fileprivate|internal|final|indirect|@\w+)\s+)*(?:struct|enum|class|protocol|actor|typealias)\s+([A-Z]\w*)/#
        for file in files {
            for match in file.text.matches(of: declaration) where home[String(match.output.1)] == nil {
                home[String(match.output.1)] = file.folder
            }
        }
        var uses: [String: [String: Set<String>]] = [:]
        for file in files {
            uses[file.folder, default: [:]].merge([:]) { old, _ in old }
            for match in file.text.matches(of: #/\b[A-Z]\w*\b/#) {
                let type = String(match.output)
                if let other = home[type], other != file.folder { uses[file.folder, default: [:]][other, default: []].insert(type) }
            }
        }
        return uses
    }

    /// Folder -> the folders whose types its files name.
    static func graph() throws -> [String: Set<String>] {
        try uses().mapValues { Set($0.keys) }
    }

    /// One cycle of `graph` as the folders along it, first folder repeated
    /// at the end ("A", "B", "A"), or nil when there is none.
    static func cycle(in graph: [String: Set<String>]) -> [String]? {
        var done = Set<String>()
        var path: [String] = []
        func visit(_ folder: String) -> [String]? {
            if let start = path.firstIndex(of: folder) { return Array(path[start...]) + [folder] }
            guard !done.contains(folder) else { return nil }
            path.append(folder)
            for next in (graph[folder] ?? []).sorted() {
                if let found = visit(next) { return found }
            }
            path.removeLast()
            done.insert(folder)
            return nil
        }
        for folder in graph.keys.sorted() {
            if let found = visit(folder) { return found }
        }
        return nil
    }

    /// Every folder `folder` leads to, directly or not.
    static func reachable(from folder: String, in graph: [String: Set<String>]) -> Set<String> {
        var seen = Set<String>()
        var next = Array(graph[folder] ?? [])
        while let current = next.popLast() {
            guard seen.insert(current).inserted else { continue }
            next += graph[current] ?? []
        }
        return seen
    }

    @Test func pipelineIsUsedByNoStageItAssembles() throws {
        let graph = try Self.graph()
        let looping = graph.keys.filter { Self.reachable(from: $0, in: graph).contains("Pipeline") && Self.reachable(from: "Pipeline", in: graph).contains($0) }
        #expect(looping.sorted() == [], "these folders and Pipeline/ use each other's types: \(looping.sorted())")
    }

    /// No folder leads back to itself: each can be read knowing only the
    /// folders it uses, and the folders can be listed in pipeline order
    /// (docs/architecture.md, "The folders and what they use").
    @Test func theFoldersFormNoCycle() throws {
        let uses = try Self.uses()
        let cycle = Self.cycle(in: uses.mapValues { Set($0.keys) })
        let steps = zip(cycle ?? [], (cycle ?? []).dropFirst()).map { from, to in
            "\(from)/ -> \(to)/ (\((uses[from]?[to] ?? []).sorted().joined(separator: ", ")))"
        }
        #expect(cycle == nil, "the folders use each other's types in a cycle: \(steps.joined(separator: "; "))")
    }

    @Test func validationDoesNotReachIntoPublishingOrPipeline() throws {
        let graph = try Self.graph()
        for (from, to) in [("Validation", "Pipeline"), ("Publishing", "Pipeline"), ("Printing", "Pipeline"),
                           ("Rendering", "Pipeline"), ("Contacts", "Validation")] {
            #expect(!(graph[from] ?? []).contains(to), "\(from)/ names a type of \(to)/")
        }
    }

    /// The command line names the library's entry points as they are: none
    /// of its commands shares a name with a library type.
    @Test func theCommandLineNeedsNoQualifiedNames() throws {
        let cli = Support.packageRoot.appendingPathComponent("Sources/guidance")
        var qualified: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: cli.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: cli.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("GuidanceKit.") {
                qualified.append("\(file):\(number + 1)")
            }
        }
        #expect(qualified == [], "qualified with GuidanceKit.: \(qualified)")
    }
}
