import Foundation

/// Reads a source file as text, refusing what is not safe or sensible to
/// read: links that lead outside `Guidance/`, non-regular files (a FIFO would
/// make the read wait for ever, a device never end; see `RegularFile`), files
/// that are not UTF-8, and files far larger than any one-page sheet.
package enum SourceFile {
    static let maximumBytes = 2 * 1024 * 1024

    static func read(_ url: URL, path: String, within folder: URL, maximumBytes: Int = maximumBytes) -> Result<String, Finding> {
        let start = SourceLocation(file: path, line: 1, column: 1)
        func failure(_ message: String, at location: SourceLocation? = nil) -> Result<String, Finding> {
            .failure(.error(.unreadableFile, at: location ?? start, message))
        }
        let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
        let allowed = folder.resolvingSymlinksInPath().standardizedFileURL.path + "/"
        guard resolved.hasPrefix(allowed) else {
            return failure("this file is a link to \(resolved), outside Guidance/; copy the file into Guidance/ instead")
        }
        switch RegularFile.read(resolved, limit: maximumBytes) {
        case .success(let data):
            return decode(data, path: path)
        case .failure(.missing):
            return failure("this is not a regular file (it is a link that leads nowhere, or it has just gone)")
        case .failure(.notRegular(let kind)):
            return failure("this is \(kind), not a regular file, so it was not read; only ordinary files are read from "
                + "Guidance/. Remove it, or put the text in an ordinary file of that name")
        case .failure(.tooLarge(let size)):
            return failure("the file is \(size / 1024) KiB, too large for a guidance source (limit \(maximumBytes / 1024) KiB); check it is the right file")
        case .failure(.unreadable(let reason)):
            return failure("cannot read the file (\(reason)); check its permissions")
        }
    }

    /// UTF-8 text without a byte-order mark; names the line and column of the
    /// first byte that is not UTF-8, or of a NUL byte.
    package static func decode(_ data: Data, path: String) -> Result<String, Finding> {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) {
            if let nul = bytes.firstIndex(of: 0) {
                return .failure(.error(.unreadableFile, at: location(of: nul, in: bytes, path: path),
                    "the file contains a NUL byte here, so it is probably not a text file; remove it or save the file again as plain text"))
            }
            // One line ending everywhere: Windows (CRLF) and old Mac (CR) files
            // read exactly like the rest, with the same line numbers.
            guard text.utf8.contains(UInt8(ascii: "\r")) else { return .success(text) }
            return .success(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
        }
        let bad = firstInvalidUTF8(bytes) ?? 0
        return .failure(.error(.unreadableFile, at: location(of: bad, in: bytes, path: path),
            "the file is not UTF-8 text from here on; save it again as UTF-8 (in most editors: Save As, Encoding: UTF-8)"))
    }

    private static func location(of offset: Int, in bytes: [UInt8], path: String) -> SourceLocation {
        var line = 1, lineStart = 0
        for index in 0..<offset where bytes[index] == UInt8(ascii: "\n") { line += 1; lineStart = index + 1 }
        let column = bytes[lineStart..<offset].reduce(0) { $0 + (($1 & 0xC0) == 0x80 ? 0 : 1) } + 1
        return SourceLocation(file: path, line: line, column: column)
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            let end = index + length
            if length > 1 {
                for next in (index + 1)..<end where bytes[next] & 0xC0 != 0x80 { return index }
                if String(validating: bytes[index..<end], as: UTF8.self) == nil { return index }
            }
            index = end
        }
        return nil
    }
}
