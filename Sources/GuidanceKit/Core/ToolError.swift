import Foundation

/// A failure that stops the tool from running at all (exit 2): no project
/// at the root, an output folder that cannot be written.
public struct ToolError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The command line asked for something the project does not have
    /// (exit 64, not 2): an undeclared `--audience`.
    public var isUsage: Bool
    public init(_ description: String, isUsage: Bool = false) {
        self.description = description
        self.isUsage = isUsage
    }
}
