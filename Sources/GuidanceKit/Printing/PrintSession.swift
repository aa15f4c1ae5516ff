import Foundation

/// The printing of one run: one Chromium, started at the first page and kept
/// until `close()`. A page that hangs fails on its own after `pageTimeout`; a
/// browser that dies (or hangs) is started again once, and the pages not yet
/// printed tried again; after that every page of the run fails at once with a
/// clear error. An actor, so the compiler checks that one caller at a time
/// drives the browser (a pipeline run, or `guidance serve` between builds).
/// `guidance serve` keeps a session between builds and calls `beginRun()`
/// before each, so a browser lost in one build is started again in the next.
///
/// The browser is driven by blocking calls, each bounded by a deadline
/// (`Browser`): the actor runs them on a queue of its own (`QueueExecutor`),
/// never on one of the cooperative pool's few threads.
actor PrintSession {
    let printer: Printer
    let pageTimeout: TimeInterval
    private var browser: Browser?
    private var restarts = 0
    /// Set once the browser has failed after its restart: every later page
    /// fails at once with this error, instead of waiting out a timeout each.
    private var broken: Printer.PrintError?
    static let maximumRestarts = 1

    private let executor = QueueExecutor(label: "guidance.print")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    init(printer: Printer, pageTimeout: TimeInterval = 30) {
        self.printer = printer
        self.pageTimeout = pageTimeout
    }

    // No deinit: the browser's own closes Chromium when the session goes.

    /// A new run: the restart is available again and a past failure forgotten.
    func beginRun() {
        restarts = 0
        broken = nil
    }

    /// The PDF of one page, printed as if it stood at `address` (see `Browser`).
    func pdf(html: Data, address: String = Browser.standInAddress) throws -> Data {
        try pdfs([(html: html, address: address)])[0].get()
    }

    /// Several pages, printed two at a time; one result per page, in order.
    func pdfs(_ htmls: [Data]) -> [Result<Data, Error>] {
        pdfs(htmls.map { (html: $0, address: Browser.standInAddress) })
    }

    /// Several pages, each printed as if it stood at its address: the one
    /// print path. When the browser dies or a page hangs, the pages already
    /// printed are kept, the browser is started again (`restart(after:)`)
    /// and the pages not yet printed are printed in it.
    func pdfs(_ htmls: [(html: Data, address: String)]) -> [Result<Data, Error>] {
        var done = [Result<Data, Error>?](repeating: nil, count: htmls.count)
        while true {
            let left = done.indices.filter { done[$0] == nil }
            if left.isEmpty { return done.map { $0! } }
            if let broken { return done.map { $0 ?? .failure(broken) } }
            do {
                if browser == nil { browser = try Browser(chromium: printer.chromium, timeout: pageTimeout) }
                let printed = try browser!.pdfs(left.map { htmls[$0] }, timeout: pageTimeout)
                for (index, result) in zip(left, printed) { done[index] = result.mapError { $0 as Error } }
            } catch {
                if let batch = error as? Browser.BatchFailure {
                    for (index, result) in zip(left, batch.done) { done[index] = result?.mapError { $0 as Error } }
                }
                restart(after: error)
            }
        }
    }

    /// The one restart policy: a browser that failed (did not start, died,
    /// or let a page hang) is closed; the next page starts another, once per
    /// run. After that the session is broken and every page left fails at
    /// once with a clear error.
    private func restart(after error: Error) {
        browser?.close()
        browser = nil
        guard restarts < Self.maximumRestarts else {
            broken = Printer.PrintError(description: "Chromium (\(printer.chromium.path)) could not print the sheet: \(error)")
            return
        }
        restarts += 1
    }

    func close() {
        browser?.close()
        browser = nil
    }
}
