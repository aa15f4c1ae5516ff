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

        let run = try Support.capture(python.path, [Support.packageRoot.appendingPathComponent("Tests/browser/serve.py").path,
                                                    "http://127.0.0.1:\(server.port)/schools/right-language.html",
                                                    root.appendingPathComponent("Guidance/right-language.md").path,
                                                    "Describe what happened and who did it.",
                                                    "Describe what happened and who did it. Changed while the browser watched."],
                                      timeout: 120)
        let said = run.stdout + run.stderr
        #expect(run.status == 0, "\(said)")
        #expect(said.contains("ok: the edited text shown"), "\(said)")
    }
}
}
