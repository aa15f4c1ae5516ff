/// `page-overflow` without a browser: a version with more text than any A4
/// page holds even in small type cannot fit, whatever prints it. Judged while
/// validating, so a hostile or runaway sheet is refused before it is rendered
/// or printed (a megabyte of text would otherwise be laid out for nothing).
struct PageLengthRule: Rule {
    func check(_ context: ValidationContext) -> [Finding] {
        context.versions.compactMap { version in
            let limit = PageLimit.mostCharacters
            guard version.document.textLength(upTo: limit + 1) > limit else { return nil }
            return .error(.pageOverflow, at: SourceLocation(file: version.sheet.path, line: 1, column: 1),
                "the \(version.audience.id) version has more than \(limit) characters of text, far more than one A4 page holds; "
                    + "shorten it to fit on one page")
        }
    }
}
