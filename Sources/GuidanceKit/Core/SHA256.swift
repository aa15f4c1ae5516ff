import CSupport
import Foundation
/// SHA-256 (FIPS 180-4), for telling whether a build's inputs changed.
/// Foundation on Linux has no CryptoKit, and a digest of a few megabytes of
/// sources does not justify another dependency.
struct SHA256: Sendable {
    private var state: [UInt32] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    init() {}

    mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let bytes = Array(bytes)
        length &+= UInt64(bytes.count)
        var next = 0
        // Top up a partial block, then take whole blocks from the input.
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending += bytes[0..<take]
            next = take
            if pending.count == 64 { compress(pending[...]); pending.removeAll(keepingCapacity: true) }
        }
        let whole = (bytes.count - next) / 64 * 64
        if whole > 0 {
            compress(bytes[next..<next + whole])
            next += whole
        }
        pending += bytes[next...]
    }

    /// Data's bytes taken at once, not one by one as a generic sequence
    /// (every file a build publishes is hashed).
    mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0.bindMemory(to: UInt8.self)) }
    }

    mutating func update(_ text: String) { update(text.utf8) }

    /// The digest of `data` as 64 lowercase hex digits, as `manifest.json`
    /// records every file a build publishes.
    static func hex(of data: Data) -> String {
        var sha = SHA256()
        sha.update(data)
        return sha.finish()
    }

    /// The digest as 64 lowercase hex digits.
    mutating func finish() -> String {
        let bits = length &* 8
        pending.append(0x80)
        if pending.count > 56 {
            while pending.count < 64 { pending.append(0) }
            compress(pending[...])
            pending.removeAll()
        }
        while pending.count < 56 { pending.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { pending.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        compress(pending[...])
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        for word in state {
            for shift in stride(from: 28, through: 0, by: -4) { hex.append(digits[Int((word >> UInt32(shift)) & 0xf)]) }
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Whole 64-byte blocks through the compression function (in C: see `guidance_sha256_blocks`).
    private mutating func compress(_ blocks: ArraySlice<UInt8>) {
        precondition(blocks.count % 64 == 0)
        blocks.withUnsafeBufferPointer { input in
            state.withUnsafeMutableBufferPointer { words in
                guidance_sha256_blocks(words.baseAddress!, input.baseAddress!, input.count / 64)
            }
        }
    }
}
