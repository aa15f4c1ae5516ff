/// Stub: `theme:` in guidance.yaml, to be written.
package struct Theme: Sendable, Hashable {
    struct Colour: Sendable, Hashable {
        init?(hex: String) { nil }
        var css: String { "" }
    }
    static func contrastWithWhite(_ colour: Colour) -> Double { 0 }
}
