/// Rules over the contacts registry: every number valid, written in the
/// standard national form, not retired, and re-checked on time.
struct RegistryRule: Rule {
    /// Days before a contact falls due in which a warning is given.
    static let warningDays = 30

    init() {}

    func check(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        let used = Self.contactsUsed(in: context.project.sheets)
        for contact in context.project.registry.contacts {
            let at = { (key: String) in contact.locations[key] ?? contact.location }
            if let phone = contact.phone {
                findings += PhoneChecks.validity(phone, at: at("phone"), what: "\(contact.id).phone")
                if let other = context.project.registry.retiredOwner(of: phone) {
                    findings.append(.error(.retiredNumber, at: at("phone"),
                        "\(phone.written) is a retired number of '\(other.id)'; use its current number"))
                }
            }
            for retired in contact.retired where retired.kind == .unparseable {
                findings.append(.error(.invalidPhone, at: at("retired:\(retired.written)"),
                    "'\(retired.written)' in \(contact.id).retired is not a phone number"))
            }
            if let email = contact.email, !EmailAddress.isWellFormed(email) {
                findings.append(.error(.invalidEmail, at: at("email"),
                    "'\(email)' is not a well-formed e-mail address; check for a missing @ or domain"))
            }
            if let url = contact.url {
                findings += LinkChecks.scheme(of: url, at: at("url"))
            }
            findings += staleness(contact, asOf: context.asOf, at: at("verified"), usedOnASheet: used.contains(contact.id))
            if let note = Self.notRung(contact, at: at("verified-by")) { findings.append(note) }
        }
        for pending in context.project.registry.toFillIn {
            findings.append(.warning(.fillInContact, at: pending.location,
                "'\(pending.id)' is still to be filled in: \(pending.what). Check its name, write its phone number "
                    + "(and hours, email, url) under it, set verified: and verified-by:, then delete this fill-in: line; "
                    + "until then no sheet can use it"))
        }
        return findings
    }

    /// A number checked only against a document is the office's to-do: a note
    /// (it never fails a check), at `verified-by:`. Short codes (999, 101) are
    /// national numbers nobody rings to test.
    static func notRung(_ contact: Contact, at location: SourceLocation) -> Finding? {
        guard case .document(let document) = contact.verifiedBy,
              let phone = contact.phone, phone.kind != .shortCode else { return nil }
        let number = phone.national ?? phone.written
        return Finding(.note, .contactNotRung, at: location,
            "'\(contact.id)' (\(number)) was checked against \(document), not by ringing it; "
            + "ring it, and if it answers as the sheets say, set verified-by: call and verified: to that day",
            suggestion: "verified-by: call")
    }

    /// The ids of the contacts any sheet's placeholders name.
    static func contactsUsed(in sheets: [Sheet]) -> Set<String> {
        var ids = Set<String>()
        for sheet in sheets {
            if let named = sheet.contactsNamed {
                ids.formUnion(named)
                continue
            }
            sheet.document.forEachNode { node in
                if case .contact(let value) = node.kind { ids.insert(value.contact) }
            }
        }
        return ids
    }

    /// Overdue is an error for a contact a sheet prints, a warning for one no
    /// sheet uses. No suggestion pre-fills a date: the date is the day someone
    /// really rang or checked it.
    func staleness(_ contact: Contact, asOf: Day, at location: SourceLocation, usedOnASheet: Bool = true) -> [Finding] {
        let due = contact.dueForReview
        let days = asOf.days(until: due)
        if contact.verified > asOf {
            return [.error(.staleContact, at: location,
                "'\(contact.id)' is marked verified on \(contact.verified), which is after \(asOf); write the day it was really checked")]
        }
        if days < 0 {
            let what = contact.phone != nil ? "ring the number" : "check its details"
            let unused = usedOnASheet ? "" : " No sheet uses it, so this does not stop a build; remove it if it is no longer needed."
            return [Finding(usedOnASheet ? .error : .warning, .staleContact, at: location,
                "'\(contact.id)' was last verified on \(contact.verified) and was due to be checked again on \(due) (\(-days) days ago); "
                    + "\(what), correct anything that changed, and set verified to the day you did.\(unused)")]
        }
        if days <= Self.warningDays {
            return [.warning(.staleContact, at: location,
                "'\(contact.id)' is due to be checked again on \(due) (in \(days) days)")]
        }
        return []
    }
}

enum PhoneChecks {
    /// Where a number differs from its standard form only by characters
    /// nobody can see (a non-breaking space pasted from a web page), say
    /// which, or the message would read "'0344 381 4772' is not '0344 381 4772'".
    static func invisibleDifference(_ written: String) -> String {
        let invisible = written.unicodeScalars.filter {
            $0 != " " && ($0.properties.isWhitespace || $0.properties.generalCategory == .format || $0.properties.generalCategory == .control)
        }
        guard !invisible.isEmpty else { return "" }
        var seen: [String] = []
        for scalar in invisible {
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            let name = scalar.value == 0xA0 ? "a non-breaking space (\(code))" : (scalar.properties.name.map { "\($0.lowercased()) (\(code))" } ?? code)
            if !seen.contains(name) { seen.append(name) }
        }
        return ": it holds " + seen.joined(separator: ", ") + " where the standard form has an ordinary space or nothing; retype the number"
    }

    static func validity(_ phone: PhoneNumber, at location: SourceLocation, what: String) -> [Finding] {
        switch phone.kind {
        case .unparseable, .invalid:
            return [.error(.invalidPhone, at: location,
                "\(what) '\(phone.written)' is not a valid UK phone number or short code; check the digits")]
        case .valid, .shortCode:
            guard let national = phone.national, !phone.isWrittenInNationalForm else { return [] }
            return [.warning(.phoneFormat, at: location,
                "\(what) '\(phone.written)' is not written in the standard form '\(national)'" + invisibleDifference(phone.written),
                suggestion: national)]
        }
    }
}

enum EmailAddress {
    /// A practical check: one @, a local part and a dotted domain of sensible
    /// characters (what `[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@label(.label)+` says,
    /// a label being letters and digits with inner hyphens), no "..", no
    /// leading dot. A scan, not a regular expression: this runs for every
    /// address on every sheet, and a regular expression cost a millisecond each.
    static func isWellFormed(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1,
              bytes.first != UInt8(ascii: ".") else { return false }
        func isAlphanumeric(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        }
        let localExtras = Set(".!#$%&'*+/=?^_`{|}~-".utf8)
        var previous: UInt8 = 0
        for b in bytes[..<at] {
            guard isAlphanumeric(b) || localExtras.contains(b), !(b == UInt8(ascii: ".") && previous == b) else { return false }
            previous = b
        }
        let labels = bytes[(at + 1)...].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard let first = label.first, let last = label.last, isAlphanumeric(first), isAlphanumeric(last),
                  label.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") }) else { return false }
        }
        return true
    }
}

/// Rules over the text of every sheet: numbers and addresses typed straight
/// in instead of through the registry, and retired numbers however written.
struct SheetTextRule: Rule {
    init() {}

    /// Things that look like e-mail addresses: the run of address-like
    /// characters on each side of every `@`. A scan, not a regular expression,
    /// so a long line without an `@` costs one pass.
    static func emailLike(in text: String) -> [String] {
        let characters = Array(text)
        func isAddressCharacter(_ c: Character) -> Bool {
            !(c.isWhitespace || "<>()[]\"',;:@".contains(c))
        }
        var found: [String] = []
        var index = 0
        while index < characters.count {
            defer { index += 1 }
            guard characters[index] == "@" else { continue }
            var start = index, end = index + 1
            while start > 0, isAddressCharacter(characters[start - 1]) { start -= 1 }
            while end < characters.count, isAddressCharacter(characters[end]) || characters[end] == "@" { end += 1 }
            if start < index, end > index + 1 {
                found.append(String(characters[start..<end]))
                index = end - 1
            }
        }
        return found
    }

    func check(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        let registry = context.project.registry
        for sheet in context.project.sheets {
            let source = sheet.source  // taken once, not copied with the whole Sheet for every node
            // The text nodes that may hold a number or an address, gathered by
            // a walk that captures nothing else: the checks below run on few.
            var candidates: [(text: String, start: SourceLocation, block: SourceRange?)] = []
            sheet.document.forEachInBlock { node, block in
                guard case .text(let text) = node.kind, let start = node.start,
                      text.utf8.contains(where: { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "@") })
                else { return }
                candidates.append((text, start, block))
            }
            for (text, start, block) in candidates {
                // Numbers and addresses come in order: each is looked for from
                // where the one before it stood, not from the start of the text.
                let numbers = PhoneNumber.find(in: text)
                if !numbers.isEmpty {
                    var searcher = SourceSearch(source: source, start: start, block: block)
                    for (range, number) in numbers {
                        let location = searcher.locateNumber(String(text[range]))
                        findings += phone(number, at: location, registry: registry)
                    }
                }
                guard text.utf8.contains(UInt8(ascii: "@")) else { continue }
                var searcher = SourceSearch(source: source, start: start, block: block)
                for match in Self.emailLike(in: text) {
                    var address = match
                    while let last = address.last, ".!?".contains(last) { address.removeLast() }
                    let location = searcher.locate(address)
                    if !EmailAddress.isWellFormed(address) {
                        findings.append(.error(.invalidEmail, at: location,
                            "'\(address)' is not a well-formed e-mail address"))
                    } else {
                        findings.append(Self.unregistered(email: address, at: location, registry: registry))
                    }
                }
            }
            findings += contactLinks(in: sheet, registry: registry)
        }
        return findings
    }

    private static func unregistered(email address: String, at location: SourceLocation, registry: ContactRegistry) -> Finding {
        let owner = registry.owner(ofEmail: address)
        return .warning(.unregisteredEmail, at: location,
            "the address \(address) is typed into the sheet; take it from \(ContactRegistry.path) with a placeholder so it is changed in one place",
            suggestion: owner.map { "{{\($0.id).email}}" })
    }

    /// `tel:` and `mailto:` links typed by hand, judged as the same number or
    /// address in the text is, at the link. A link made from a placeholder
    /// (`tel:{{mash.phone}}`) is the registry's, judged there; one whose own
    /// text shows the same number is judged by that text, once.
    private func contactLinks(in sheet: Sheet, registry: ContactRegistry) -> [Finding] {
        let fromRegistry = sheet.linksFromRegistry
        var links: [(link: ContactLink, at: SourceLocation)] = []
        sheet.document.forEachNode { node in
            guard case .link(let destination, _) = node.kind, !destination.contains("{{"),
                  let start = node.start, !fromRegistry.contains(start),
                  let link = ContactLink(destination), !link.isShown(in: node.plainText) else { return }
            links.append((link, start))
        }
        var findings: [Finding] = []
        for (link, location) in links {
            switch link {
            case .phone(let written):
                findings += phone(PhoneNumber(written), at: location, registry: registry)
            case .email(let addresses):
                for address in addresses {
                    findings.append(EmailAddress.isWellFormed(address)
                        ? Self.unregistered(email: address, at: location, registry: registry)
                        : .error(.invalidEmail, at: location, "'\(address)' in this mailto: link is not a well-formed e-mail address"))
                }
            }
        }
        return findings
    }

    private func phone(_ number: PhoneNumber, at location: SourceLocation, registry: ContactRegistry) -> [Finding] {
        if let contact = registry.retiredOwner(of: number) {
            return [.error(.retiredNumber, at: location,
                "\(number.written) is a retired number of '\(contact.id)'; use {{\(contact.id).phone}}",
                suggestion: "{{\(contact.id).phone}}")]
        }
        // Validity and the standard form, as for the registry, so the sheet
        // never prints a number written the wrong way.
        var findings = PhoneChecks.validity(number, at: location, what: "the number")
        let owner = registry.owner(of: number)
        let suggestion = owner.map { "{{\($0.id).phone}}" } ?? (number.isValid ? Self.registryEntry(for: number) : nil)
        let how = owner.map { "it is \($0.id)'s number: write {{\($0.id).phone}}" }
            ?? (number.isValid ? "add it to \(ContactRegistry.path) (suggestion below) and write a placeholder"
                : "correct it, add it to \(ContactRegistry.path) and write a placeholder")
        findings.append(.warning(.unregisteredPhone, at: location,
            "the number \(number.written) is typed into the sheet; \(how), so it is changed in one place",
            suggestion: suggestion))
        return findings
    }

    /// A ready-to-paste `contacts.yaml` entry for a number typed into a sheet.
    static func registryEntry(for number: PhoneNumber) -> String {
        let national = number.national ?? number.written
        let phone = national.allSatisfy(\.isNumber) ? "\"\(national)\"" : national
        return """
            under 'contacts:' in \(ContactRegistry.path), then write {{new-contact.phone}} (name the contact and rename new-contact):
              new-contact:
                name: WHO ANSWERS THIS NUMBER
                phone: \(phone)
                verified: YYYY-MM-DD   # the day you rang it
            """
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
