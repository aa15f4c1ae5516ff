/// The tool's version, printed by `guidance --version`.
package enum GuidanceVersion {
    package static let current = "0.9.0"
}
