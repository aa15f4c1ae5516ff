import Foundation
import Synchronization

/// An IPv4 or IPv6 address, as the private-address guard judges it.
struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 (IPv6), in network order.
    let bytes: [UInt8]

    init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// The address a URL's host is, when it is an address literal, in every
    /// form the system itself would accept (so none slips past as a "name"):
    /// dotted, shortened (`127.1`), one number (`2130706433`), octal or hex
    /// parts (`0x7f.1`), or IPv6 with or without brackets and zone.
    static func literal(_ host: String) -> IPAddress? {
        var text = host
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        guard !text.isEmpty, !text.contains(where: { $0.isWhitespace }) else { return nil }
        if text.contains(":") {
            var v6 = in6_addr()
            guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
            return IPAddress(bytes: withUnsafeBytes(of: &v6) { Array($0) })
        }
        var v4 = in_addr()
        guard inet_aton(text, &v4) != 0 else { return nil }
        return IPAddress(bytes: withUnsafeBytes(of: &v4) { Array($0) })
    }

    var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        var v6 = in6_addr()
        withUnsafeMutableBytes(of: &v6) { $0.copyBytes(from: bytes) }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &v6, &text, socklen_t(text.count)) != nil else { return "?" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// What kind of address a reader elsewhere could not reach, or nil for a
    /// public one: loopback, private ranges, link-local, unspecified, shared
    /// (carrier-grade NAT), multicast and reserved; an IPv6 address that
    /// carries an IPv4 one (mapped, compatible, NAT64, 6to4) is judged by it.
    var privateKind: String? {
        if bytes.count == 4 {
            let (a, b) = (bytes[0], bytes[1])
            switch a {
            case 0: return "an unspecified address"
            case 127: return "a loopback address (this machine)"
            case 10: return "a private-network address"
            case 172 where (16...31).contains(b): return "a private-network address"
            case 192 where b == 168: return "a private-network address"
            case 169 where b == 254: return "a link-local address"
            case 100 where (64...127).contains(b): return "a shared (carrier-grade NAT) address"
            case 224...239: return "a multicast address"
            case 240...255: return "a reserved address"
            default: return nil
            }
        }
        if let v4 = embeddedIPv4 { return v4.privateKind }
        if bytes.allSatisfy({ $0 == 0 }) { return "an unspecified address" }
        if bytes.dropLast().allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return "a loopback address (this machine)" }
        if bytes[0] & 0xfe == 0xfc { return "a private-network address" }
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return "a link-local address" }
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0xc0 { return "a site-local address" }
        if bytes[0] == 0xff { return "a multicast address" }
        return nil
    }

    /// The IPv4 address inside an IPv6 one that stands for it.
    private var embeddedIPv4: IPAddress? {
        guard bytes.count == 16 else { return nil }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
        let compatible = bytes[0..<12].allSatisfy { $0 == 0 } && !bytes[12..<15].allSatisfy { $0 == 0 }
        let nat64 = Array(bytes[0..<12]) == [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]
        if mapped || compatible || nat64 { return IPAddress(bytes: Array(bytes[12..<16])) }
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return IPAddress(bytes: Array(bytes[2..<6])) }  // 6to4
        return nil
    }
}

/// The guard of issue 23: a link a school's reader cannot follow (this
/// machine, a private network, a name only a local network knows) is a
/// finding of its own and is never requested, and neither is a redirect
/// into one. Like lychee's `--exclude-all-private`, with no switch to turn
/// it off, and judged on the addresses a name resolves to as well.
enum PrivateHosts {
    /// Why no reader could follow a link to `host`, known without a lookup:
    /// an address literal in a private range, or a name only this machine or
    /// its local network knows. Nil when only a lookup can tell.
    static func reason(for host: String) -> String? {
        var name = host.lowercased()
        while name.hasSuffix(".") { name.removeLast() }
        if let address = IPAddress.literal(name) {
            return address.privateKind.map { "\($0), \(address)" }
        }
        if name.isEmpty { return "an empty host name" }
        if name == "localhost" || name.hasSuffix(".localhost") { return "this machine's own name (\(name))" }
        if name.hasSuffix(".local") { return "a name known only on the local network (\(name))" }
        if name.hasSuffix(".internal") || name.hasSuffix(".home.arpa") || name.hasSuffix(".lan") {
            return "a name known only on a private network (\(name))"
        }
        if !name.contains(".") { return "a name without a domain (\(name)), known only on a local network" }
        return nil
    }

    /// The same for a whole address: nil for one that is not http(s) or
    /// whose host only a lookup can judge.
    static func reason(forURL url: String) -> String? {
        guard let parsed = URL(string: url.trimmingCharacters(in: .whitespacesAndNewlines)),
              let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return nil }
        return reason(for: parsed.host ?? "")
    }

    /// Why a name that resolved is refused: any of its addresses is private.
    static func reason(forName name: String, addresses: [IPAddress]) -> String? {
        guard let address = addresses.first(where: { $0.privateKind != nil }), let kind = address.privateKind else { return nil }
        return "the name \(name), which resolves to \(kind), \(address)"
    }
}

/// Where host names lead. The checker asks it before every connection and
/// judges every address it gives; the connection then goes to the address
/// it judged, never to a second lookup's answer.
protocol HostResolver: Sendable {
    func lookUp(_ name: String) async -> HostLookup
}

enum HostLookup: Sendable, Equatable {
    /// The addresses the name stands for, each with where a connection to it
    /// goes: the address itself, except for a test's stand-in for a public
    /// server, which lives on 127.0.0.1.
    case found([ResolvedAddress])
    /// The name does not exist (EAI_NONAME, EAI_NODATA).
    case noSuchName
    /// No answer that says either: a resolver down, or the lookup given up.
    case failed
}

struct ResolvedAddress: Sendable, Hashable {
    var address: IPAddress
    var connect: IPAddress

    init(_ address: IPAddress, connect: IPAddress? = nil) {
        self.address = address
        self.connect = connect ?? address
    }
}

/// `getaddrinfo`, each lookup on a thread of its own: a resolver that never
/// answers holds that thread, never one of the cooperative pool's (two on
/// this machine), and whoever waits can give up at a deadline; a cancelled
/// lookup answers `.failed` at once and its thread ends when the system's
/// own timeout does.
struct SystemResolver: HostResolver {
    /// The blocking lookup: `getaddrinfo`, or in a test one that hangs.
    let blockingLookUp: @Sendable (String) -> HostLookup

    init(blockingLookUp: @escaping @Sendable (String) -> HostLookup = SystemResolver.getaddrinfo) {
        self.blockingLookUp = blockingLookUp
    }

    func lookUp(_ name: String) async -> HostLookup {
        let answer = OneShot<HostLookup>()
        let blockingLookUp = self.blockingLookUp
        return await withTaskCancellationHandler {
            await answer.value {
                let thread = Thread { answer.deliver(blockingLookUp(name)) }
                thread.name = "guidance.lookup"
                thread.stackSize = 256 * 1024
                thread.start()
            }
        } onCancel: {
            answer.deliver(.failed)
        }
    }

    static func getaddrinfo(_ name: String) -> HostLookup {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = Glibc.getaddrinfo(name, nil, &hints, &result)
        defer { if let result { freeaddrinfo(result) } }
        guard status == 0 else {
            return status == EAI_NONAME || status == -5 /* EAI_NODATA */ ? .noSuchName : .failed
        }
        var addresses: [ResolvedAddress] = []
        var next = result
        while let info = next {
            if let address = info.pointee.ai_addr {
                var found: IPAddress?
                if info.pointee.ai_family == AF_INET {
                    found = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        var v4 = pointer.pointee.sin_addr
                        return IPAddress(bytes: withUnsafeBytes(of: &v4) { Array($0) })
                    }
                } else if info.pointee.ai_family == AF_INET6 {
                    found = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        var v6 = pointer.pointee.sin6_addr
                        return IPAddress(bytes: withUnsafeBytes(of: &v6) { Array($0) })
                    }
                }
                if let found, !addresses.contains(where: { $0.address == found }) { addresses.append(ResolvedAddress(found)) }
            }
            next = info.pointee.ai_next
        }
        return addresses.isEmpty ? .noSuchName : .found(addresses)
    }
}

/// A value delivered once, from any thread, to whoever awaits it; later
/// deliveries are dropped. Lets a lookup thread, a timer and a cancellation
/// race without anyone waiting for the losers.
final class OneShot<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiter: CheckedContinuation<Value, Never>?
    }
    private let state = Mutex(State())

    init() {}

    /// Waits for the value; `start` runs once the waiter is in place.
    func value(start: () -> Void = {}) async -> Value {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Value? in
                if let value = state.value { return value }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) } else { start() }
        }
    }

    func deliver(_ value: Value) {
        let waiter = state.withLock { state -> CheckedContinuation<Value, Never>?? in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.waiter = nil }
            return .some(state.waiter)
        }
        if case .some(let waiter?) = waiter { waiter.resume(returning: value) }
    }
}

/// `operation`'s value, or nil when `limit` comes first. The loser is
/// cancelled and never waited for: an HTTP exchange cancelled so closes its
/// connection, however slowly its server was sending.
func within<T: Sendable>(_ limit: ContinuousClock.Instant, _ operation: @escaping @Sendable () async -> T) async -> T? {
    let result = OneShot<T?>()
    let work = Task { result.deliver(await operation()) }
    let timer = Task {
        try? await Task.sleep(until: limit, clock: .continuous)
        result.deliver(nil)
    }
    let value = await withTaskCancellationHandler {
        await result.value()
    } onCancel: {
        result.deliver(nil)
    }
    work.cancel()
    timer.cancel()
    return value
}
