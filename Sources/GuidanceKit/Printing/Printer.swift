import Foundation

/// Prints sheets the way people print them: headless Chromium to PDF (one
/// browser for a whole run, see `PrintSession`), then
/// the PDF's page count and page size, and (with poppler's pdftotext) how
/// much text spilled past the first page.
package struct Printer: Sendable {
    let chromium: URL

    /// Chromium from `GUIDANCE_CHROMIUM`, or `chromium` / `chromium-browser` /
    /// `google-chrome` on the PATH; nil when there is none.
    package static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Printer? {
        if let path = environment["GUIDANCE_CHROMIUM"], !path.isEmpty {
            return FileManager.default.isExecutableFile(atPath: path) ? Printer(chromium: URL(fileURLWithPath: path)) : nil
        }
        for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return Printer(chromium: candidate) }
            }
        }
        return nil
    }

    struct PrintError: Error, CustomStringConvertible {
        var description: String
    }

    /// PDF white space (ISO 32000-1, 7.2.2), for the byte scans below.
    private static func isPDFSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0x00 }

    /// The number of pages, from the PDF's page tree: the largest `/Count` of
    /// a `/Type /Pages` node, or else the number of `/Type /Page` objects.
    /// A scan of the bytes (a regular expression over the decoded text took a
    /// tenth of a second per build, for eight PDFs).
    static func pageCount(of pdf: Data) -> Int? {
        pdf.withUnsafeBytes { raw -> Int? in
            let bytes = raw.bindMemory(to: UInt8.self)
            let n = bytes.count
            let isSpace = Self.isPDFSpace
            func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
            func isWordByte(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x5F }
            func has(_ word: [UInt8], at i: Int) -> Bool {
                i + word.count <= n && word.indices.allSatisfy { bytes[i + $0] == word[$0] }
            }
            let type = Array("/Type".utf8), page = Array("/Page".utf8), count = Array("/Count".utf8)
            var largest: Int?
            var pages = 0
            var i = 0
            while i < n {
                guard bytes[i] == 0x2F, has(type, at: i) else { i += 1; continue }
                var j = i + type.count
                while j < n, isSpace(bytes[j]) { j += 1 }
                guard has(page, at: j) else { i = j; continue }
                j += page.count
                if j < n, bytes[j] == UInt8(ascii: "s"), !(j + 1 < n && isWordByte(bytes[j + 1])) {
                    // A page tree node: its /Count, before the dictionary closes.
                    var k = j + 1
                    while k < n, bytes[k] != UInt8(ascii: ">") {
                        if bytes[k] == 0x2F, has(count, at: k) {
                            var d = k + count.count
                            guard d < n, isSpace(bytes[d]) else { break }
                            while d < n, isSpace(bytes[d]) { d += 1 }
                            var value = 0, digits = 0
                            while d < n, isDigit(bytes[d]), digits < 9 { value = value * 10 + Int(bytes[d] - 0x30); d += 1; digits += 1 }
                            if digits > 0 { largest = max(largest ?? 0, value) }
                            break
                        }
                        k += 1
                    }
                } else if !(j < n && isWordByte(bytes[j])) {
                    pages += 1
                }
                i = j
            }
            return largest ?? (pages > 0 ? pages : nil)
        }
    }

    /// Whether every page is A4 (595 x 842 points, give or take a point):
    /// every `/MediaBox [0 0 w h]` in the file, read by a scan of the bytes.
    static func isA4(_ pdf: Data) -> Bool {
        pdf.withUnsafeBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            let n = bytes.count
            let key = Array("/MediaBox".utf8)
            let isSpace = Self.isPDFSpace
            var boxes = 0
            var i = 0
            while i < n {
                guard bytes[i] == 0x2F, i + key.count <= n, key.indices.allSatisfy({ bytes[i + $0] == key[$0] }) else { i += 1; continue }
                var j = i + key.count
                i = j
                while j < n, isSpace(bytes[j]) { j += 1 }
                guard j < n, bytes[j] == UInt8(ascii: "[") else { continue }
                j += 1
                var numbers: [Double] = []
                while numbers.count < 4 {
                    while j < n, isSpace(bytes[j]) { j += 1 }
                    var text = ""
                    while j < n, (bytes[j] >= 0x30 && bytes[j] <= 0x39) || bytes[j] == UInt8(ascii: ".") || bytes[j] == UInt8(ascii: "-") {
                        text.append(Character(Unicode.Scalar(bytes[j]))); j += 1
                    }
                    guard let number = Double(text) else { break }
                    numbers.append(number)
                }
                guard numbers.count == 4, numbers[0] == 0, numbers[1] == 0 else { continue }
                guard abs(numbers[2] - 595.28) < 1.5, abs(numbers[3] - 841.89) < 1.5 else { return false }
                boxes += 1
            }
            return boxes > 0
        }
    }

    /// What a reader sees: the PDF's text (poppler's pdftotext), from `firstPage` on.
    static func text(of pdf: Data, firstPage: Int = 1) -> String? {
        poppler(pdf, "pdftotext", ["-f", "\(firstPage)", "-layout"], output: "out.txt") {
            try? String(contentsOf: $0, encoding: .utf8)
        }
    }

    /// A small PNG of page 1 (poppler's pdftoppm), for the download page.
    static func preview(of pdf: Data, width: Int = 150) -> Data? {
        poppler(pdf, "pdftoppm", ["-png", "-f", "1", "-l", "1", "-singlefile", "-scale-to", "\(width)"], output: "page") {
            FileManager.default.contents(atPath: $0.path + ".png")
        }
    }

    /// Runs a poppler tool on `pdf` in a temporary folder: `tool options in.pdf output`,
    /// then reads what it wrote; nil when anything fails.
    private static func poppler<T>(_ pdf: Data, _ tool: String, _ options: [String], output name: String,
                                   read: (URL) -> T?) -> T? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-\(tool)-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else { return nil }
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.pdf"), output = folder.appendingPathComponent(name)
        guard (try? pdf.write(to: input)) != nil,
              let status = try? run(URL(fileURLWithPath: "/usr/bin/env"), [tool] + options + [input.path, output.path], timeout: 60),
              status == 0 else { return nil }
        return read(output)
    }

    /// Lines of text past the first page, to say how far a sheet overflows.
    static func overflowLines(of pdf: Data) -> Int? {
        text(of: pdf, firstPage: 2).map { $0.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.count }
    }

    /// Runs a tool with a time limit; what it prints goes nowhere, except
    /// its errors to `errors` when given (a file, for the message).
    static func run(_ executable: URL, _ arguments: [String], timeout: TimeInterval, errors: URL? = nil) throws -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if let errors, FileManager.default.createFile(atPath: errors.path, contents: nil),
           let handle = try? FileHandle(forWritingTo: errors) {
            process.standardError = handle
        }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw PrintError(description: "\(executable.lastPathComponent) took longer than \(Int(timeout)) s")
        }
        return process.terminationStatus
    }
}
