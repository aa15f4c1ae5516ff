import Foundation
import NIOConcurrencyHelpers
@testable import GuidanceKit

/// Names for the tests' servers, so that the private-address guard stays on
/// in every test: `good.test` and `other.test` stand for public servers (the
/// guard judges the documentation address 203.0.113.7) and lead to
/// 127.0.0.1, where the test server is; `sneaky.test` resolves to 127.0.0.1
/// itself and must be refused; every other name does not exist. Records each
/// name it was asked about. Nothing here sends a packet anywhere.
final class TestResolver: HostResolver, Sendable {
    static let publicNames: Set<String> = ["good.test", "other.test"]
    static let standIn = IPAddress.literal("203.0.113.7")!
    static let loopback = IPAddress.literal("127.0.0.1")!
    private let askedBox = NIOLockedValueBox<[String]>([])
    var asked: [String] { askedBox.withLockedValue { $0 } }

    func lookUp(_ name: String) async -> HostLookup {
        askedBox.withLockedValue { $0.append(name) }
        if Self.publicNames.contains(name) { return .found([ResolvedAddress(Self.standIn, connect: Self.loopback)]) }
        if name == "sneaky.test" { return .found([ResolvedAddress(Self.loopback)]) }
        return .noSuchName
    }
}

/// A resolver for a machine with no network: no name exists. Records each name asked.
final class NoNetworkResolver: HostResolver, Sendable {
    private let askedBox = NIOLockedValueBox<[String]>([])
    var asked: [String] { askedBox.withLockedValue { $0 } }
    func lookUp(_ name: String) async -> HostLookup {
        askedBox.withLockedValue { $0.append(name) }
        return .noSuchName
    }
}
