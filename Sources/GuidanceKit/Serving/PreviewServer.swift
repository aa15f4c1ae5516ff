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
    /// streams and the task that watches, builds and, once stopped, shuts
    /// down. An actor, so the compiler checks every access.
    private actor Status {
        var site: PreviewSite?
        var generation = 0
        var building = false
        var stopped = false
        var listeners: [Int: any Channel] = [:]
        var nextListener = 0
        var serverChannel: (any Channel)?
        /// Watches, builds, then shuts down (see `start`); `waitUntilStopped` awaits it.
        var lifecycle: Task<Void, Never>?

        func started(_ channel: any Channel, lifecycle: Task<Void, Never>) {
            serverChannel = channel
            self.lifecycle = lifecycle
        }

        /// The last site and the next build's generation; marks a build running.
        func beginBuild() -> (PreviewSite?, Int) {
            building = true
            return (site, generation + 1)
        }

        /// Keeps the new site; returns the event streams still open, to be told.
        func finishBuild(_ new: PreviewSite, generation: Int) -> [any Channel] {
            site = new
            self.generation = generation
            building = false
            listeners = listeners.filter { $0.value.isActive }
            return Array(listeners.values)
        }

        func snapshot() -> (PreviewSite?, Int, Bool) { (site, generation, building) }

        /// Registers an open event stream; returns the generation to send
        /// first, or nil once stopped. (Closed streams are dropped here and
        /// after each build.)
        func addListener(_ channel: any Channel) -> Int? {
            if stopped { return nil }
            listeners = listeners.filter { $0.value.isActive }
            listeners[nextListener] = channel
            nextListener += 1
            return generation
        }

        /// Marks the server stopped; returns the event streams and the listening channel to close.
        func stop() -> ([any Channel], (any Channel)?) {
            stopped = true
            let open = Array(listeners.values)
            listeners = [:]
            return (open, serverChannel)
        }
    }

    let options: Options
    private let status = Status()
    /// `stop()` finishes this stream; the lifecycle task then stops watching
    /// and shuts down (a signal handler or a `defer` cannot await).
    private let stopRequests: AsyncStream<Void>
    private let stopSignal: AsyncStream<Void>.Continuation
    /// The port bound, set once by `start` (read by every request's Host check).
    private let boundPort = Atomic<Int>(0)
    /// Connections open now: counted as each is accepted, so the cap holds at once.
    private let connections = Atomic<Int>(0)
    /// Where builds run (the print session's waits on Chromium run on its own).
    private let builds = QueueExecutor(label: "guidance.serve.build")
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
        printing = options.printer.map { PrintSession(printer: $0) }
        printCache = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-serve-\(UUID().uuidString)")
        (stopRequests, stopSignal) = AsyncStream<Void>.makeStream()
    }

    /// Binds the address (the port actually bound is returned; 0 asks for a
    /// free one), then starts watching and the first build.
    package func start() async throws(Failure) -> Int {
        guard FileManager.default.fileExists(atPath: options.root.appendingPathComponent("Guidance").path) else {
            throw Failure(description: "no Guidance/ folder in \(options.root.path); run guidance from the project root or pass --root DIR")
        }
        let idle = TimeAmount.milliseconds(Int64(max(0.05, options.idleTimeout) * 1000))
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AcceptPauseHandler())
                }
            }
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    guard admit(channel) else {
                        try channel.pipeline.syncOperations.addHandler(TurnAwayHandler())
                        return
                    }
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idle, writeTimeout: idle))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(PreviewHTTPHandler(server: self, heartbeat: .nanoseconds(idle.nanoseconds / 3)))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: options.host, port: options.port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw Failure(description: "port \(options.port) on \(options.host) is in use (another guidance serve?); stop it or pass --port with another number")
        } catch {
            throw Failure(description: "cannot listen on \(options.host):\(options.port): \(error)")
        }
        let port = channel.localAddress?.port ?? options.port
        boundPort.store(port, ordering: .releasing)
        let watcher = SourceWatcher(folder: options.root.appendingPathComponent("Guidance"))
        let stopRequests = self.stopRequests
        // Watching (and building) ends when stop() is called; only then, with
        // no build running, does the shutdown close the browser and the server.
        let lifecycle = Task { [self] in
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.watch(watcher) }
                group.addTask { for await _ in stopRequests {} }
                await group.next()
                group.cancelAll()
            }
            await shutdown()
        }
        await status.started(channel, lifecycle: lifecycle)
        return port
    }

    /// Counts a new connection in, unless the cap is reached.
    private func admit(_ channel: any Channel) -> Bool {
        let cap = max(1, options.maxConnections)
        var open = connections.load(ordering: .relaxed)
        while open < cap {
            let (counted, found) = connections.compareExchange(expected: open, desired: open + 1, ordering: .relaxed)
            if counted {
                channel.closeFuture.whenComplete { [self] _ in connections.subtract(1, ordering: .relaxed) }
                return true
            }
            open = found
        }
        return false
    }

    /// Connections open now (for tests and the status page).
    var openConnections: Int { connections.load(ordering: .relaxed) }

    /// Returns when the server has stopped: watching ended (and the build it
    /// was running), every event stream, the browser and the listening
    /// socket closed.
    package func waitUntilStopped() async {
        await status.lifecycle?.value
    }

    /// Stops watching and listening and ends every event stream; returns at
    /// once (a signal handler calls it). `waitUntilStopped` waits for the end.
    package func stop() {
        stopSignal.finish()
    }

    /// After watching has ended: no build runs or can start.
    private func shutdown() async {
        let (listeners, server) = await status.stop()
        for listener in listeners { listener.close(promise: nil) }
        // The browser goes before the server: the tool exits once the server
        // has closed, and must not leave a Chromium behind.
        await printing?.close()
        try? FileManager.default.removeItem(at: printCache)
        try? await server?.close()
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
        let listeners = await status.finishBuild(site, generation: generation)
        for listener in listeners { Self.send(event: "\(generation)", to: listener) }
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

    // MARK: Events

    /// Registers an open event stream; returns the generation to send first.
    func addListener(_ channel: any Channel) async -> Int? {
        await status.addListener(channel)
    }

    static func send(event data: String, to channel: any Channel) {
        let buffer = ByteBuffer(string: "data: \(data)\n\n")
        channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(buffer)), promise: nil)
    }
}

/// Out of file descriptors, `accept` fails at once and was tried again at
/// once, for ever (13,077 calls in 2 s, issue 23): instead, accepting stops
/// for a quarter of a second. (NIO's `AcceptBackoffHandler` cannot help: a
/// failed accept leaves NIO's read pending, so the listening socket stays
/// registered and epoll reports it again at once; turning `autoRead` off
/// takes it out of epoll until accepting resumes.)
private final class AcceptPauseHandler: ChannelInboundHandler {
    typealias InboundIn = Any
    static let pause = TimeAmount.milliseconds(250)
    private var paused = false

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard let io = error as? IOError, [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(io.errnoCode) else {
            context.fireErrorCaught(error)
            return
        }
        guard !paused, let options = context.channel.syncOptions else { return }
        paused = true
        try? options.setOption(.autoRead, value: false)
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: Self.pause) {
            handler.value.paused = false
            try? channel.syncOptions?.setOption(.autoRead, value: true)
        }
    }
}

/// A connection over the cap: told so (503, `Connection: close`) and closed,
/// its write side at once (so the client reads the answer, then the end),
/// the rest a moment later.
private final class TurnAwayHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let reply = {
        let text = "guidance serve has too many connections open; close some tabs and reload\n"
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(text.utf8.count)\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + text
    }()

    func channelActive(context: ChannelHandlerContext) {
        let written = context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: Self.reply)))
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.whenComplete { _ in bound.value.close(mode: .output, promise: nil) }
        context.eventLoop.scheduleTask(in: .seconds(1)) { bound.value.close(promise: nil) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}  // the request is not read

    func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }
}

/// One connection's requests: each answered whole, or (the event stream) kept open.
private final class PreviewHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: PreviewServer
    /// How often an open event stream gets a comment, so that an idle one is
    /// told from a dead one.
    let heartbeat: TimeAmount
    private var request: HTTPRequestHead?
    private var streaming = false
    private var beats: RepeatedTask?
    /// Set when the connection closes, so an answer that arrives after it
    /// (answers are made on the server's actor) starts nothing.
    private var closed = false

    init(server: PreviewServer, heartbeat: TimeAmount) {
        self.server = server
        self.heartbeat = heartbeat
    }

    /// Idle: a connection that sent nothing for the idle timeout is closed;
    /// an event stream (which sends nothing by design) only when its
    /// heartbeats stopped being taken.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent {
            switch idle {
            case .read where !streaming, .write where streaming: context.close(promise: nil)
            default: break
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// A request that cannot be parsed has been answered 400 with
    /// `Connection: close` (NIO's error handler, before this): close it, as said.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        beats?.cancel()
        beats = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): request = head
        case .body: break
        case .end:
            guard let head = request else { return }
            request = nil
            answer(head, context: context)
        }
    }

    private func answer(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let host = head.headers.first(name: "Host")
        if head.method == .GET, PreviewServer.sitePath(head.uri) == String(PreviewPage.eventsPath.dropFirst()),
           server.isAllowed(host: host) {
            return openEvents(head, context: context)
        }
        // Answered on the server's actor, then written on this connection's
        // event loop (NIO's pipelining handler holds a next request till then).
        let server = self.server
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.eventLoop.makeFutureWithTask {
            await server.response(method: head.method, uri: head.uri, host: host)
        }.whenSuccess { response in
            guard !handler.value.closed else { return }
            handler.value.write(response, to: head, context: bound.value)
        }
    }

    private func write(_ response: PreviewServer.Response, to head: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: "\(response.body.count)")
        headers.add(name: "Cache-Control", value: "no-store")
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        let keepAlive = head.isKeepAlive
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: response.status, headers: headers))),
                      promise: nil)
        if head.method != .HEAD && !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            written.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }

    private func openEvents(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/event-stream")
        headers.add(name: "Cache-Control", value: "no-store")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
        let server = self.server, channel = context.channel
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.eventLoop.makeFutureWithTask { await server.addListener(channel) }.whenSuccess { generation in
            guard !handler.value.closed else { return }
            handler.value.stream(from: generation, context: bound.value)
        }
    }

    /// The event stream, once registered (nil: the server is stopping).
    private func stream(from generation: Int?, context: ChannelHandlerContext) {
        guard let generation else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.close(promise: nil)
            return
        }
        let first = ByteBuffer(string: "retry: 1000\ndata: \(generation)\n\n")
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(first))), promise: nil)
        streaming = true
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        beats = context.eventLoop.scheduleRepeatedTask(initialDelay: heartbeat, delay: heartbeat) { _ in
            let comment = ByteBuffer(string: ": still here\n\n")
            bound.value.writeAndFlush(Self.wrapOutboundOut(.body(.byteBuffer(comment))), promise: nil)
        }
    }
}
