import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Listening and answering, with swift-nio's async API: the listening socket
/// is an `NIOAsyncChannel` whose inbound is the connections accepted; each
/// connection is a child task of the accept loop's task group, reading its
/// requests from its own `NIOAsyncChannel` and writing the answers to it. So
/// closing the listening socket ends the loop, the loop ends the connections
/// still open, and the server's lifecycle task (see `start`) ends only once
/// every connection has.
extension PreviewServer {
    typealias HTTPConnection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    typealias ResponseWriter = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>

    /// A connection as accepted: counted in and speaking HTTP, or over the
    /// cap and about to be told so in raw bytes.
    enum Accepted: Sendable {
        case admitted(HTTPConnection)
        case turnedAway(NIOAsyncChannel<ByteBuffer, ByteBuffer>)
    }

    /// Binds the address; what connects waits for `serve` to accept it.
    func listen() async throws(Failure) -> NIOAsyncChannel<Accepted, Never> {
        let idle = TimeAmount.milliseconds(Int64(max(0.05, options.idleTimeout) * 1000))
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelInitializer { channel in
                // A handler, ahead of the ones the async bind adds after this
                // (NIO's AcceptBackoffHandler, then the async channel's): an
                // accept that fails for want of file descriptors is an error
                // in this channel's pipeline, never seen by the accept loop.
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AcceptPauseHandler())
                }
            }
        do {
            return try await bootstrap.bind(host: options.host, port: options.port) { [self] channel in
                channel.eventLoop.makeCompletedFuture { try accept(channel, idle: idle) }
            }
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw Failure(description: "port \(options.port) on \(options.host) is in use (another guidance serve?); stop it or pass --port with another number")
        } catch {
            throw Failure(description: "cannot listen on \(options.host):\(options.port): \(error)")
        }
    }

    /// Sets up a connection just accepted, on its event loop, before it has
    /// read anything. It is counted here, at once, so that the cap holds
    /// however fast connections come.
    private func accept(_ channel: any Channel, idle: TimeAmount) throws -> Accepted {
        let pipeline = channel.pipeline.syncOperations
        // With half-closure, finishing the writer shuts our side only once
        // what was written has gone: an answer followed by a close arrives
        // whole (closing at once drops what the socket had not yet taken).
        guard admit() else {
            // Given a second to read the answer and close.
            try pipeline.addHandler(IdleStateHandler(allTimeout: .seconds(1)))
            try pipeline.addHandler(IdleCloser())
            return .turnedAway(try NIOAsyncChannel(wrappingChannelSynchronously: channel,
                                                   configuration: .init(isOutboundHalfClosureEnabled: true)))
        }
        do {
            // Nothing read or written for the idle timeout closes the
            // connection: a silent one, a keep-alive one nobody uses, and an
            // event stream whose comments (one every third of the timeout)
            // have stopped being taken.
            try pipeline.addHandler(IdleStateHandler(allTimeout: idle))
            try pipeline.addHandler(IdleCloser())
            try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
            return .admitted(try HTTPConnection(wrappingChannelSynchronously: channel,
                                                configuration: .init(isOutboundHalfClosureEnabled: true)))
        } catch {
            connections.subtract(1, ordering: .relaxed)
            throw error
        }
    }

    /// Accepts connections until the listening socket closes (see
    /// `shutdown`), each answered in a task of its own; then ends those
    /// still open, and returns once every one has.
    func serve(_ listener: NIOAsyncChannel<Accepted, Never>) async {
        do {
            // The loop and every connection's task on a queue of their own
            // (as builds are): the cooperative pool is two Dispatch threads
            // here, and with a build running (its `concurrentPerform` uses
            // Dispatch's threads too) beside a caller blocked in a read,
            // connections waited most of a second for one, longer than a
            // short idle timeout.
            try await withTaskExecutorPreference(answering) {
                try await serve(accepting: listener)
            }
        } catch {
            // Not a stop (closing the socket ends the loop without an
            // error): nothing more can connect, so the server stops.
            options.log("stopped accepting connections: \(error)")
            stop()
        }
    }

    private func serve(accepting listener: NIOAsyncChannel<Accepted, Never>) async throws {
        try await listener.executeThenClose { accepted in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in accepted {
                    group.addTask {
                        switch connection {
                        case .admitted(let connection): await self.answer(connection)
                        case .turnedAway(let connection): await Self.turnAway(connection)
                        }
                    }
                }
                // The server is stopping: keep-alive connections and event
                // streams end too.
                group.cancelAll()
            }
        }
    }

    /// How often an open event stream gets a comment, so that an idle one is
    /// told from a dead one.
    private var heartbeat: TimeAmount { .milliseconds(Int64(max(0.05, options.idleTimeout) * 1000) / 3) }

    /// One connection's requests, answered in turn until the client closes,
    /// the idle timeout closes it or the server stops. An event stream, once
    /// asked for, is written by a child task while this one waits for the
    /// client to go (reading is how its going is seen).
    private func answer(_ connection: HTTPConnection) async {
        // Counted in by `accept`; out once closed.
        defer { connections.subtract(1, ordering: .relaxed) }
        // A request that cannot be parsed has been answered 400 with
        // `Connection: close` (NIO's error handler) and ends the reading with
        // its error: the connection is closed, as said.
        try? await connection.executeThenClose { requests, outbound in
            try await withThrowingDiscardingTaskGroup { streams in
                var head: HTTPRequestHead?
                for try await part in requests {
                    guard case .end = part else {
                        if case .head(let request) = part { head = request }
                        continue
                    }
                    guard let request = head.take() else { continue }
                    if isEventStream(request) {
                        if let stream = try await openEvents(request, on: outbound) {
                            let loop = connection.channel.eventLoop
                            streams.addTask { await self.send(stream, to: outbound, timedBy: loop) }
                        }
                        continue
                    }
                    let response = await response(method: request.method, uri: request.uri,
                                                  host: request.headers.first(name: "Host"))
                    try await write(response, to: request, on: outbound)
                    // `Connection: close`: our side is shut once the answer has
                    // gone, and the connection closes when the client closes
                    // (or at the idle timeout). Closing at once could reset a
                    // connection the client has sent more on, losing the answer.
                    if !request.isKeepAlive { outbound.finish() }
                }
                // The client has gone (or the server is stopping): so has
                // anyone reading its event stream.
                streams.cancelAll()
            }
        }
    }

    private func isEventStream(_ request: HTTPRequestHead) -> Bool {
        request.method == .GET && Self.sitePath(request.uri) == String(PreviewPage.eventsPath.dropFirst())
            && isAllowed(host: request.headers.first(name: "Host"))
    }

    private func write(_ response: Response, to request: HTTPRequestHead, on outbound: ResponseWriter) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: "\(response.body.count)")
        headers.add(name: "Cache-Control", value: "no-store")
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        headers.add(name: "Connection", value: request.isKeepAlive ? "keep-alive" : "close")
        var parts: [HTTPServerResponsePart] = [.head(HTTPResponseHead(version: request.version, status: response.status,
                                                                      headers: headers))]
        if request.method != .HEAD && !response.body.isEmpty {
            parts.append(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
        }
        parts.append(.end(nil))
        try await outbound.write(contentsOf: parts)
    }

    /// The event stream's head, and the stream registered; nil (and the
    /// response ended) when the server is stopping.
    private func openEvents(_ request: HTTPRequestHead, on outbound: ResponseWriter) async throws -> EventStream? {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/event-stream")
        headers.add(name: "Cache-Control", value: "no-store")
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: .ok, headers: headers)))
        guard let stream = await status.openStream() else {
            try await outbound.write(.end(nil))
            outbound.finish()
            return nil
        }
        return stream
    }

    /// Writes an event stream: the generation now, then one event per build
    /// and a comment every third of the idle timeout, until the server stops
    /// (the response then ends, and the connection with it) or the client
    /// goes (this task is then cancelled). The comments are timed by the
    /// connection's event loop (see `pause`).
    private func send(_ stream: EventStream, to outbound: ResponseWriter, timedBy loop: any EventLoop) async {
        let heartbeat = self.heartbeat
        try? await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await outbound.write(Self.event("retry: 1000\ndata: \(stream.first)\n\n"))
                for await generation in stream.builds {
                    try await outbound.write(Self.event("data: \(generation)\n\n"))
                }
                try Task.checkCancellation()
                try await outbound.write(.end(nil))
                outbound.finish()
            }
            group.addTask {
                while true {
                    try await loop.pause(for: heartbeat)
                    try await outbound.write(Self.event(": still here\n\n"))
                }
            }
            // Whichever ends first (the builds at a stop, or a write that
            // failed) ends the other.
            _ = try await group.next()
            group.cancelAll()
        }
        await status.closeStream(stream.id)
    }

    private static func event(_ text: String) -> HTTPServerResponsePart {
        .body(.byteBuffer(ByteBuffer(string: text)))
    }

    private static let tooManyConnections = {
        let text = "guidance serve has too many connections open; close some tabs and reload\n"
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(text.utf8.count)\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + text
    }()

    /// A connection over the cap: told so (503, `Connection: close`) without
    /// its request being read, our side shut once that has gone (so the
    /// client reads the answer, then the end), and closed when the client
    /// closes or a second later.
    private static func turnAway(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        try? await connection.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: tooManyConnections))
            outbound.finish()
            for try await _ in inbound {}
        }
    }
}

extension EventLoop {
    /// `Task.sleep`, timed by this event loop: the global executor's timers
    /// fire only when a thread of the cooperative pool is free, and a build
    /// held them for most of a second (see `serve`), longer than a heartbeat
    /// at a short idle timeout. Cancelling ends it at once.
    fileprivate func pause(for amount: TimeAmount) async throws {
        let scheduled = scheduleTask(in: amount) {}
        try await withTaskCancellationHandler {
            try await scheduled.futureResult.get()
        } onCancel: {
            scheduled.cancel()
        }
    }
}

/// Out of file descriptors, `accept` fails at once and was tried again at
/// once, for ever (13,077 calls in 2 s, issue 23): instead, accepting stops
/// for a quarter of a second. (NIO's `AcceptBackoffHandler` cannot help: a
/// failed accept leaves NIO's read pending, so the listening socket stays
/// registered and epoll reports it again at once; turning `autoRead` off
/// takes it out of epoll until accepting resumes; the async bind adds one,
/// after this, which swallows the error.) A channel handler, not code in
/// the accept loop: the error arrives in the listening channel's pipeline,
/// which the loop never sees.
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
        let channel = context.channel
        context.eventLoop.assumeIsolated().scheduleTask(in: Self.pause) {
            self.paused = false
            try? channel.syncOptions?.setOption(.autoRead, value: true)
        }
    }
}

/// Closes a connection when `IdleStateHandler`, just before it, says it has
/// been idle.
private final class IdleCloser: ChannelInboundHandler {
    typealias InboundIn = Any

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is IdleStateHandler.IdleStateEvent else { return context.fireUserInboundEventTriggered(event) }
        context.close(promise: nil)
    }
}
