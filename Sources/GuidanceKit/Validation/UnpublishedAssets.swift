/// Stub: files a template names that the build does not publish, to be written.
enum UnpublishedAssets {
    struct Reference: Sendable, Hashable { var target: String; var line: Int; var column: Int }
    static func references(in text: String, file: String, css: Bool) -> [Reference] { [] }
    static func check(_ text: String, file: String, css: Bool, pages: [String], published: Set<String>) -> [Finding] { [] }
}
