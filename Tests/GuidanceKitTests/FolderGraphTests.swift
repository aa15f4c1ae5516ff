import Foundation
import Testing

/// The library's folders follow the stages (docs/architecture.md): a folder
/// uses the types of the folders before it, never of the stages after it, so
/// each can be read (and changed) knowing only what comes before. Folder A
/// depends on folder B when a file in A names a type declared at the top
/// level of a file in B (comments and string literals aside).
@Suite struct FolderGraphTests {
    static let library = Support.packageRoot.appendingPathComponent("Sources/GuidanceKit")

    /// Each folder's Swift sources, comments and string literals blanked.
    static func sources() throws -> [(folder: String, text: String)] {
        let enumerator = FileManager.default.enumerator(atPath: library.path)
        var result: [(String, String)] = []
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift"), let folder = path.split(separator: "/").first, path.contains("/") else { continue }
            let text = try String(contentsOf: library.appendingPathComponent(path), encoding: .utf8)
                .replacing(#/\/\/[^\n]*/#, with: "")
                .replacing(#/"(?:[^"\\\n]|\\.)*"/#, with: "\"\"")
            result.append((String(folder), text))
        }
        return result
    }

    /// Folder -> the folders whose types its files name.
    static func graph() throws -> [String: Set<String>] {
        let files = try sources()
        var home: [String: String] = [:]
        let declaration = #/(?m)^(?:(?:public|package|private|fileprivate|internal|final|indirect|@\w+)\s+)*(?:struct|enum|class|protocol|actor|typealias)\s+([A-Z]\w*)/#
        for file in files {
            for match in file.text.matches(of: declaration) where home[String(match.output.1)] == nil {
                home[String(match.output.1)] = file.folder
            }
        }
        var graph: [String: Set<String>] = [:]
        for file in files {
            graph[file.folder, default: []].formUnion([])
            for match in file.text.matches(of: #/\b[A-Z]\w*\b/#) {
                if let other = home[String(match.output)], other != file.folder { graph[file.folder, default: []].insert(other) }
            }
        }
        return graph
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
