import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP server on 127.0.0.1 for the link checker's tests. Each path
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
    }

    var port: Int { channel.localAddress?.port ?? 0 }
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }
    func requests(_ path: String) -> Int { state.withLockedValue { $0.requests[path, default: 0] } }
    var maxInFlight: Int { state.withLockedValue { $0.maxInFlight } }
    var totalRequests: Int { state.withLockedValue { $0.requests.values.reduce(0, +) } }

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
            let (status, headers, delay) = Self.route(path, method: head.method, count: count)
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
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(delay))) { respond() }
            } else {
                respond()
            }
        }

        /// What each path does. `count` is how many requests this path has had.
        static func route(_ path: String, method: HTTPMethod, count: Int) -> (HTTPResponseStatus, [(String, String)], Int) {
            switch path {
            case "/ok": return (.ok, [], 0)
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
