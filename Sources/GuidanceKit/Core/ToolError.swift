import Foundation

/// A failure that stops the tool from running at all (exit 2): no project
/// at the root, an output folder that cannot be written.
package struct ToolError: Error, CustomStringConvertible, Sendable {
    package var description: String
    /// The command line asked for something the project does not have
    /// (exit 64, not 2): an undeclared `--audience`.
    package var isUsage: Bool
    package init(_ description: String, isUsage: Bool = false) {
        self.description = description
        self.isUsage = isUsage
    }
}
