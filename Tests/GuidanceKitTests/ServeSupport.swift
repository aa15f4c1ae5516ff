import Foundation

/// `guidance serve` as the office runs it: the built binary on a free port,
/// in a project folder, spoken to over loopback.
final class ServeProcess {
    let process = Process()
    let root: URL
    private(set) var port = 0
    private let output = Pipe(), errors = Pipe()
    private let stdoutText = TextBuffer(), stderrText = TextBuffer()

    var stderr: String { stderrText.text }

    /// `fileLimit`: the most file descriptors serve may have open (`ulimit -n`).
    init(root: URL, arguments: [String] = [], port: Int = 0, fileLimit: Int? = nil) throws {
        self.root = root
        if let fileLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(fileLimit) && exec \"$0\" \"$@\"", Support.binary.path,
                                 "serve", "--port", "\(port)"] + arguments
        } else {
            process.executableURL = Support.binary
            process.arguments = ["serve", "--port", "\(port)"] + arguments
        }
        process.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        process.standardOutput = output
        process.standardError = errors
        let (out, err) = (stdoutText, stderrText)
        output.fileHandleForReading.readabilityHandler = { out.append($0.availableData) }
        errors.fileHandleForReading.readabilityHandler = { err.append($0.availableData) }
        try process.run()
    }

    deinit { stop() }

    /// Waits for the address line, then for the first build to finish.
    func waitUntilBuilt(timeout: TimeInterval = 120) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while port == 0 {
            let text = stdoutText.text
            if let match = text.firstMatch(of: #/Serving http://127\.0\.0\.1:(\d+)//#) { port = Int(match.output.1) ?? 0; break }
            guard process.isRunning, Date() < deadline else { throw Failed(why: "serve did not start: \(stderr)") }
            usleep(20_000)
        }
        try GuidanceKitTests.waitFor(timeout: deadline.timeIntervalSinceNow, "the first build") {
            let status = try? RawHTTP.get(port: self.port, path: "/_guidance/status")
            return status?.body.contains("\"building\":false") == true && status?.body.contains("\"generation\":0") == false
        }
    }

    func get(_ path: String, method: String = "GET", host: String? = nil) throws -> RawHTTP.Reply {
        try RawHTTP.get(port: port, path: path, method: method, host: host)
    }

    /// Polls `condition`; on a timeout the error carries what serve said (each build's line).
    func waitFor(timeout: TimeInterval, _ what: String, _ condition: () throws -> Bool) throws {
        do {
            try GuidanceKitTests.waitFor(timeout: timeout, what, condition)
        } catch let error as Failed {
            throw Failed(why: "\(error.why); serve said:\n\(stderr)")
        }
    }

    /// The share of one core serve used over the next `seconds` (user and
    /// system time from /proc over elapsed time): near 1 when it spins.
    func cpuShare(over seconds: Double) throws -> Double {
        func ticks() throws -> Double {
            let stat = try String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)
            // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
            guard let name = stat.lastIndex(of: ")") else { throw Failed(why: "unreadable /proc stat: \(stat)") }
            let fields = stat[stat.index(after: name)...].split(separator: " ")
            return (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)
        }
        let start = Date(), before = try ticks()
        usleep(useconds_t(seconds * 1_000_000))
        let used = (try ticks() - before) / Double(sysconf(Int32(_SC_CLK_TCK)))
        return used / Date().timeIntervalSince(start)
    }

    func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }

    struct Failed: Error, CustomStringConvertible { var why: String; var description: String { why } }
}

/// What a child process wrote so far, appended from the pipe's handler.
final class TextBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""
    var text: String { lock.withLock { value } }
    func append(_ data: Data) { lock.withLock { value += String(decoding: data, as: UTF8.self) } }
}

/// Polls `condition` until it holds, failing after `timeout` seconds.
func waitFor(timeout: TimeInterval, _ what: String = "condition", _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return }
        usleep(50_000)
    }
    throw ServeProcess.Failed(why: "timed out after \(timeout) s waiting for \(what)")
}

/// HTTP/1.1 over a plain socket, so that a test can send what a browser
/// would not: a raw `..` path, a foreign Host header.
enum RawHTTP {
    struct Reply {
        var status: Int
        var head: String
        var body: String
        var bodyBytes: Data
        func header(_ name: String) -> String? {
            for line in head.split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
    }

    struct Failure: Error { var why: String }

    static func connect(port: Int, timeout: Int = 10) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(why: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw Failure(why: "cannot connect to port \(port)") }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func send(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    static func get(port: Int, path: String, method: String = "GET", host: String? = nil) throws -> Reply {
        let fd = try connect(port: port)
        defer { close(fd) }
        send("\(method) \(path) HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(port)")\r\nConnection: close\r\n\r\n", to: fd)
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        guard let split = data.firstRange(of: Data("\r\n\r\n".utf8)) else { throw Failure(why: "no reply from \(path)") }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self)
        let body = Data(data[split.upperBound...])
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return Reply(status: status, head: head, body: String(decoding: body, as: UTF8.self), bodyBytes: body)
    }
}

extension RawHTTP {
    /// Reads until the server closes the connection or `timeout` seconds pass
    /// with nothing to read: what was read, and whether the server closed it.
    static func readUntilClosed(_ fd: Int32, timeout: Int = 10) -> (text: String, closed: Bool) {
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n == 0 { return (String(decoding: data, as: UTF8.self), true) }
            if n < 0 { return (String(decoding: data, as: UTF8.self), errno == ECONNRESET) }
            data.append(contentsOf: buffer[0..<n])
        }
    }
}
