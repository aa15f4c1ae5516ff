import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP server on 127.0.0.1 for the link checker's tests, reached
/// under `.test` names through `TestResolver`. Each path
/// behaves in one way the checker must handle; the server counts requests per
/// path and the most requests it ever had in flight at once.
final class TestHTTPServer: Sendable {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: Channel
    let state = NIOLockedValueBox(State())

    struct State {
        var requests: [String: Int] = [:]
        var methods: [String] = []
        var inFlight = 0
        var maxInFlight = 0
        /// Bytes of `/trickle` bodies sent, and whether a client closed one
        /// before the server had finished sending it.
        var trickled = 0
        var trickleCutShort = false
    }

    /// A `/trickle` body: this many bytes, one every `trickleInterval` milliseconds.
    static let trickleLength = 60
    static let trickleInterval: Int64 = 250

    var port: Int { channel.localAddress?.port ?? 0 }
    /// The server's address under a name `TestResolver` leads to 127.0.0.1,
    /// as a public server's would be: a literal 127.0.0.1 is refused.
    func url(_ path: String, host: String = "good.test") -> String { "http://\(host):\(port)\(path)" }
    func requests(_ path: String) -> Int { state.withLockedValue { $0.requests[path, default: 0] } }
    var maxInFlight: Int { state.withLockedValue { $0.maxInFlight } }
    var totalRequests: Int { state.withLockedValue { $0.requests.values.reduce(0, +) } }
    var trickleCutShort: Bool { state.withLockedValue { $0.trickleCutShort } }

    init() throws {
        let state = self.state
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }

    /// A port on 127.0.0.1 with nothing listening: connections are refused.
    static func closedPort() throws -> Int {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let channel = try ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).wait()
        let port = channel.localAddress?.port ?? 1
        try channel.close().wait()
        return port
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let state: NIOLockedValueBox<State>
        init(state: NIOLockedValueBox<State>) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .head(let head) = unwrapInboundIn(data) else { return }
            let path = head.uri
            let count = state.withLockedValue { state -> Int in
                state.requests[path, default: 0] += 1
                state.methods.append("\(head.method) \(path)")
                state.inFlight += 1
                state.maxInFlight = max(state.maxInFlight, state.inFlight)
                return state.requests[path, default: 0]
            }
            if path == "/trickle" && head.method == .GET { return trickle(head, context: context) }
            let port = context.channel.localAddress?.port ?? 0
            let (status, headers, delay) = Self.route(path, method: head.method, count: count, port: port)
            let respond = { [state] in
                state.withLockedValue { $0.inFlight -= 1 }
                var fields = HTTPHeaders(headers)
                fields.add(name: "Content-Length", value: "2")
                context.write(self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: fields))), promise: nil)
                if head.method != .HEAD {
                    var buffer = context.channel.allocator.buffer(capacity: 2)
                    buffer.writeString("ok")
                    context.write(self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                }
                context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
            }
            if delay > 0 {
                let later = NIOLoopBound(respond, eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(delay))) { later.value() }
            } else {
                respond()
            }
        }

        /// A body sent a byte at a time, slowly, as a server under attack or a
        /// hostile one might: the head at once, then `trickleLength` bytes.
        private func trickle(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
            var fields = HTTPHeaders()
            fields.add(name: "Content-Length", value: "\(TestHTTPServer.trickleLength)")
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: fields))),
                                  promise: nil)
            let state = self.state
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            @Sendable func next(_ sent: Int) {
                guard sent < TestHTTPServer.trickleLength else {
                    state.withLockedValue { $0.inFlight -= 1 }
                    bound.value.writeAndFlush(handler.value.wrapOutboundOut(.end(nil)), promise: nil)
                    return
                }
                bound.value.eventLoop.scheduleTask(in: .milliseconds(TestHTTPServer.trickleInterval)) {
                    let context = bound.value
                    guard context.channel.isActive else {
                        state.withLockedValue { $0.trickleCutShort = true; $0.inFlight -= 1 }
                        return
                    }
                    var buffer = context.channel.allocator.buffer(capacity: 1)
                    buffer.writeString("x")
                    context.writeAndFlush(handler.value.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                    state.withLockedValue { $0.trickled += 1 }
                    next(sent + 1)
                }
            }
            next(0)
        }

        /// What each path does. `count` is how many requests this path has had.
        static func route(_ path: String, method: HTTPMethod, count: Int, port: Int) -> (HTTPResponseStatus, [(String, String)], Int) {
            switch path {
            case "/ok": return (.ok, [], 0)
            case "/trickle": return (.methodNotAllowed, [], 0)  // HEAD refused, so GET reads the body
            case "/to-loopback": return (.found, [("Location", "http://127.0.0.1:\(port)/loopback-target")], 0)
            case "/to-localhost": return (.movedPermanently, [("Location", "http://localhost:\(port)/loopback-target")], 0)
            case "/loopback-target": return (.ok, [], 0)
            case "/head-refused": return method == .HEAD ? (.methodNotAllowed, [], 0) : (.ok, [], 0)
            case "/chain/1": return (.movedPermanently, [("Location", "/chain/2")], 0)
            case "/chain/2": return (.found, [("Location", "/chain/3")], 0)
            case "/chain/3": return (.ok, [], 0)
            case "/temporary": return (.found, [("Location", "/ok")], 0)
            case "/loop/a": return (.movedPermanently, [("Location", "/loop/b")], 0)
            case "/loop/b": return (.movedPermanently, [("Location", "/loop/a")], 0)
            case "/moved-to-404": return (.permanentRedirect, [("Location", "/404")], 0)
            case "/404": return (.notFound, [], 0)
            case "/410": return (.gone, [], 0)
            case "/429-then-ok": return count == 1 ? (.tooManyRequests, [("Retry-After", "1")], 0) : (.ok, [], 0)
            case "/503-then-ok": return count == 1 ? (.serviceUnavailable, [], 0) : (.ok, [], 0)
            case "/503-always": return (.serviceUnavailable, [], 0)
            default:
                if path.hasPrefix("/slow") { return (.ok, [], 5_000) }
                if path.hasPrefix("/delay/") { return (.ok, [], 100) }
                return (.notFound, [], 0)
            }
        }
    }
}
