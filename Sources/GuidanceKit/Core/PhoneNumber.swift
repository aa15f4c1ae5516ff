import CPhoneNumber

/// A phone number as libphonenumber understands it, for the UK (region GB).
/// Swift sees only this value; the C++ objects stay inside `CPhoneNumber`.
struct PhoneNumber: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// Not a phone number at all.
        case unparseable
        /// Looks like a number, but no such number exists in the numbering plan.
        case invalid
        /// A valid full number: geographic, mobile, freephone...
        case valid
        /// A valid short number: 999, 101, 116 123.
        case shortCode
    }

    /// Exactly as it was written.
    let written: String
    let kind: Kind
    /// The standard national form ("020 8901 2690"); nil unless valid.
    let national: String?
    /// E.164 ("+442089012690"); nil for short codes and invalid numbers.
    let e164: String?
    /// The `tel:` address, e.g. `tel:+44-20-8901-2690` or `tel:116123`.
    let telURI: String?
    /// Two spellings of one number share this key; nil for unparseable text.
    let key: String?
    let isEmergency: Bool

    static let region = "GB"

    init(_ written: String) {
        self.written = written
        var result = cpn_number()
        let kind = cpn_analyse(written, Self.region, &result)
        func field<T>(_ tuple: T) -> String {
            withUnsafeBytes(of: tuple) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
        }
        switch kind {
        case Int32(CPN_VALID.rawValue): self.kind = .valid
        case Int32(CPN_SHORT_CODE.rawValue): self.kind = .shortCode
        case Int32(CPN_INVALID.rawValue): self.kind = .invalid
        default: self.kind = .unparseable
        }
        let isUsable = self.kind == .valid || self.kind == .shortCode
        national = isUsable ? field(result.national) : nil
        e164 = self.kind == .valid ? field(result.e164) : nil
        telURI = isUsable ? field(result.rfc3966) : nil
        let key = field(result.key)
        self.key = key.isEmpty ? nil : key
        isEmergency = result.emergency != 0
    }

    var isValid: Bool { kind == .valid || kind == .shortCode }

    /// Whether it is written exactly in the standard national form.
    var isWrittenInNationalForm: Bool { national == written }

    /// The same number, however it is written (`0208 901 2690` and `+44 20 8901 2690`).
    func isSameNumber(as other: PhoneNumber) -> Bool {
        guard let key, let otherKey = other.key else { return false }
        return key == otherKey
    }

    /// Phone numbers in running text, with their ranges. Finds possible
    /// numbers, not only valid ones, so that a mistyped or retired number is
    /// found too. Short codes are not found (they look like any other number).
    /// The short numbers a sheet tells people to ring: 999 and 112
    /// (emergency), 101 (police), 111 (NHS), 105 (power cut), 119, and the
    /// 116 xxx helplines.
    static let shortNumbers: Set<String> = ["999", "112", "101", "111", "105", "119"]

    /// What in prose is taken for a phone number: anything written like one
    /// (a leading 0 or +, or 7 digits or more) and the short numbers above.
    /// A year ("the Children Act 1989"), a count ("over 1000 children") or a
    /// page number is not, though libphonenumber's matcher offers them.
    static func looksLikePhoneNumber(_ written: Substring) -> Bool {
        let start = written.drop { $0 == " " || $0 == "(" }
        if start.first == "+" || start.first == "0" { return true }
        let digits = String(written.filter { $0.isASCII && $0.isNumber })
        if digits.count >= 7 { return true }
        return isShortNumber(digits)
    }

    /// One of the short numbers people are told to ring, or a 116 helpline.
    static func isShortNumber(_ digits: String) -> Bool {
        shortNumbers.contains(digits) || (digits.count == 6 && digits.hasPrefix("116"))
    }

    static func find(in text: String) -> [(range: Range<String.Index>, number: PhoneNumber)] {
        guard text.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return [] }
        var found: [(Range<String.Index>, PhoneNumber)] = []
        for (startOffset, length) in matches(in: text) {
            guard let start = text.utf8.index(text.utf8.startIndex, offsetBy: startOffset, limitedBy: text.utf8.endIndex),
                  let end = text.utf8.index(start, offsetBy: length, limitedBy: text.utf8.endIndex)
            else { continue }
            // Judge the whole run of digits: "020 8901 26900" is not 020 8901 2690
            // with a 0 after it. The matcher may stop at a valid prefix.
            var (first, last) = (start, end)
            while last < text.endIndex, text[last].isASCII, text[last].isNumber { last = text.index(after: last) }
            while first > text.startIndex {
                let before = text.index(before: first)
                guard text[before].isASCII, text[before].isNumber else { break }
                first = before
            }
            let range = first..<last
            guard looksLikePhoneNumber(text[range]) else { continue }
            found.append((range, PhoneNumber(String(text[range]))))
        }
        return (found + shortNumbers(in: text, besides: found.map(\.0))).sorted { $0.0.lowerBound < $1.0.lowerBound }
    }

    /// libphonenumber's matches in `text` (UTF-8 offset and length), every
    /// one, in linear time. Its matcher costs the length of the rest of the
    /// text for each candidate (it copies what is left), so a paragraph of
    /// thousands of numbers took minutes; and it was asked for 256 at most,
    /// so numbers after those went unchecked. It is run on windows of
    /// `window` bytes instead: a match is kept when it ends at least
    /// `margin` bytes before its window does (a number is far shorter), and
    /// the next window starts where the last kept match ended, which is where
    /// the matcher itself would go on. A window with no match kept is left
    /// at `window - margin`.
    static func matches(in text: String, window: Int = 4096, margin: Int = 512) -> [(start: Int, length: Int)] {
        let bytes = Array(text.utf8)
        var found: [(start: Int, length: Int)] = []
        let capacity = 256
        var buffer = [cpn_match](repeating: cpn_match(), count: capacity)
        var position = 0
        while position < bytes.count {
            var end = min(bytes.count, position + window)
            // Never inside a character: back to the start of a UTF-8 sequence.
            while end < bytes.count, end > position, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            let isLast = end == bytes.count
            let piece = String(decoding: bytes[position..<end], as: UTF8.self)
            let count = cpn_find(piece, region, &buffer, capacity)
            let limit = isLast ? end : end - margin
            var next: Int?
            for match in buffer.prefix(count) {
                let start = position + match.start, stop = start + match.length
                guard stop <= limit || (isLast && count < capacity) else { break }
                found.append((start, match.length))
                next = stop
            }
            if isLast && count < capacity { break }
            // Past the last match kept; else on, leaving the margin to the next window.
            position = max(next ?? (end - margin), position + 1)
            while position < bytes.count, bytes[position] & 0xC0 == 0x80 { position += 1 }
        }
        return found
    }

    /// What libphonenumber's matcher does not offer, found in one pass: the
    /// short numbers people are told to ring ("Ring 999", "101", "116 123"),
    /// and runs written like a phone number that are no possible number at
    /// all ("020 8901 26900", an extra digit), so that they are judged too.
    static func shortNumbers(in text: String, besides taken: [Range<String.Index>]) -> [(Range<String.Index>, PhoneNumber)] {
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        var found: [(Range<String.Index>, PhoneNumber)] = []
        var index = text.startIndex
        var previous: Character?
        var nextTaken = 0
        while index < text.endIndex {
            let character = text[index]
            let opens = (character == "+" || character == "(")
                && text.index(after: index) < text.endIndex && isDigit(text[text.index(after: index)])
            guard isDigit(character) || opens, !(previous.map { $0.isLetter || $0.isNumber || $0 == "." } ?? false) else {
                previous = character
                index = text.index(after: index)
                continue
            }
            // A run of digits with single separators between groups: "020 8901 2690",
            // "(020) 8901-2690", "+44 20 ...", "116 123".
            var end = text.index(after: index), digits = isDigit(character) ? String(character) : ""
            while end < text.endIndex {
                let c = text[end]
                let next = text.index(after: end)
                if isDigit(c) {
                    digits.append(c)
                    end = next
                } else if c == ")" , next < text.endIndex, text[next] == " " || isDigit(text[next]) {
                    end = next
                } else if c == " " || c == "-", next < text.endIndex, isDigit(text[next]) || text[next] == "(" {
                    end = next
                } else {
                    break
                }
            }
            let after = end < text.endIndex ? text[end] : nil
            let alone = !(after.map { $0.isLetter || $0.isNumber } ?? false)
            let range = index..<end
            let written = text[range]
            let isShort = isShortNumber(digits)
            let isLong = digits.count >= 7 && (written.first == "0" || written.first == "+" || written.hasPrefix("(0"))
            // `taken` is in order of start, and so are these runs: the ranges
            // wholly before this one are passed once, not searched again.
            while nextTaken < taken.count, taken[nextTaken].upperBound <= range.lowerBound { nextTaken += 1 }
            let overlaps = nextTaken < taken.count && taken[nextTaken].lowerBound < range.upperBound
            if alone, isShort || isLong, !overlaps {
                found.append((range, PhoneNumber(String(written))))
            }
            previous = text[text.index(before: end)]
            index = end
        }
        return found
    }
}
