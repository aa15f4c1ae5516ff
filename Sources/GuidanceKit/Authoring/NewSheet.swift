import Foundation

/// `guidance new`: a sheet to start from, so nobody copies front matter by
/// hand (Hugo's archetypes). The sheet it writes passes `guidance check`:
/// valid front matter, a Do / Don't skeleton, and one audience region.
package enum NewSheet {
    /// Sheets have no review period of their own in the configuration (only
    /// contacts do, `review-every` in contacts.yaml), so a new sheet is due
    /// for review six months after it is written, as the design's example is.
    package static let reviewMonths = 6

    package enum Failure: Error, CustomStringConvertible, Sendable {
        /// The command line asked for something impossible (exit 64).
        case usage(String)
        /// The request is sound but refused: the sheet exists (exit 1).
        case refused(String)
        /// The project cannot be read or written (exit 2).
        case cannotRun(String)

        package var description: String {
            switch self {
            case .usage(let text), .refused(let text), .cannotRun(let text): text
            }
        }
    }

    /// Why a slug cannot name a sheet, or nil when it can: the rule every name the office gives follows.
    package static func problem(withSlug slug: String) -> String? {
        if !Identifier.isValid(slug) {
            return "'\(slug)' is not a valid sheet name; use lower-case letters, digits and hyphens, e.g. online-safety"
        }
        if let reserved = OutputLayout.reservedSlugs[slug] {
            return "'\(slug)' is reserved for \(reserved); choose another name"
        }
        return nil
    }

    /// Writes `Guidance/<slug>.md` and returns its path relative to the root.
    /// - Parameter audiences: ids declared in `guidance.yaml`; nil for every declared audience.
    @discardableResult
    package static func write(root: URL, slug: String, title: String, audiences: [String]?, reviewed: Day) throws(Failure) -> String {
        if let problem = problem(withSlug: slug) { throw .usage(problem) }
        let title = title.trimmingCharacters(in: .whitespaces)
        if title.isEmpty { throw .usage("--title is empty; give the sheet's title, e.g. --title \"Online safety\"") }
        if title.contains(where: \.isNewline) { throw .usage("--title must be one line") }
        let guidance = root.appendingPathComponent("Guidance")
        let configURL = root.appendingPathComponent(Configuration.path)
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw .cannotRun("cannot read \(Configuration.path) in \(root.path); run guidance from the project root or pass --root DIR")
        }
        let configText: String
        switch SourceFile.read(configURL, path: Configuration.path, within: guidance) {
        case .success(let text): configText = text
        case .failure(let finding): throw .cannotRun("\(Configuration.path): \(finding.message)")
        }
        guard let configuration = Configuration.read(configText).0, !configuration.audiences.isEmpty else {
            throw .cannotRun("\(Configuration.path) cannot be read; run guidance check and fix it first")
        }
        let declared = configuration.audiences.map(\.id)
        let chosen = audiences ?? declared
        if chosen.isEmpty { throw .usage("--audiences is empty; name at least one of: \(declared.joined(separator: ", "))") }
        for id in chosen where !declared.contains(id) {
            throw .usage("unknown audience '\(id)' for --audiences; declared in \(Configuration.path): \(declared.joined(separator: ", "))")
        }
        let path = "Guidance/\(slug).md"
        let file = guidance.appendingPathComponent("\(slug).md")
        let text = Data(self.text(title: title, audiences: chosen, configuration: configuration, reviewed: reviewed).utf8)
        // O_EXCL: an existing sheet is never overwritten, even by a race.
        let fd = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        if fd < 0 {
            if errno == EEXIST { throw .refused("\(path) already exists; choose another name, or edit it") }
            throw .cannotRun("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let written = text.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        if written != text.count {
            try? FileManager.default.removeItem(at: file)
            throw .cannotRun("cannot write \(path)")
        }
        return path
    }

    /// The new sheet's text.
    static func text(title: String, audiences: [String], configuration: Configuration, reviewed: Day) -> String {
        let first = audiences[0]
        let label = configuration.audience(first)?.label ?? first
        return """
            ---
            title: \(yamlQuoted(title))
            audiences: [\(audiences.joined(separator: ", "))]
            reviewed: \(reviewed)
            next-review: \(reviewed.adding(months: reviewMonths))
            ---

            <!--
            A new sheet. Replace each line below with the guidance, keep it to
            one A4 page (guidance serve shows where the page ends), then run
            guidance check. Contacts come from Guidance/contacts.yaml through
            placeholders: a contact's id there and a field (phone, email, url,
            name, hours) joined by a dot, in double braces.
            -->

            \(Skeleton.purpose)

            ## Do

            - \(Skeleton.firstDo)
            - \(Skeleton.nextDo)

            ## Don't

            - \(Skeleton.firstDont)
            - \(Skeleton.nextDont)

            ## Who to tell

            \(Skeleton.everyone)

            <!-- audience: \(first) -->
            \(Skeleton.onlyVersion(first, label: label))
            <!-- /audience -->

            """
    }

    /// A YAML double-quoted scalar, so a title with a colon or a quote stays a title.
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension Day {
    /// The same day `months` calendar months later (the last day of the month
    /// when it has fewer days): 2026-08-31 + 6 months = 2027-02-28.
    package func adding(months: Int) -> Day {
        let c = components
        let total = c.year * 12 + (c.month - 1) + months
        let year = total / 12, month = total % 12 + 1
        return Day(year: year, month: month, day: Swift.min(c.day, Day.daysIn(month: month, year: year))) ?? adding(days: months * 30)
    }
}
