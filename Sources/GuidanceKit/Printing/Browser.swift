import CSupport
import Foundation

/// One headless Chromium kept for a whole run and driven over the DevTools
/// protocol on a pipe (`--remote-debugging-pipe`: JSON messages ended by a NUL
/// byte, on file descriptors 3 and 4). Starting Chromium costs about a second;
/// printing a page in a browser already running costs a tenth of that.
///
/// Blocking and single-threaded by design (its one owner is a `PrintSession`
/// actor; not `Sendable`): every call bounded by a deadline, so a page that
/// hangs fails on its own. The messages are typed (`DevTools`): a command
/// is encoded from its own parameters type, an answer decoded into the
/// fields this file reads.
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

    /// Where a page with no published address is printed from: a name that
    /// can never be anyone's (RFC 2606), and never a local path.
    static let standInAddress = "https://guidance.invalid/page.html"

    /// The PDF of one HTML page, laid out on the page size its CSS asks for
    /// (`@page { size: A4 }`), tagged for screen readers and with an outline,
    /// printed as if it stood at `address` (an absolute https address).
    /// The one print path: a batch of one page (`pdfs`).
    func pdf(html: Data, address: String = Browser.standInAddress, timeout: TimeInterval = 30) throws -> Data {
        do {
            return try pdfs([(html: html, address: address)], pages: 1, timeout: timeout)[0].get()
        } catch let batch as BatchFailure {
            throw batch.failure
        }
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
        let target = try call(.createTarget, DevTools.CreateTarget(url: "about:blank"), session: nil, until: deadline)
        guard let targetID = target.targetId else { throw Failure(description: "Chromium opened no page") }
        let attached = try call(.attachToTarget, DevTools.AttachToTarget(targetId: targetID, flatten: true),
                                session: nil, until: deadline)
        guard let session = attached.sessionId else { throw Failure(description: "Chromium gave no page session") }
        _ = try call(.pageEnable, DevTools.NoParameters(), session: session, until: deadline)
        // Every request the page makes is paused here: its own address is
        // answered from memory, anything else refused (`answer(_:)`).
        _ = try call(.fetchEnable, DevTools.FetchEnable(patterns: [.init(urlPattern: "*", requestStage: "Request")]),
                     session: session, until: deadline)
        return session
    }

    /// Answers a request a page made: the page's own document (the first
    /// document it asks for after `Page.navigate`, under whatever spelling of
    /// the address Chromium settled on) with its HTML; anything else (an
    /// image, a style sheet, a frame, a second document) refused.
    private func answer(_ paused: DevTools.Message) {
        guard let session = paused.sessionId, let request = paused.params?.requestId else { return }
        if paused.params?.resourceType == "Document", let page = serving.removeValue(forKey: session) {
            send(.fulfillRequest, DevTools.FulfillRequest(
                requestId: request, responseCode: 200,
                responseHeaders: [.init(name: "Content-Type", value: "text/html; charset=utf-8"),
                                  .init(name: "Cache-Control", value: "no-store")],
                body: page.html.base64EncodedString()), session: session)
        } else {
            send(.failRequest, DevTools.FailRequest(requestId: request, errorReason: "BlockedByClient"), session: session)
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
            let request = send(.navigate, DevTools.Navigate(url: htmls[page].address), session: session)
            steps[session] = (.loading(page: page, request: request), Date().addingTimeInterval(timeout))
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
                if let method = message.method {
                    guard method == DevTools.Event.loadEventFired, let session = message.sessionId,
                          let current = steps[session], case .loading(let page, _) = current.step else { continue }
                    let request = send(.printToPDF, DevTools.PrintToPDF(), session: session)
                    steps[session] = (.printing(page: page, request: request), current.deadline)
                    continue
                }
                guard let id = message.id,
                      let (session, current) = steps.first(where: {
                          switch $0.value.step { case .loading(_, let r), .printing(_, let r): r == id }
                      }) else { continue }
                let error = message.error.map { $0.message ?? "unknown error" }
                switch current.step {
                case .loading(let page, _):
                    // The navigation was accepted: wait for its load event. One
                    // that failed would load Chromium's error page instead.
                    let failed = error ?? message.result?.errorText.map { "could not load the page: \($0)" }
                    if let failed { try finish(session, page: page, .failure(Failure(description: "Chromium refused Page.navigate: \(failed)"))) }
                case .printing(let page, _):
                    if let error {
                        try finish(session, page: page, .failure(Failure(description: "Chromium refused Page.printToPDF: \(error)")))
                    } else if let base64 = message.result?.data, let pdf = Data(base64Encoded: base64), !pdf.isEmpty {
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
            send(.browserClose, DevTools.NoParameters(), session: nil)
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

    /// Sends a command (nothing once the pipe is closed); returns its id.
    @discardableResult
    private func send<Parameters: Encodable>(_ method: DevTools.Method, _ parameters: Parameters, session: String?) -> Int {
        nextID += 1
        let command = DevTools.Command(id: nextID, method: method.rawValue, sessionId: session, params: parameters)
        guard toBrowser >= 0, var bytes = try? JSONEncoder().encode(command) else { return nextID }
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
        return nextID
    }

    /// Sends a command and waits for its answer. (Events that arrive
    /// meanwhile are dropped: only `pdfs` waits for one, and it reads them itself.)
    private func call<Parameters: Encodable>(_ method: DevTools.Method, _ parameters: Parameters, session: String?,
                                             until deadline: Date) throws -> DevTools.Message.Answer {
        let id = send(method, parameters, session: session)
        while true {
            let reply = try nextMessage(until: deadline, waitingFor: method.rawValue)
            guard reply.id == id else { continue }
            if let error = reply.error {
                throw Failure(description: "Chromium refused \(method.rawValue): \(error.message ?? "unknown error")")
            }
            return reply.result ?? DevTools.Message.Answer()
        }
    }

    /// The next whole message from the browser, or a failure at the deadline
    /// or when the browser has gone.
    private func nextMessage(until deadline: Date, waitingFor what: String) throws -> DevTools.Message {
        while true {
            if let end = buffer[searched...].firstIndex(of: 0) {
                let bytes = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                searched = 0
                guard let message = try? JSONDecoder().decode(DevTools.Message.self, from: bytes) else { continue }
                // A page's request, answered at once whatever the caller waits for.
                if message.method == DevTools.Event.requestPaused {
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

/// The DevTools protocol messages this tool sends and reads, as types: each
/// command's parameters are checked by the compiler, and an answer is
/// decoded into the fields read here (any others are ignored).
enum DevTools {
    enum Method: String {
        case createTarget = "Target.createTarget"
        case attachToTarget = "Target.attachToTarget"
        case pageEnable = "Page.enable"
        case fetchEnable = "Fetch.enable"
        case navigate = "Page.navigate"
        case printToPDF = "Page.printToPDF"
        case fulfillRequest = "Fetch.fulfillRequest"
        case failRequest = "Fetch.failRequest"
        case browserClose = "Browser.close"
    }

    enum Event {
        static let loadEventFired = "Page.loadEventFired"
        static let requestPaused = "Fetch.requestPaused"
    }

    /// `{"id": 1, "method": "Page.navigate", "sessionId": "...", "params": {...}}`
    /// (no `sessionId` for the browser's own commands).
    struct Command<Parameters: Encodable>: Encodable {
        var id: Int
        var method: String
        var sessionId: String?
        var params: Parameters
    }

    struct NoParameters: Encodable {}

    struct CreateTarget: Encodable { var url: String }

    struct AttachToTarget: Encodable {
        var targetId: String
        var flatten: Bool
    }

    struct FetchEnable: Encodable {
        struct Pattern: Encodable {
            var urlPattern: String
            var requestStage: String
        }
        var patterns: [Pattern]
    }

    struct Navigate: Encodable { var url: String }

    /// How every page is printed: on the page size its CSS asks for
    /// (`@page { size: A4 }`), tagged for screen readers and with an outline.
    struct PrintToPDF: Encodable {
        var preferCSSPageSize = true
        var printBackground = false
        var displayHeaderFooter = false
        var generateTaggedPDF = true
        var generateDocumentOutline = true
        var transferMode = "ReturnAsBase64"
    }

    struct Header: Encodable {
        var name: String
        var value: String
    }

    struct FulfillRequest: Encodable {
        var requestId: String
        var responseCode: Int
        var responseHeaders: [Header]
        /// The response body, base64.
        var body: String
    }

    struct FailRequest: Encodable {
        var requestId: String
        var errorReason: String
    }

    /// What the browser sends: the answer to a command (`id`, with `result`
    /// or `error`), or an event (`method`, `params`). Each field is read on
    /// its own, so that one of an unexpected type loses only itself.
    struct Message: Decodable {
        var id: Int?
        var method: String?
        var sessionId: String?
        var result: Answer?
        var error: Refusal?
        var params: EventParameters?

        /// The fields of the answers read here: `Target.createTarget`
        /// (`targetId`), `Target.attachToTarget` (`sessionId`),
        /// `Page.navigate` (`errorText`), `Page.printToPDF` (`data`, base64).
        struct Answer: Decodable {
            var targetId: String?
            var sessionId: String?
            var errorText: String?
            var data: String?

            init() {}

            init(from decoder: any Decoder) throws {
                let fields = try decoder.container(keyedBy: CodingKeys.self)
                targetId = try? fields.decodeIfPresent(String.self, forKey: .targetId)
                sessionId = try? fields.decodeIfPresent(String.self, forKey: .sessionId)
                errorText = try? fields.decodeIfPresent(String.self, forKey: .errorText)
                data = try? fields.decodeIfPresent(String.self, forKey: .data)
            }

            private enum CodingKeys: String, CodingKey { case targetId, sessionId, errorText, data }
        }

        struct Refusal: Decodable {
            var message: String?

            init(from decoder: any Decoder) throws {
                message = try? decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .message)
            }

            private enum CodingKeys: String, CodingKey { case message }
        }

        /// The fields of `Fetch.requestPaused` read here.
        struct EventParameters: Decodable {
            var requestId: String?
            var resourceType: String?

            init(from decoder: any Decoder) throws {
                let fields = try decoder.container(keyedBy: CodingKeys.self)
                requestId = try? fields.decodeIfPresent(String.self, forKey: .requestId)
                resourceType = try? fields.decodeIfPresent(String.self, forKey: .resourceType)
            }

            private enum CodingKeys: String, CodingKey { case requestId, resourceType }
        }

        init(from decoder: any Decoder) throws {
            let fields = try decoder.container(keyedBy: CodingKeys.self)
            id = try? fields.decodeIfPresent(Int.self, forKey: .id)
            method = try? fields.decodeIfPresent(String.self, forKey: .method)
            sessionId = try? fields.decodeIfPresent(String.self, forKey: .sessionId)
            result = try? fields.decodeIfPresent(Answer.self, forKey: .result)
            error = try? fields.decodeIfPresent(Refusal.self, forKey: .error)
            params = try? fields.decodeIfPresent(EventParameters.self, forKey: .params)
        }

        private enum CodingKeys: String, CodingKey { case id, method, sessionId, result, error, params }
    }
}
