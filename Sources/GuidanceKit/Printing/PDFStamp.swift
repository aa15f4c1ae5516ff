import Foundation

/// The same PDF bytes whatever the day or machine it was printed on:
/// Chromium writes the print time into `/CreationDate` and `/ModDate`, and
/// poppler's `pdfunite` a random `/ID` into the trailer. Both are set here
/// from the sources (the edition date) and the content: the dates keep their
/// length, so the cross-reference offsets stay right; the `/ID` stands in the
/// trailer, after everything an offset points at.
enum PDFStamp {
    /// `pdf` with its dates set to `day` (midnight UTC) and any trailer
    /// `/ID` made from a digest of the rest of the file.
    static func stamped(_ pdf: Data, day: Day) -> Data {
        var bytes = [UInt8](pdf)
        let digits = Array(day.description.replacingOccurrences(of: "-", with: "").utf8) + Array("000000".utf8)
        for key in ["/CreationDate (D:", "/ModDate (D:"].map({ Array($0.utf8) }) {
            for start in occurrences(of: key, in: bytes) {
                let at = start + key.count
                guard at + digits.count <= bytes.count, bytes[at..<at + digits.count].allSatisfy(isDigit) else { continue }
                bytes.replaceSubrange(at..<at + digits.count, with: digits)
            }
        }
        // pdfunite's /ID, in the trailer: after the cross-reference table, so
        // nothing points past it and its length may change. It becomes a
        // digest of the rest of the file.
        guard let trailer = lastOccurrence(of: Array("trailer".utf8), in: bytes),
              let id = occurrences(of: Array("/ID".utf8), in: bytes, from: trailer).first,
              let array = idArray(after: id + 3, in: bytes) else { return Data(bytes) }
        var sha = SHA256()
        sha.update(bytes[..<array.lowerBound])
        sha.update(bytes[array.upperBound...])
        let hex = String(sha.finish().prefix(32))
        bytes.replaceSubrange(array, with: Array("[<\(hex)><\(hex)>]".utf8))
        return Data(bytes)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func occurrences(of key: [UInt8], in bytes: [UInt8], from start: Int = 0) -> [Int] {
        guard let first = key.first, bytes.count - key.count >= start else { return [] }
        return (start...(bytes.count - key.count)).filter { bytes[$0] == first && bytes[$0..<$0 + key.count].elementsEqual(key) }
    }

    private static func lastOccurrence(of key: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= key.count else { return nil }
        return (0...(bytes.count - key.count)).reversed().first { bytes[$0..<$0 + key.count].elementsEqual(key) }
    }

    /// The whole `[(...) (...)]` or `[<...> <...>]` of an `/ID` starting at
    /// `index`, or nil when it is something else.
    private static func idArray(after index: Int, in bytes: [UInt8]) -> Range<Int>? {
        var i = index
        func skipSpace() { while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 } }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "[") else { return nil }
        let start = i
        i += 1
        for _ in 0..<2 {
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "<") {
                guard let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
                i = close + 1
            } else if bytes[i] == UInt8(ascii: "(") {
                // A literal string: backslash escapes and balanced parentheses.
                var depth = 1
                i += 1
                while i < bytes.count, depth > 0 {
                    switch bytes[i] {
                    case UInt8(ascii: "\\"): i += 1
                    case UInt8(ascii: "("): depth += 1
                    case UInt8(ascii: ")"): depth -= 1
                    default: break
                    }
                    i += 1
                }
                guard depth == 0 else { return nil }
            } else {
                return nil
            }
        }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "]") else { return nil }
        return start..<(i + 1)
    }
}
