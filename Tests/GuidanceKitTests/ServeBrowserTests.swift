import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// `guidance serve` with a sheet open in headless Chromium, driven by
/// Selenium as the browser audit is (Tests/browser/serve.py, from the
/// project's `.venv`): the page follows its source without being reloaded
/// by hand, and the error overlay comes and goes with a misspelt placeholder.
@Suite(.tags(.browser), .serialized, .timeLimit(.minutes(3))) struct ServeBrowserTests {
    @Test func anOpenSheetFollowsItsSourceAndShowsItsErrors() throws {
        let python = Support.packageRoot.appendingPathComponent(".venv/bin/python")
        try #require(FileManager.default.isExecutableFile(atPath: python.path),
                     "the browser test needs the project's .venv with selenium: run 'make audit' once (it creates .venv; 'make test' does too)")
        let root = try Support.copyOfProject()
        let server = try ServeProcess(root: root)
        defer { server.stop() }
        try server.waitUntilBuilt()

        let process = Process()
        process.executableURL = python
        process.arguments = [Support.packageRoot.appendingPathComponent("Tests/browser/serve.py").path,
                             "http://127.0.0.1:\(server.port)/schools/right-language.html",
                             root.appendingPathComponent("Guidance/right-language.md").path,
                             "Describe what happened and who did it.",
                             "Describe what happened and who did it. Changed while the browser watched."]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let text = TextBuffer()
        output.fileHandleForReading.readabilityHandler = { text.append($0.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        text.append(output.fileHandleForReading.readDataToEndOfFile())
        #expect(process.terminationStatus == 0, "\(text.text)")
        #expect(text.text.contains("ok: the edited text shown"), "\(text.text)")
    }
}
}
