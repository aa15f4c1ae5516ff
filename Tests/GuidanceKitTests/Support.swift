import Foundation
import Testing
@testable import GuidanceKit

/// Paths and helpers shared by the tests.
enum Support {
    /// The package root, found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures = packageRoot.appendingPathComponent("Tests/GuidanceKitTests/Fixtures")

    /// The `guidance` binary built next to the test bundle.
    static var binary: URL {
        let products = Bundle(for: Marker.self).bundleURL.deletingLastPathComponent()
        let beside = products.appendingPathComponent("guidance")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return packageRoot.appendingPathComponent(".build/debug/guidance")
    }
    private final class Marker {}

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built binary with a time limit, so a hang fails the test instead of CI.
    static func guidance(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
                         stdin: String? = nil, timeout: TimeInterval = 60) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes while the process runs, so a full pipe never blocks it.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate(); throw TimedOut(arguments: arguments) }
        group.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    struct TimedOut: Error { var arguments: [String] }

    /// Runs a program (poppler's tools, say) and returns its exit status.
    static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        try capture(executable, arguments).status
    }

    /// Runs a program (a Python tool in the test venv, say) and returns its
    /// status and what it printed, for a failure message. Its output goes
    /// through files, so a full pipe never blocks it; with a `timeout`, a
    /// program still running then is stopped (its status says so).
    static func capture(_ executable: String, _ arguments: [String], timeout: TimeInterval? = nil) throws -> Run {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout"), err = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        if let timeout {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { usleep(50_000) }
            if process.isRunning { process.terminate() }
        }
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                   stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// A PDF's objects as qpdf's JSON (version 2) shows them: "obj:N 0 R" ->
    /// its value (a stream's dictionary for a stream), and "trailer".
    static func pdfObjects(_ pdf: URL) throws -> [String: Any] {
        let json = try capture("/usr/bin/qpdf", ["--json=2", "--json-key=qpdf", pdf.path]).stdout
        let top = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let qpdf = try #require(top["qpdf"] as? [Any])
        let objects = try #require(qpdf.last as? [String: [String: Any]])
        return objects.mapValues { ($0["value"] ?? ($0["stream"] as? [String: Any])?["dict"]) ?? [:] }
    }

    /// The dictionary `reference` ("12 0 R") points at, or `reference` itself when it is one.
    static func pdfDictionary(_ reference: Any?, in objects: [String: Any]) -> [String: Any]? {
        if let direct = reference as? [String: Any] { return direct }
        guard let reference = reference as? String else { return nil }
        return objects["obj:\(reference)"] as? [String: Any]
    }

    /// The site the stage list renders despite errors, as `guidance serve`
    /// shows it (`StageList.serve`), without a browser: the pages and text,
    /// and the download page, by output path.
    static func renderedDespiteErrors(root: URL, asOf: Day) async throws -> (Pipeline, [String: Data]) {
        let paper = Print(printer: nil, withoutPrinter: "not printed in this test", output: root.appendingPathComponent("Output"))
        let outcome = try await StageList.serve.run(root: root, options: .init(asOf: asOf), print: paper)
        let project = try #require(outcome.pipeline.project)
        let printed = try #require(outcome.printed, "the stage list stopped before printing: \(outcome.withheld ?? "")")
        return (outcome.pipeline, Publish.site(printed, project: project, preview: { _ in nil }))
    }

    /// The default page templates, carried in the binary (GuidanceKit's
    /// resources); a project's `Guidance/templates/` overrides them.
    static let shippedTemplates = packageRoot.appendingPathComponent("Sources/GuidanceKit/Resources/templates")
    static let templateNames = ["sheet.mustache", "index.mustache", "sheet.css"]

    static func shippedTemplate(_ name: String) throws -> String {
        try String(contentsOf: shippedTemplates.appendingPathComponent(name), encoding: .utf8)
    }

    /// Copies of the default templates in `Guidance/templates/`, as overrides
    /// to edit (what `guidance init --templates` writes).
    static func copyShippedTemplates(into root: URL) throws {
        let folder = root.appendingPathComponent("Guidance/templates")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in templateNames {
            try FileManager.default.copyItem(at: shippedTemplates.appendingPathComponent(name),
                                             to: folder.appendingPathComponent(name))
        }
    }

    /// A fresh copy of the shipped project (Guidance/ and Output/) in a temporary folder.
    static func copyOfProject() throws -> URL {
        let root = try temporaryFolder()
        for folder in ["Guidance", "Output"] {
            let source = packageRoot.appendingPathComponent(folder)
            if FileManager.default.fileExists(atPath: source.path) {
                try FileManager.default.copyItem(at: source, to: root.appendingPathComponent(folder))
            }
        }
        return root
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("guidance-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, to path: String, in root: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static func read(_ path: String, in root: URL) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every file below a folder with its bytes, for before/after comparisons.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        for path in Publisher(output: folder).listFiles(folder) {
            result[path] = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path)
        }
        return result
    }

    /// A sheet's text with front matter, for small tests.
    static func sheet(_ body: String, audiences: String = "[schools, agencies]", title: String = "Test sheet") -> String {
        """
        ---
        title: \(title)
        audiences: \(audiences)
        reviewed: 2026-11-01
        next-review: 2027-05-01
        ---

        \(body)
        """
    }

    static let registry = """
        contacts:
          mash:
            name: Children's Access Team (MASH)
            phone: 020 7946 0123
            email: mash@example.org
            hours: Monday to Friday
            url: https://example.org/mash
            verified: 2026-11-01
          lado:
            name: LADO
            phone: 020 7946 0456
            verified: 2026-11-01
        """

    /// A small project built from fixtures: Ofcom's drama numbers, never real ones.
    static func smallProject(sheets: [String: String], registry: String = registry,
                             config: String? = nil) throws -> URL {
        let root = try temporaryFolder()
        try write(config ?? """
            partnership: Test Partnership
            audiences:
              schools: Schools and colleges
              agencies: Other agencies
            """, to: "Guidance/guidance.yaml", in: root)
        try write(registry, to: "Guidance/contacts.yaml", in: root)
        try copyShippedTemplates(into: root)
        for (name, text) in sheets { try write(text, to: "Guidance/\(name)", in: root) }
        return root
    }
}
