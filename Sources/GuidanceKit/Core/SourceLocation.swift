/// A place in a source file, as a person reads it: 1-based line and column.
///
/// Columns count characters (Unicode scalars), not bytes, so that a position
/// in a line with "£" or "’" still points at the right letter in an editor.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The path relative to the project root, e.g. `Guidance/indecent-images.md`.
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }

    /// Where a finding about no one file stands (no sheets at all, no
    /// network for the link check): no path, line and column 0. Reported like
    /// a compiler's general error, `guidance: error: ...`, never as if a
    /// folder were a file.
    public static let noFile = SourceLocation(file: "", line: 0, column: 0)

    public var hasFile: Bool { !file.isEmpty }

    public var description: String { hasFile ? "\(file):\(line):\(column)" : "guidance" }
}

public typealias SourceRange = ClosedRange<SourceLocation>
