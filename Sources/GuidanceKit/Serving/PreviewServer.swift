import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// `guidance serve`: the site built in memory and served on loopback, rebuilt
/// when a file under `Guidance/` changes, open pages reloaded through
/// Server-Sent Events. Builds run on their own queue (`QueueExecutor`), so
/// the server keeps answering (with the last build) while one runs: a build
/// is seconds of parsing and of waiting on Chromium, which would hold a
/// thread of the cooperative pool (two on this machine). Never writes `Output/`.
/// The listening socket and the connections are in PreviewConnections.swift.
package final class PreviewServer: Sendable {
    package struct Options: Sendable {
        package var root: URL
        package var host: String
        package var port: Int
        /// Chromium for the page-fit check; nil serves without it.
        package var printer: Printer?
        /// The day review dates are judged on; nil for today at each build.
        package var asOf: Day?
        /// How often `Guidance/` is looked at, in seconds.
        package var pollInterval: TimeInterval
        /// Where a line about each build goes (standard error in the tool).
        package var log: @Sendable (String) -> Void
        /// Seconds a connection may send nothing before it is closed (an
        /// event stream instead gets a comment every third of this, and is
        /// closed when those stop being taken).
        package var idleTimeout: TimeInterval
        /// Connections open at once; one more is answered 503 and closed, so
        /// that idle or hostile clients cannot use up the file descriptors.
        package var maxConnections: Int

        package init(root: URL, host: String = "127.0.0.1", port: Int = 8000, printer: Printer? = Printer.locate(),
                    asOf: Day? = nil, pollInterval: TimeInterval = 0.3, idleTimeout: TimeInterval = 60,
                    maxConnections: Int = 200, log: @escaping @Sendable (String) -> Void = { _ in }) {
            self.root = root
            self.host = host
            self.port = port
            self.printer = printer
            self.asOf = asOf
            self.pollInterval = pollInterval
            self.idleTimeout = idleTimeout
            self.maxConnections = maxConnections
            self.log = log
        }
    }

    /// Why the server could not start (the tool exits 2).
    package struct Failure: Error, CustomStringConvertible, Sendable {
        package var description: String
    }

    /// What changes while the server runs: the last build, the open event
    /// streams and the task that watches, builds, serves and, once stopped,
    /// shuts down. An actor, so the compiler checks every access; run on the
    /// connections' queue (`answering`), as every answer asks it, so that it
    /// never waits for a thread of the cooperative pool (see `serve`).
    actor Status {
        private let executor: QueueExecutor
        nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
        var site: PreviewSite?
        var generation = 0
        var building = false
        var stopped = false
        /// Each open event stream's end that builds are told to (its
        /// connection's task writes what comes out of the other end).
        var streams: [Int: AsyncStream<Int>.Continuation] = [:]
        var nextStream = 0
        /// Watches, builds, serves, then shuts down (see `start`); `waitUntilStopped` awaits it.
        var lifecycle: Task<Void, Never>?

        init(executor: QueueExecutor) {
            self.executor = executor
        }

        func started(lifecycle: Task<Void, Never>) {
            self.lifecycle = lifecycle
        }

        /// The last site and the next build's generation; marks a build running.
        func beginBuild() -> (PreviewSite?, Int) {
            building = true
            return (site, generation + 1)
        }

        /// Keeps the new site and tells every open event stream its generation.
        func finishBuild(_ new: PreviewSite, generation: Int) {
            site = new
            self.generation = generation
            building = false
            for (id, stream) in streams {
                if case .terminated = stream.yield(generation) { streams[id] = nil }
            }
        }

        func snapshot() -> (PreviewSite?, Int, Bool) { (site, generation, building) }

        /// Opens an event stream: the generation to send first and the builds
        /// to come; nil once stopped.
        func openStream() -> EventStream? {
            if stopped { return nil }
            // A page needs only the newest generation: one slow to take them
            // is told the latest, not every one it missed.
            let (builds, continuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
            let id = nextStream
            nextStream += 1
            streams[id] = continuation
            return EventStream(id: id, first: generation, builds: builds)
        }

        /// Forgets a stream whose connection has ended.
        func closeStream(_ id: Int) {
            streams.removeValue(forKey: id)?.finish()
        }

        /// Marks the server stopped and ends every event stream.
        func stop() {
            stopped = true
            for stream in streams.values { stream.finish() }
            streams = [:]
        }
    }

    /// An open event stream, as its connection sees it.
    struct EventStream: Sendable {
        var id: Int
        var first: Int
        var builds: AsyncStream<Int>
    }

    let options: Options
    let status: Status
    /// `stop()` finishes this stream; the lifecycle task then stops watching
    /// and shuts down (a signal handler or a `defer` cannot await).
    private let stopRequests: AsyncStream<Void>
    private let stopSignal: AsyncStream<Void>.Continuation
    /// The port bound, set once by `start` (read by every request's Host check).
    private let boundPort = Atomic<Int>(0)
    /// Connections open now: counted as each is accepted, so the cap holds at once.
    let connections = Atomic<Int>(0)
    /// Where builds run (the print session's waits on Chromium run on its own).
    private let builds = QueueExecutor(label: "guidance.serve.build")
    /// Where connections are answered (see `serve`).
    let answering = QueueExecutor(label: "guidance.serve.connections")
    /// The pages and PDFs of the last build, so the print check reprints only what changed.
    private let printCache: URL
    /// One Chromium for every build (an actor: one build at a time drives
    /// it, and the shutdown closes it), and each PDF's preview picture.
    private let printing: PrintSession?
    private let previews = PreviewPictures()

    /// Page 1 of each PDF as the download page shows it, made once per PDF.
    private final class PreviewPictures: Sendable {
        private let pictures = Mutex<[Data: Data]>([:])
        func picture(of pdf: Data) -> Data? {
            if let png = pictures.withLock({ $0[pdf] }) { return png }
            let png = Printer.preview(of: pdf)
            if let png { pictures.withLock { $0[pdf] = png } }
            return png
        }
        func keep(only pdfs: Set<Data>) { pictures.withLock { $0 = $0.filter { pdfs.contains($0.key) } } }
    }

    package init(options: Options) {
        self.options = options
        status = Status(executor: answering)
        printing = options.printer.map { PrintSession(printer: $0) }
        printCache = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-serve-\(UUID().uuidString)")
        (stopRequests, stopSignal) = AsyncStream<Void>.makeStream()
    }

    /// Binds the address (the port actually bound is returned; 0 asks for a
    /// free one), then starts serving, watching and the first build.
    package func start() async throws(Failure) -> Int {
        guard FileManager.default.fileExists(atPath: options.root.appendingPathComponent("Guidance").path) else {
            throw Failure(description: "no Guidance/ folder in \(options.root.path); run guidance from the project root or pass --root DIR")
        }
        let listener = try await listen()
        let port = listener.channel.localAddress?.port ?? options.port
        boundPort.store(port, ordering: .releasing)
        let watcher = SourceWatcher(folder: options.root.appendingPathComponent("Guidance"))
        let stopRequests = self.stopRequests
        // Connections are answered until the shutdown closes the listening
        // socket. Watching (and building) ends when stop() is called; only
        // then, with no build running, does the shutdown close the browser
        // and the server. The task ends once every connection has.
        let lifecycle = Task { [self] in
            await withDiscardingTaskGroup { group in
                group.addTask { await self.serve(listener) }
                await withTaskGroup(of: Void.self) { watching in
                    watching.addTask { await self.watch(watcher) }
                    watching.addTask { for await _ in stopRequests {} }
                    await watching.next()
                    watching.cancelAll()
                }
                await shutdown(closing: listener.channel)
            }
        }
        await status.started(lifecycle: lifecycle)
        return port
    }

    /// Counts a new connection in, unless the cap is reached (the
    /// connection's task counts it out when it ends).
    func admit() -> Bool {
        let cap = max(1, options.maxConnections)
        var open = connections.load(ordering: .relaxed)
        while open < cap {
            let (counted, found) = connections.compareExchange(expected: open, desired: open + 1, ordering: .relaxed)
            if counted { return true }
            open = found
        }
        return false
    }

    /// Connections open now (for tests and the status page).
    var openConnections: Int { connections.load(ordering: .relaxed) }

    /// Returns when the server has stopped: watching ended (and the build it
    /// was running), every event stream, the browser, the listening socket
    /// and every connection closed.
    package func waitUntilStopped() async {
        await status.lifecycle?.value
    }

    /// Stops watching and listening and ends every event stream; returns at
    /// once (a signal handler calls it). `waitUntilStopped` waits for the end.
    package func stop() {
        stopSignal.finish()
    }

    /// After watching has ended: no build runs or can start. Closing the
    /// listening socket ends the accept loop, which then ends the
    /// connections still open (see `serve`).
    private func shutdown(closing listener: any Channel) async {
        await status.stop()
        // The browser goes before the server: the tool exits once the server
        // has closed, and must not leave a Chromium behind.
        await printing?.close()
        try? FileManager.default.removeItem(at: printCache)
        try? await listener.close()
    }

    // MARK: Building

    /// Looks a few times a second (a few dozen `stat` calls each time) and
    /// sleeps as a task in between, holding no thread, until cancelled. A
    /// change is built before the next look, so there is one build at a time,
    /// and saves during a build give one more build after it.
    private func watch(_ watcher: SourceWatcher) async {
        var last: SourceWatcher.Fingerprint?
        while !Task.isCancelled {
            let now = watcher.fingerprint()
            if now != last {
                last = now
                await build()
            }
            try? await Task.sleep(for: .seconds(options.pollInterval))
        }
    }

    /// One build, on the build queue (a build is seconds of parsing, which
    /// would hold a thread of the cooperative pool).
    private func build() async {
        let (previous, generation) = await status.beginBuild()
        let site = await withTaskExecutorPreference(builds) {
            await build(previous: previous, generation: generation)
        }
        await status.finishBuild(site, generation: generation)
    }

    /// Sheets parsed by earlier builds: a save re-parses only what changed.
    private let parsed = SheetCache()

    private func build(previous: PreviewSite?, generation: Int) async -> PreviewSite {
        // The first build may reuse the PDFs in Output/ (read only); later ones, the server's own.
        let reuse = previous == nil ? options.root.appendingPathComponent("Output") : printCache
        let previews = self.previews
        let preview: @Sendable (Data) -> Data? = { previews.picture(of: $0) }
        var site: PreviewSite
        do {
            site = try await PreviewSite.build(root: options.root, printer: options.printer, reuse: reuse,
                                               asOf: options.asOf ?? .today(), generation: generation,
                                               session: printing, sheets: parsed, preview: preview)
        } catch {
            let finding = Finding.error(.config, at: .noFile, error.description)
            site = PreviewSite(files: [:], findings: [finding], fileCount: 0, pages: [:], generation: generation, seconds: 0)
        }
        // Nothing to build from (configuration or templates broken): the last
        // good pages stay, with the new findings over them.
        if site.files.isEmpty, let previous {
            let findings = site.findings, seconds = site.seconds
            let withheld = site.withheld
            site = previous
            site.findings = findings
            site.generation = generation
            site.seconds = seconds
            site.withheld = withheld
            site.isLastGood = true
        } else {
            cachePrints(site)
        }
        // Pictures of PDFs no longer served are forgotten.
        previews.keep(only: Set(site.files.filter { $0.key.hasSuffix(".pdf") }.values))
        let summary = Summary(site.findings, files: site.fileCount)
        options.log(String(format: "Built %d sheet versions in %.2f s: %@", site.pages.count, site.seconds, summary.line))
        return site
    }

    /// Keeps each page with its PDF where the next build's print check looks for them.
    private func cachePrints(_ site: PreviewSite) {
        for (path, data) in site.files where path.hasSuffix(".html") || path.hasSuffix(".pdf") {
            let url = printCache.appendingPathComponent(path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if FileManager.default.contents(atPath: url.path) != data { try? data.write(to: url) }
        }
    }

    // MARK: Answering

    struct Response: Sendable {
        var status: HTTPResponseStatus
        var contentType: String
        var body: Data
        var headers: [(String, String)] = []
    }

    /// Whether a request's Host header names this server: a page on another
    /// name reaching it through DNS rebinding is refused.
    func isAllowed(host header: String?) -> Bool {
        guard let header = header?.lowercased() else { return false }
        let port = boundPort.load(ordering: .acquiring)
        var host = options.host.lowercased()
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        return ["localhost", "127.0.0.1", "[::1]", host].contains { name in
            header == "\(name):\(port)" || (port == 80 && header == name)
        }
    }

    /// The site path a request target names, or nil when it tries to leave the site.
    static func sitePath(_ uri: String) -> String? {
        let raw = String(uri.prefix { $0 != "?" && $0 != "#" })
        guard raw.hasPrefix("/"), let decoded = raw.removingPercentEncoding else { return nil }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if segments.contains(where: { $0 == ".." || $0 == "." || $0.contains("\0") || $0.contains("\\") }) { return nil }
        let path = segments.joined(separator: "/")
        return path.isEmpty ? "index.html" : path
    }

    static func contentType(_ path: String) -> String {
        switch path.split(separator: ".").last.map(String.init) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "txt": "text/plain; charset=utf-8"
        case "pdf": "application/pdf"
        case "json": "application/json"
        case "xml": "application/atom+xml"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }

    static func nonce() -> String {
        Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }

    func response(method: HTTPMethod, uri: String, host: String?) async -> Response {
        func plain(_ status: HTTPResponseStatus, _ text: String, headers: [(String, String)] = []) -> Response {
            Response(status: status, contentType: "text/plain; charset=utf-8", body: Data((text + "\n").utf8), headers: headers)
        }
        guard method == .GET || method == .HEAD else {
            return plain(.methodNotAllowed, "guidance serve answers GET and HEAD only", headers: [("Allow", "GET, HEAD")])
        }
        guard isAllowed(host: host) else {
            return plain(.forbidden, "this preview answers only to localhost, 127.0.0.1, [::1] or \(options.host), with its port")
        }
        guard let path = Self.sitePath(uri) else { return plain(.notFound, "not found") }
        let (site, generation, building) = await status.snapshot()
        if path == "_guidance/status" {
            let status: [String: Any] = ["generation": generation, "building": building,
                                         "errors": site?.errors.count ?? 0,
                                         "warnings": site?.findings.count(.warning) ?? 0]
            let json = (try? JSONSerialization.data(withJSONObject: status, options: [.sortedKeys])) ?? Data()
            return Response(status: .ok, contentType: "application/json", body: json)
        }
        guard let site else {
            return Response(status: .serviceUnavailable, contentType: "text/html; charset=utf-8",
                            body: PreviewPage.building(generation: generation, nonce: Self.nonce(),
                                                       message: "The first build is running; this page reloads when it is done."))
        }
        // Nothing built yet, and nothing to show (the registry or the
        // configuration broken from the start): a page that says why, never
        // a sheet with its placeholders as written.
        if site.files.isEmpty {
            return Response(status: .serviceUnavailable, contentType: "text/html; charset=utf-8",
                            body: PreviewPage.unbuilt(site, nonce: Self.nonce()))
        }
        guard let data = site.files[path] else { return plain(.notFound, "not found: /\(path)") }
        if path.hasSuffix(".html") {
            return Response(status: .ok, contentType: Self.contentType(path),
                            body: PreviewPage.decorate(data, path: path, site: site, nonce: Self.nonce()))
        }
        return Response(status: .ok, contentType: Self.contentType(path), body: data)
    }
}
