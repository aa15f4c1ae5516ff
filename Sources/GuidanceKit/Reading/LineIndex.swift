/// Byte offsets of the lines of a text, to turn cmark's byte columns into the
/// character columns a person sees in an editor, and to look at a line's text.
///
/// Built in one pass; every look-up after that takes constant time, so a
/// position costs the same on a 1 MB line as on a short one.
struct LineIndex: Sendable {
    private let bytes: [UInt8]
    /// `starts[i]` is the byte offset where line i+1 begins.
    private let starts: [Int]
    /// `scalarsBefore[i]` is the number of scalars that start in `bytes[..<i]`;
    /// nil when the text is ASCII, where a byte is a scalar.
    private let scalarsBefore: [Int32]?

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        var isASCII = true
        for (offset, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") { starts.append(offset + 1) } else if byte >= 0x80 { isASCII = false }
        }
        self.starts = starts
        if isASCII {
            scalarsBefore = nil
        } else {
            var counts = [Int32](repeating: 0, count: bytes.count + 1)
            var count: Int32 = 0
            for (offset, byte) in bytes.enumerated() {
                // Count the bytes that start a scalar (not UTF-8 continuation bytes).
                if (byte & 0xC0) != 0x80 { count += 1 }
                counts[offset + 1] = count
            }
            scalarsBefore = counts
        }
    }

    var lineCount: Int { starts.count }

    /// The byte range of a 1-based line, without its line ending.
    private func lineRange(_ line: Int) -> Range<Int> {
        guard line >= 1, line <= starts.count else { return 0..<0 }
        let start = starts[line - 1]
        var end = line < starts.count ? starts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<max(start, end)
    }

    /// The bytes of a 1-based line, without its line ending.
    func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        bytes[lineRange(line)]
    }

    /// A character column from a 1-based byte column on a 1-based line.
    func characterColumn(line: Int, byteColumn: Int) -> Int {
        let range = lineRange(line)
        let end = range.lowerBound + min(max(0, byteColumn - 1), range.count)
        guard let scalarsBefore else { return end - range.lowerBound + 1 }
        return Int(scalarsBefore[end] - scalarsBefore[range.lowerBound]) + 1
    }

    func location(file: String, line: Int, byteColumn: Int) -> SourceLocation {
        let line = min(max(line, 1), starts.count)
        return SourceLocation(file: file, line: line, column: characterColumn(line: line, byteColumn: byteColumn))
    }
}
