/// A place in a source file, as a person reads it: 1-based line and column.
///
/// Columns count characters (Unicode scalars), not bytes, so that a position
/// in a line with "£" or "’" still points at the right letter in an editor.
package struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The path relative to the project root, e.g. `Guidance/indecent-images.md`.
    package var file: String
    package var line: Int
    package var column: Int

    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    package static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }

    /// Where a finding about no one file stands (no sheets at all, no
    /// network for the link check): no path, line and column 0. Reported like
    /// a compiler's general error, `guidance: error: ...`, never as if a
    /// folder were a file.
    package static let noFile = SourceLocation(file: "", line: 0, column: 0)

    package var hasFile: Bool { !file.isEmpty }

    package var description: String { hasFile ? "\(file):\(line):\(column)" : "guidance" }
}

package typealias SourceRange = ClosedRange<SourceLocation>
