/// The tool's version, printed by `guidance --version`.
public enum GuidanceVersion {
    public static let current = "0.9.0"
}
