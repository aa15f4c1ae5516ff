import CSupport
import Foundation

/// One headless Chromium kept for a whole run and driven over the DevTools
/// protocol on a pipe (`--remote-debugging-pipe`: JSON messages ended by a NUL
/// byte, on file descriptors 3 and 4). Starting Chromium costs about a second;
/// printing a page in a browser already running costs a tenth of that.
///
/// Blocking and single-threaded by design: one page at a time, each call
/// bounded by a deadline, so a page that hangs fails on its own.
///
/// A page is printed as if it stood at its published address: the browser
/// is sent to that address and the request is answered from memory
/// (`Fetch.requestPaused`, `Fetch.fulfillRequest`). So a relative link comes
/// out of the PDF as an address on the published site, never as a `file://`
/// path in a temporary folder, and a PDF's bytes do not depend on where it
/// was printed. Every other request a page makes is refused, so printing
/// never fetches anything (Chromium resolves no names either).
final class Browser {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let chromium: URL
    private var pid: pid_t = 0
    private var toBrowser: Int32 = -1
    private var fromBrowser: Int32 = -1
    private var buffer: [UInt8] = []
    /// Bytes of `buffer` already searched for a message end.
    private var searched = 0
    private var nextID = 0
    private var session = ""
    private var events: [[String: Any]] = []
    /// The profile folder; no page is ever written to disk.
    private let folder: URL
    /// What each page session is loading and has not yet been sent: the
    /// HTML to answer with, and the address it stands at.
    private var serving: [String: (html: Data, address: String)] = [:]

    /// Starts Chromium and opens one page to print into.
    init(chromium: URL, timeout: TimeInterval = 30) throws {
        self.chromium = chromium
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            try start(timeout: timeout)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    private func start(timeout: TimeInterval) throws {
        let arguments = [
            chromium.path, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--log-level=3", "--remote-debugging-pipe",
            // Pages are answered from memory: no name is ever looked up.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "about:blank",
        ]
        var cArguments = arguments.map { strdup($0) }
        cArguments.append(nil)
        defer { cArguments.forEach { free($0) } }
        guard guidance_spawn_with_pipes(chromium.path, &cArguments, &toBrowser, &fromBrowser, &pid) == 0 else {
            throw Failure(description: "Chromium (\(chromium.path)) could not be started: \(String(cString: strerror(errno)))")
        }
        session = try openPage(until: Date().addingTimeInterval(timeout))
    }

    /// How every page is printed: on the page size its CSS asks for
    /// (`@page { size: A4 }`), tagged for screen readers and with an outline.
    private static var printParameters: [String: Any] {
        ["preferCSSPageSize": true, "printBackground": false, "displayHeaderFooter": false,
         "generateTaggedPDF": true, "generateDocumentOutline": true, "transferMode": "ReturnAsBase64"]
    }

    /// Where a page with no published address is printed from: a name that
    /// can never be anyone's (RFC 2606), and never a local path.
    static let standInAddress = "https://guidance.invalid/page.html"

    /// The PDF of one HTML page, laid out on the page size its CSS asks for
    /// (`@page { size: A4 }`), tagged for screen readers and with an outline,
    /// printed as if it stood at `address` (an absolute https address).
    func pdf(html: Data, address: String = Browser.standInAddress, timeout: TimeInterval = 30) throws -> Data {
        let deadline = Date().addingTimeInterval(timeout)
        events.removeAll()
        serving[session] = (html, address)
        defer { serving[session] = nil }
        let navigated = try call("Page.navigate", ["url": address], session: session, until: deadline)
        // A page that could not be loaded shows Chromium's error page, which is not to be printed.
        if let error = navigated["errorText"] as? String { throw Failure(description: "Chromium could not load the page: \(error)") }
        try wait(for: "Page.loadEventFired", until: deadline)
        let printed = try call("Page.printToPDF", Self.printParameters, session: session, until: deadline)
        guard let base64 = printed["data"] as? String, let pdf = Data(base64Encoded: base64), !pdf.isEmpty else {
            throw Failure(description: "Chromium returned no PDF")
        }
        return pdf
    }

    /// A batch that ended early (a page that hung, a browser that went), with
    /// the results of the pages that were done by then.
    struct BatchFailure: Error, CustomStringConvertible {
        var failure: Failure
        var done: [Result<Data, Failure>?]
        var description: String { failure.description }
    }

    /// Sessions of the extra pages `pdfs` prints in, opened when first needed.
    private var extraSessions: [String] = []

    /// A new page with its session, its page events enabled.
    private func openPage(until deadline: Date) throws -> String {
        let target = try call("Target.createTarget", ["url": "about:blank"], session: nil, until: deadline)
        guard let targetID = target["targetId"] as? String else { throw Failure(description: "Chromium opened no page") }
        let attached = try call("Target.attachToTarget", ["targetId": targetID, "flatten": true], session: nil, until: deadline)
        guard let session = attached["sessionId"] as? String else { throw Failure(description: "Chromium gave no page session") }
        _ = try call("Page.enable", [:], session: session, until: deadline)
        // Every request the page makes is paused here: its own address is
        // answered from memory, anything else refused (`answer(_:)`).
        _ = try call("Fetch.enable", ["patterns": [["urlPattern": "*", "requestStage": "Request"]]], session: session, until: deadline)
        return session
    }

    /// Answers a request a page made: the page's own document (the first
    /// document it asks for after `Page.navigate`, under whatever spelling of
    /// the address Chromium settled on) with its HTML; anything else (an
    /// image, a style sheet, a frame, a second document) refused.
    private func answer(_ paused: [String: Any]) {
        guard let session = paused["sessionId"] as? String, let parameters = paused["params"] as? [String: Any],
              let request = parameters["requestId"] as? String else { return }
        nextID += 1
        if parameters["resourceType"] as? String == "Document", let page = serving.removeValue(forKey: session) {
            send(["id": nextID, "method": "Fetch.fulfillRequest", "sessionId": session, "params": [
                "requestId": request, "responseCode": 200,
                "responseHeaders": [["name": "Content-Type", "value": "text/html; charset=utf-8"],
                                    ["name": "Cache-Control", "value": "no-store"]],
                "body": page.html.base64EncodedString(),
            ] as [String: Any]])
        } else {
            send(["id": nextID, "method": "Fetch.failRequest", "sessionId": session,
                  "params": ["requestId": request, "errorReason": "BlockedByClient"]])
        }
    }

    /// The PDFs of several pages, printed `pages` at a time in pages of
    /// their own (Chromium lays out and prints one while it loads another:
    /// on two cores, six sheets take about two thirds of the time).
    /// One result per page, in order: a page Chromium refuses fails on its
    /// own. A page that does not print within `timeout` of its start, or a
    /// browser that goes, ends the whole call with an error (the caller
    /// starts a browser again and prints the rest one by one).
    func pdfs(_ htmls: [(html: Data, address: String)], pages wanted: Int = 2,
              timeout: TimeInterval = 30) throws -> [Result<Data, Failure>] {
        var results = [Result<Data, Failure>?](repeating: nil, count: htmls.count)
        let parallel = max(1, min(wanted, htmls.count))
        while extraSessions.count < parallel - 1 {
            extraSessions.append(try openPage(until: Date().addingTimeInterval(timeout)))
        }
        let sessions = [session] + extraSessions.prefix(parallel - 1)
        enum Step { case loading(page: Int, request: Int), printing(page: Int, request: Int) }
        var steps: [String: (step: Step, deadline: Date)] = [:]
        var next = 0
        func start(in session: String) throws {
            guard next < htmls.count else { return }
            let page = next
            next += 1
            serving[session] = htmls[page]
            nextID += 1
            send(["id": nextID, "method": "Page.navigate", "params": ["url": htmls[page].address], "sessionId": session])
            steps[session] = (.loading(page: page, request: nextID), Date().addingTimeInterval(timeout))
        }
        func finish(_ session: String, page: Int, _ result: Result<Data, Failure>) throws {
            results[page] = result
            steps[session] = nil
            serving[session] = nil
            try start(in: session)
        }
        defer { for session in sessions { serving[session] = nil } }
        do {
            try run()
        } catch let failure as Failure {
            throw BatchFailure(failure: failure, done: results)
        }
        return results.map { $0 ?? .failure(Failure(description: "the page was not printed")) }

        func run() throws {
            for session in sessions { try start(in: session) }
            while !steps.isEmpty {
                let deadline = steps.values.map(\.deadline).min()!
                let message = try nextMessage(until: deadline, waitingFor: "a page to load and print")
                if let method = message["method"] as? String {
                    guard method == "Page.loadEventFired", let session = message["sessionId"] as? String,
                          let current = steps[session], case .loading(let page, _) = current.step else { continue }
                    nextID += 1
                    send(["id": nextID, "method": "Page.printToPDF", "sessionId": session, "params": Self.printParameters])
                    steps[session] = (.printing(page: page, request: nextID), current.deadline)
                    continue
                }
                guard let id = message["id"] as? Int,
                      let (session, current) = steps.first(where: {
                          switch $0.value.step { case .loading(_, let r), .printing(_, let r): r == id }
                      }) else { continue }
                let error = (message["error"] as? [String: Any])?["message"] as? String
                switch current.step {
                case .loading(let page, _):
                    // The navigation was accepted: wait for its load event. One
                    // that failed would load Chromium's error page instead.
                    let failed = error ?? ((message["result"] as? [String: Any])?["errorText"] as? String).map { "could not load the page: \($0)" }
                    if let failed { try finish(session, page: page, .failure(Failure(description: "Chromium refused Page.navigate: \(failed)"))) }
                case .printing(let page, _):
                    if let error {
                        try finish(session, page: page, .failure(Failure(description: "Chromium refused Page.printToPDF: \(error)")))
                    } else if let base64 = (message["result"] as? [String: Any])?["data"] as? String,
                              let pdf = Data(base64Encoded: base64), !pdf.isEmpty {
                        try finish(session, page: page, .success(pdf))
                    } else {
                        try finish(session, page: page, .failure(Failure(description: "Chromium returned no PDF")))
                    }
                }
            }
        }
    }

    /// Ends the browser and removes its profile; safe to call twice.
    func close() {
        if toBrowser >= 0 {
            nextID += 1
            send(["id": nextID, "method": "Browser.close"])
            Glibc.close(toBrowser)
            toBrowser = -1
        }
        if pid > 0 {
            // A little time to close by itself, then the end.
            var status: Int32 = 0
            var exited = false
            for _ in 0..<50 {
                if waitpid(pid, &status, WNOHANG) == pid { exited = true; break }
                usleep(10_000)
            }
            if !exited {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
            }
            pid = 0
        }
        if fromBrowser >= 0 {
            Glibc.close(fromBrowser)
            fromBrowser = -1
        }
        try? FileManager.default.removeItem(at: folder)
    }

    // MARK: The protocol

    private func send(_ message: [String: Any]) {
        guard toBrowser >= 0, var bytes = try? JSONSerialization.data(withJSONObject: message) else { return }
        bytes.append(0)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                // A browser that died would turn a plain write into SIGPIPE, which
                // ends the process unless it ignores the signal (the tool does; a
                // library must not decide that for its host): this write fails
                // with EPIPE instead, and the session restarts the browser.
                let written = guidance_write_without_sigpipe(toBrowser, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// Sends a command and waits for its answer; events that arrive meanwhile are kept.
    private func call(_ method: String, _ parameters: [String: Any], session: String?,
                      until deadline: Date) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": parameters]
        if let session { message["sessionId"] = session }
        send(message)
        while true {
            let reply = try nextMessage(until: deadline, waitingFor: method)
            if reply["id"] as? Int == id {
                if let error = reply["error"] as? [String: Any] {
                    throw Failure(description: "Chromium refused \(method): \(error["message"] as? String ?? "unknown error")")
                }
                return reply["result"] as? [String: Any] ?? [:]
            }
            if reply["method"] != nil { events.append(reply) }
        }
    }

    private func wait(for event: String, until deadline: Date) throws {
        while true {
            if events.contains(where: { $0["method"] as? String == event && $0["sessionId"] as? String == session }) { return }
            let message = try nextMessage(until: deadline, waitingFor: event)
            if message["method"] != nil { events.append(message) }
        }
    }

    /// The next whole message from the browser, or a failure at the deadline
    /// or when the browser has gone.
    private func nextMessage(until deadline: Date, waitingFor what: String) throws -> [String: Any] {
        while true {
            if let end = buffer[searched...].firstIndex(of: 0) {
                let bytes = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                searched = 0
                guard let message = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else { continue }
                // A page's request, answered at once whatever the caller waits for.
                if message["method"] as? String == "Fetch.requestPaused" {
                    answer(message)
                    continue
                }
                return message
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                throw Failure(description: "Chromium did not answer \(what) in time")
            }
            var descriptor = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, 1) * 1000))
            if ready < 0 && errno != EINTR { throw Failure(description: "cannot read from Chromium") }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = read(fromBrowser, &chunk, chunk.count)
            if count <= 0 {
                if count < 0 && errno == EINTR { continue }
                throw Failure(description: "Chromium stopped while \(what) was pending")
            }
            searched = buffer.count
            buffer.append(contentsOf: chunk[..<count])
        }
    }
}
