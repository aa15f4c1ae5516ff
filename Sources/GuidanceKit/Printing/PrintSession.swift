import Foundation

/// The printing of one run: one Chromium, started at the first page and kept
/// until `close()`. A page that hangs fails on its own after `pageTimeout`; a
/// browser that dies (or hangs) is started again once, and the page tried
/// again; after that every page of the run fails at once with a clear error.
/// `guidance serve` keeps a session between builds and calls `beginRun()`
/// before each, so a browser lost in one build is started again in the next.
final class PrintSession {
    let printer: Printer
    var pageTimeout: TimeInterval
    private var browser: Browser?
    private var restarts = 0
    /// Set once the browser has failed after its restart: every later page
    /// fails at once with this error, instead of waiting out a timeout each.
    private var broken: Printer.PrintError?
    static let maximumRestarts = 1

    init(printer: Printer, pageTimeout: TimeInterval = 30) {
        self.printer = printer
        self.pageTimeout = pageTimeout
    }

    deinit { close() }

    /// A new run: the restart is available again and a past failure forgotten.
    func beginRun() {
        restarts = 0
        broken = nil
    }

    /// The PDF of one page, printed as if it stood at `address` (see `Browser`).
    func pdf(html: Data, address: String = Browser.standInAddress) throws -> Data {
        if let broken { throw broken }
        while true {
            do {
                if browser == nil { browser = try Browser(chromium: printer.chromium, timeout: pageTimeout) }
                return try browser!.pdf(html: html, address: address, timeout: pageTimeout)
            } catch {
                browser?.close()
                browser = nil
                guard restarts < Self.maximumRestarts else {
                    let failure = Printer.PrintError(description: "Chromium (\(printer.chromium.path)) could not print the sheet: \(error)")
                    broken = failure
                    throw failure
                }
                restarts += 1
            }
        }
    }

    /// Several pages, printed two at a time; one result per page, in order.
    /// When the browser dies or a page hangs, the pages already printed are
    /// kept, the browser is started again (once, as for `pdf(html:)`) and the
    /// pages not yet printed are printed one by one.
    func pdfs(_ htmls: [Data]) -> [Result<Data, Error>] {
        pdfs(htmls.map { (html: $0, address: Browser.standInAddress) })
    }

    /// Several pages, each printed as if it stood at its address.
    func pdfs(_ htmls: [(html: Data, address: String)]) -> [Result<Data, Error>] {
        guard htmls.count > 1, broken == nil else { return htmls.map { page in Result { try pdf(html: page.html, address: page.address) } } }
        var done = [Result<Data, Error>?](repeating: nil, count: htmls.count)
        do {
            if browser == nil { browser = try Browser(chromium: printer.chromium, timeout: pageTimeout) }
            return try browser!.pdfs(htmls, timeout: pageTimeout).map { $0.mapError { $0 as Error } }
        } catch {
            if let batch = error as? Browser.BatchFailure {
                done = batch.done.map { $0.map { $0.mapError { $0 as Error } } }
            }
            browser?.close()
            browser = nil
            if restarts >= Self.maximumRestarts {
                let failure = Printer.PrintError(description: "Chromium (\(printer.chromium.path)) could not print the sheet: \(error)")
                broken = failure
                return done.map { $0 ?? .failure(failure) }
            }
            restarts += 1
            return zip(htmls, done).map { page, result in result ?? Result { try pdf(html: page.html, address: page.address) } }
        }
    }

    func close() {
        browser?.close()
        browser = nil
    }
}
