import Foundation

/// The printing of one run: one Chromium, started at the first page and kept
/// until `close()`. A page that hangs fails on its own after `pageTimeout`; a
/// browser that dies (or hangs) is started again once, and the page tried
/// again; after that every page fails with a clear error.
final class PrintSession {
    let printer: Printer
    var pageTimeout: TimeInterval
    private var browser: Browser?
    private var restarts = 0
    static let maximumRestarts = 1

    init(printer: Printer, pageTimeout: TimeInterval = 30) {
        self.printer = printer
        self.pageTimeout = pageTimeout
    }

    deinit { close() }

    func pdf(html: Data) throws -> Data {
        while true {
            do {
                if browser == nil { browser = try Browser(chromium: printer.chromium, timeout: pageTimeout) }
                return try browser!.pdf(html: html, timeout: pageTimeout)
            } catch {
                browser?.close()
                browser = nil
                guard restarts < Self.maximumRestarts else {
                    throw Printer.PrintError(description: "Chromium (\(printer.chromium.path)) could not print the sheet: \(error)")
                }
                restarts += 1
            }
        }
    }

    func close() {
        browser?.close()
        browser = nil
    }
}
