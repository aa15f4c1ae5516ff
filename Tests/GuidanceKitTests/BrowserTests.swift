import Foundation
import Synchronization
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// One Chromium for a whole run, over the DevTools pipe: started once for
/// many pages, started again once when it dies, and a clear error when it
/// cannot print. The real Chromium prints; a small shell wrapper in front of it
/// counts how often it is started (or plays a browser that dies or hangs).
@Suite(.tags(.browser), .serialized, .timeLimit(.minutes(3))) struct BrowserTests {
    static func page(_ text: String) -> Data {
        Data("""
            <!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>\(text)</title>
            <style>@page { size: A4; margin: 12mm; }</style></head><body><p>\(text)</p></body></html>
            """.utf8)
    }

    /// A wrapper that logs each start to `log`, then runs `body` (a shell line).
    static func wrapper(_ body: String, log: URL) throws -> Printer {
        let folder = try Support.temporaryFolder()
        let script = folder.appendingPathComponent("chromium")
        try Data("#!/bin/sh\necho start >> '\(log.path)'\n\(body)\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return Printer(chromium: script)
    }

    /// The real Chromium behind a wrapper that logs each start.
    static func loggedChromium() throws -> (printer: Printer, log: URL) {
        let real = try #require(Printer.locate(), "Chromium is needed: make test installs the chromium package")
        let log = try Support.temporaryFolder().appendingPathComponent("starts.log")
        return (try Self.wrapper("exec '\(real.chromium.path)' \"$@\"", log: log), log)
    }

    static func starts(_ log: URL) -> Int {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    @Test func manyPagesArePrintedByOneBrowser() async throws {
        let (printer, log) = try Self.loggedChromium()
        let session = PrintSession(printer: printer)
        for n in 1...4 {
            let pdf = try await session.pdf(html: Self.page("Page number \(n)"))
            #expect(Printer.pageCount(of: pdf) == 1 && Printer.isA4(pdf))
            #expect(Printer.text(of: pdf)?.contains("Page number \(n)") == true)
        }
        #expect(Self.starts(log) == 1, "four pages, one browser")
    }

    @Test func pagesPrintedTwoAtATimeComeBackInTheirOwnOrder() async throws {
        let (printer, log) = try Self.loggedChromium()
        let session = PrintSession(printer: printer)
        // Pages of different lengths, so that they finish out of order.
        let pages = (1...5).map { n in Self.page("Batch page \(n) " + String(repeating: "words ", count: n % 2 == 0 ? 400 : 1)) }
        let results = await session.pdfs(pages)
        #expect(results.count == 5)
        for (n, result) in zip(1..., results) {
            let pdf = try result.get()
            #expect(Printer.pageCount(of: pdf) == 1 && Printer.isA4(pdf))
            #expect(Printer.text(of: pdf)?.contains("Batch page \(n) ") == true, "page \(n) holds its own text")
        }
        #expect(Self.starts(log) == 1, "five pages, one browser")
    }

    @Test func aPageThatNeverLoadsFailsAloneAndThePagesPrintedBesideItAreKept() async throws {
        let (printer, log) = try Self.loggedChromium()
        // A page whose script never ends never finishes loading. (A request
        // that never gets an answer no longer hangs a page: the printer
        // refuses every request but the page's own, see PrintAddressTests.)
        let hanging = Data("""
            <!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>hangs</title></head>
            <body><p>Never printed</p><script>for (;;) {}</script></body></html>
            """.utf8)
        let session = PrintSession(printer: printer, pageTimeout: 3)
        let results = await session.pdfs([Self.page("First page"), hanging, Self.page("Third page"), Self.page("Fourth page")])
        #expect(results.count == 4)
        for (index, text) in [(0, "First page"), (2, "Third page"), (3, "Fourth page")] {
            let pdf = try results[index].get()
            #expect(Printer.text(of: pdf)?.contains(text) == true, "page \(index + 1) kept")
        }
        #expect(throws: (any Error).self) { try results[1].get() }
        #expect(Self.starts(log) == 2, "started once, and once more for the page that hung")
        // The next run may start the browser again.
        await session.beginRun()
        #expect(Printer.text(of: try await session.pdf(html: Self.page("Next run"))).map { $0.contains("Next run") } == true)
    }

    @Test func aBatchInABrowserThatHangsFailsEveryPageAfterOneRestartWithoutWaitingForEach() async throws {
        // One page in a browser that hangs: a timeout, a restart, a timeout.
        let single = try Support.temporaryFolder().appendingPathComponent("starts.log")
        let alone = PrintSession(printer: try Self.wrapper("exec sleep 60", log: single), pageTimeout: 1)
        let singleStarted = ContinuousClock.now
        #expect(await alone.pdfs([Self.page("never printed")]).count == 1)
        let one = ContinuousClock.now - singleStarted

        let log = try Support.temporaryFolder().appendingPathComponent("starts.log")
        let printer = try Self.wrapper("exec sleep 60", log: log)
        let session = PrintSession(printer: printer, pageTimeout: 1)
        let started = ContinuousClock.now
        let results = await session.pdfs((1...8).map { Self.page("never printed \($0)") })
        #expect(results.count == 8)
        for result in results {
            #expect(throws: (any Error).self) { try result.get() }
            if case .failure(let error) = result { #expect("\(error)".contains("could not print the sheet")) }
        }
        #expect(Self.starts(log) == 2, "started, then started once more, then no more")
        // Eight pages fail in about the time of one (waiting a timeout for each
        // would take four times as long or more): a ratio, so a busy machine,
        // which slows both, does not fail it.
        let eight = ContinuousClock.now - started
        #expect(eight < one * 2, "one page failed after \(one), eight after \(eight)")
        // A later page fails at once too.
        await #expect(throws: (any Error).self) { _ = try await session.pdf(html: Self.page("later")) }
        #expect(Self.starts(log) == 2)
    }

    @Test func aBrowserThatDiesIsStartedAgainOnce() async throws {
        let real = try #require(Printer.locate())
        let log = try Support.temporaryFolder().appendingPathComponent("starts.log")
        // The first start dies at once; the second is the real browser.
        let printer = try Self.wrapper("""
            [ "$(wc -l < '\(log.path)')" -le 1 ] && exit 1
            exec '\(real.chromium.path)' "$@"
            """, log: log)
        let session = PrintSession(printer: printer, pageTimeout: 20)
        let pdf = try await session.pdf(html: Self.page("Printed after a restart"))
        #expect(Printer.text(of: pdf)?.contains("Printed after a restart") == true)
        #expect(Self.starts(log) == 2)
    }

    /// One restart policy for one page or many: a page Chromium refuses (here
    /// an address it cannot navigate to) fails alone, the browser is not
    /// restarted for it, and the next page prints in the same browser.
    @Test func aRefusedPageFailsAloneAndTheBrowserKeepsPrinting() async throws {
        let (printer, log) = try Self.loggedChromium()
        let session = PrintSession(printer: printer)
        await #expect(throws: (any Error).self) { _ = try await session.pdf(html: Self.page("Refused"), address: "not an address") }
        let pdf = try await session.pdf(html: Self.page("Printed after a refusal"))
        #expect(Printer.text(of: pdf)?.contains("Printed after a refusal") == true)
        #expect(Self.starts(log) == 1, "a refused page does not restart the browser")
    }

    /// SIGPIPEs the library's writes raised (see the test below).
    static let pipeSignals = Atomic<Int>(0)

    /// The library leaves SIGPIPE as the process set it (the tool ignores it
    /// in its entry point): a write to a browser that died fails with EPIPE
    /// and the browser is started again, without the library changing how
    /// the whole process handles the signal, and without raising it.
    @Test func aBrowserThatDiesLeavesTheProcessSIGPIPEHandlingAlone() async throws {
        let real = try #require(Printer.locate())
        let log = try Support.temporaryFolder().appendingPathComponent("starts.log")
        // A handler of the test's own: a SIGPIPE neither ends the test run nor goes unnoticed.
        let counting: @convention(c) (Int32) -> Void = { _ in BrowserTests.pipeSignals.add(1, ordering: .relaxed) }
        let before = signal(SIGPIPE, counting)
        defer { signal(SIGPIPE, before) }
        Self.pipeSignals.store(0, ordering: .relaxed)
        // The first start dies at once (our writes to it hit a closed pipe); the second is the real browser.
        let printer = try Self.wrapper("""
            [ "$(wc -l < '\(log.path)')" -le 1 ] && exit 1
            exec '\(real.chromium.path)' "$@"
            """, log: log)
        let session = PrintSession(printer: printer, pageTimeout: 20)
        let pdf = try await session.pdf(html: Self.page("Printed after a restart"))
        await session.close()
        #expect(Printer.text(of: pdf)?.contains("Printed after a restart") == true)
        let now = signal(SIGPIPE, counting)
        #expect(unsafeBitCast(now, to: Int.self) == unsafeBitCast(counting, to: Int.self),
                "SIGPIPE's handler was changed by the library")
        #expect(Self.pipeSignals.load(ordering: .relaxed) == 0, "a write to the dead browser raised SIGPIPE")
    }

    @Test func aBrowserThatHangsFailsWithAClearErrorAfterOneRestart() async throws {
        let log = try Support.temporaryFolder().appendingPathComponent("starts.log")
        // Starts, never answers on the pipe.
        let hang = 60
        let printer = try Self.wrapper("exec sleep \(hang)", log: log)
        let session = PrintSession(printer: printer, pageTimeout: 1)
        let started = ContinuousClock.now
        await #expect {
            _ = try await session.pdf(html: Self.page("never printed"))
        } throws: { error in
            "\(error)".contains("could not print the sheet") && "\(error)".contains("did not answer")
        }
        #expect(Self.starts(log) == 2, "started, then started once more")
        // It gave up on its own page timeouts: it did not wait for the hung
        // browser to end (or for a third start).
        #expect(ContinuousClock.now - started < .seconds(hang / 2))
    }

    @Test func aBuildPrintsEveryChangedVersionInOneBrowser() async throws {
        let (printer, log) = try Self.loggedChromium()
        let sheets = Dictionary(uniqueKeysWithValues: (1...3).map { ("s\($0).md", Support.sheet("Sheet \($0).")) })
        let root = try Support.smallProject(sheets: sheets)
        let result = try await Build.run(root: root, output: root.appendingPathComponent("Output"),
                                   options: .init(asOf: Day(iso: "2026-11-15")!), print: .init(check: true, printer: printer))
        #expect(result.report != nil, "\(result.pipeline.findings)")
        #expect(Support.snapshot(root.appendingPathComponent("Output")).keys.filter { $0.hasSuffix(".pdf") && !$0.hasSuffix("all-sheets.pdf") }.count == 6)
        #expect(Self.starts(log) == 1, "six versions, one browser")
    }
}
}
