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

    public var description: String { "\(file):\(line):\(column)" }
}

public typealias SourceRange = ClosedRange<SourceLocation>
