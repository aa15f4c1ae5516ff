/// What one A4 page can hold, whatever prints it: shared by the rule that
/// refuses a runaway sheet while validating (`PageLengthRule`) and the print
/// check that does not send such a sheet to the browser.
enum PageLimit {
    /// More characters than an A4 page holds even in small type (about 120
    /// a line, 110 lines): a version with more is not printed to be measured.
    static let mostCharacters = 20_000
}
