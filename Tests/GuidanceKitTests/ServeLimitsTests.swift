import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// Issue 23, item 9: the preview server closes idle connections, caps how
/// many it keeps, backs off when it runs out of file descriptors, and closes
/// a connection after a 400 that says `Connection: close`. Loopback only.
@Suite(.tags(.slow), .serialized, .timeLimit(.minutes(3))) struct ServeLimitsTests {
    static func server(idleTimeout: TimeInterval = 60, maxConnections: Int = 200) async throws -> (PreviewServer, Int) {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Text.")])
        let server = PreviewServer(options: .init(root: root, port: 0, printer: nil, idleTimeout: idleTimeout,
                                                  maxConnections: maxConnections))
        return (server, try await server.start())
    }

    static func status(_ fd: Int32, port: Int) -> String {
        RawHTTP.send("GET /_guidance/status HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n", to: fd)
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(fd, &buffer, buffer.count)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }

    /// A keep-alive connection after one answered request, and an event
    /// stream asked for; the caller closes both.
    static func keptAndEvents(port: Int) throws -> (kept: Int32, events: Int32) {
        let kept = try RawHTTP.connect(port: port)
        #expect(status(kept, port: port).hasPrefix("HTTP/1.1 200"))
        let events = try RawHTTP.connect(port: port)
        RawHTTP.send("GET /_guidance/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n", to: events)
        return (kept, events)
    }

    @Test func aBadRequestClosesTheConnection() async throws {
        let (server, port) = try await Self.server()
        defer { server.stop() }
        let fd = try RawHTTP.connect(port: port)
        defer { close(fd) }
        RawHTTP.send("THIS IS NOT HTTP\r\n\r\n", to: fd)
        let (text, closed) = RawHTTP.readUntilClosed(fd, timeout: 10)
        #expect(text.hasPrefix("HTTP/1.1 400") && text.contains("Connection: close"), "\(text)")
        #expect(closed, "after 'Connection: close' the server closes the socket")
    }

    @Test func idleConnectionsAreClosedButAnEventStreamIsKept() async throws {
        let (server, port) = try await Self.server(idleTimeout: 0.5)
        defer { server.stop() }
        // A connection that never sends anything.
        let silent = try RawHTTP.connect(port: port)
        defer { close(silent) }
        // A keep-alive connection after one request, and an event stream,
        // which is idle by design.
        let (kept, events) = try Self.keptAndEvents(port: port)
        defer { close(kept); close(events) }

        #expect(RawHTTP.readUntilClosed(silent, timeout: 10).closed, "a connection that sends nothing is closed")
        #expect(RawHTTP.readUntilClosed(kept, timeout: 10).closed, "an idle keep-alive connection is closed")
        // Three idle periods later the stream is still open, kept alive by comments.
        let stream = ServeTests.readEvents(events, until: try Regex("(?s)(: still here\n\n.*){3}"))
        #expect(stream != nil, "the event stream stays open with heartbeats")
        #expect(stream?.contains("data: ") == true)
    }

    /// Issue 24: stopping ends every connection, not only the listening
    /// socket and the event streams: by the time `waitUntilStopped` returns,
    /// an idle keep-alive connection is closed too, and none is counted open.
    @Test func stoppingClosesEveryConnectionBeforeItReturns() async throws {
        let (server, port) = try await Self.server()
        let (kept, events) = try Self.keptAndEvents(port: port)
        defer { close(kept); close(events) }
        #expect(ServeTests.readEvents(events, until: try Regex("data: [0-9]+\n\n")) != nil)

        server.stop()
        await server.waitUntilStopped()
        #expect(server.openConnections == 0, "\(server.openConnections) connections still counted open")
        #expect(RawHTTP.readUntilClosed(kept, timeout: 5).closed, "the keep-alive connection is closed")
        #expect(RawHTTP.readUntilClosed(events, timeout: 5).closed, "the event stream is closed")
        #expect((try? RawHTTP.connect(port: port)) == nil, "nothing listens any more")
    }

    @Test func connectionsOverTheCapAreTurnedAway() async throws {
        let (server, port) = try await Self.server(maxConnections: 3)
        defer { server.stop() }
        var held: [Int32] = []
        defer { held.forEach { close($0) } }
        for _ in 0..<3 {
            let fd = try RawHTTP.connect(port: port)
            held.append(fd)
            #expect(Self.status(fd, port: port).hasPrefix("HTTP/1.1 200"))
        }
        let fourth = try RawHTTP.connect(port: port)
        defer { close(fourth) }
        let (text, closed) = RawHTTP.readUntilClosed(fourth, timeout: 10)
        #expect(text.hasPrefix("HTTP/1.1 503") && text.contains("too many connections") && text.contains("Connection: close"), "\(text)")
        #expect(closed)
        // A connection given back makes room again.
        close(held.removeLast())
        try waitFor(timeout: 10, "room for another connection") { server.openConnections < 3 }
        let fd = try RawHTTP.connect(port: port)
        defer { close(fd) }
        #expect(Self.status(fd, port: port).hasPrefix("HTTP/1.1 200"))
    }

    /// Out of file descriptors (`ulimit -n 64`, 90 connections waiting),
    /// `accept` fails; serve must wait between tries, not spin on them, and
    /// answer again once descriptors are free.
    @Test func runningOutOfFileDescriptorsDoesNotSpin() throws {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Text.")])
        let server = try ServeProcess(root: root, arguments: ["--no-print-check"], fileLimit: 64)
        defer { server.stop() }
        try server.waitUntilBuilt()
        var held: [Int32] = []
        defer { held.forEach { close($0) } }
        for _ in 0..<90 { if let fd = try? RawHTTP.connect(port: server.port) { held.append(fd) } }
        usleep(500_000)
        let share = try server.cpuShare(over: 2)
        #expect(share < 0.3, "serve used \(share) of a core while out of file descriptors")
        held.forEach { close($0) }
        held = []
        try server.waitFor(timeout: 30, "an answer once descriptors are free") {
            (try? server.get("/_guidance/status"))?.status == 200
        }
    }
}
}
