/// Byte offsets of the lines of a text, to turn cmark's byte columns into the
/// character columns a person sees in an editor, and to look at a line's text.
struct LineIndex: Sendable {
    private let bytes: [UInt8]
    /// `starts[i]` is the byte offset where line i+1 begins.
    private let starts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.starts = starts
    }

    var lineCount: Int { starts.count }

    /// The bytes of a 1-based line, without its line ending.
    func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        guard line >= 1, line <= starts.count else { return [] }
        let start = starts[line - 1]
        var end = line < starts.count ? starts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return bytes[start..<max(start, end)]
    }

    func lineText(_ line: Int) -> String {
        String(decoding: lineBytes(line), as: UTF8.self)
    }

    /// A character column from a 1-based byte column on a 1-based line.
    func characterColumn(line: Int, byteColumn: Int) -> Int {
        let line = lineBytes(line)
        let prefix = line.prefix(max(0, byteColumn - 1))
        // Count the bytes that start a scalar (not UTF-8 continuation bytes).
        return prefix.reduce(0) { $0 + (($1 & 0xC0) == 0x80 ? 0 : 1) } + 1
    }

    func location(file: String, line: Int, byteColumn: Int) -> SourceLocation {
        let line = min(max(line, 1), starts.count)
        return SourceLocation(file: file, line: line, column: characterColumn(line: line, byteColumn: byteColumn))
    }
}
