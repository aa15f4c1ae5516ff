import Foundation

/// Prints sheets the way people print them: headless Chromium to PDF (one
/// browser for a whole run, see `PrintSession`), then
/// the PDF's page count and page size, and (with poppler's pdftotext) how
/// much text spilled past the first page.
public struct Printer: Sendable {
    let chromium: URL

    /// Chromium from `GUIDANCE_CHROMIUM`, or `chromium` / `chromium-browser` /
    /// `google-chrome` on the PATH; nil when there is none.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Printer? {
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

    /// The number of pages, from the PDF's page tree.
    static func pageCount(of pdf: Data) -> Int? {
        let text = String(decoding: pdf, as: UTF8.self)
        let counts = text.matches(of: #/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/#).compactMap { Int($0.output.1) }
        if let count = counts.max() { return count }
        let pages = text.matches(of: #/\/Type\s*\/Page\b(?!s)/#).count
        return pages > 0 ? pages : nil
    }

    /// Whether every page is A4 (595 x 842 points, give or take a point).
    static func isA4(_ pdf: Data) -> Bool {
        let text = String(decoding: pdf, as: UTF8.self)
        let boxes = text.matches(of: #/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/#)
        return !boxes.isEmpty && boxes.allSatisfy {
            abs((Double($0.output.1) ?? 0) - 595.28) < 1.5 && abs((Double($0.output.2) ?? 0) - 841.89) < 1.5
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

    static func run(_ executable: URL, _ arguments: [String], timeout: TimeInterval) throws -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
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
