/// `skeleton-text`: a line `guidance new` wrote in place of the guidance is
/// still in the sheet ("The first thing to do."). An error, because the
/// sheet would be published and printed with it; `check` and the preview
/// name each one until it is written.
struct SkeletonTextRule: Rule {
    init() {}

    func check(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        for sheet in context.project.sheets {
            // Notes for editors (comments) are never printed: not read.
            for (number, line) in sheet.linesOutsideComments {
                let indent = line.prefix { $0 == " " || $0 == "\t" }
                var text = line.dropFirst(indent.count)
                var column = indent.utf8.count + 1
                for marker in ["- ", "* ", "+ "] where text.hasPrefix(marker) {
                    text = text.dropFirst(marker.count)
                    column += marker.utf8.count
                }
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                guard Skeleton.isPlaceholder(trimmed) else { continue }
                findings.append(.error(.skeletonText, at: sheet.source.lines.location(file: sheet.path, line: number, byteColumn: column),
                    "'\(trimmed)' is the text guidance new wrote in place of the guidance, and would be printed as it is; "
                        + "write the sheet's own words here, or delete the line"))
            }
        }
        return findings
    }
}
