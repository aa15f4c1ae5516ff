import Yams

/// One entry of `Guidance/contacts.yaml`.
package struct Contact: Sendable, Hashable {
    var id: String
    var name: String
    var phone: PhoneNumber?
    var email: String?
    var hours: String?
    var url: String?
    /// When someone last rang or checked it.
    var verified: Day
    /// How it was checked on that day: rung, or compared with a named
    /// document. Nil where the registry does not say.
    var verifiedBy: Verification?
    /// Days after `verified` by which it must be checked again.
    var reviewEvery: Int
    var retired: [PhoneNumber]
    /// Where each field was written in contacts.yaml, for findings.
    var locations: [String: SourceLocation]

    var location: SourceLocation { locations["id"] ?? SourceLocation(file: ContactRegistry.path, line: 1, column: 1) }
    var dueForReview: Day { verified.adding(days: reviewEvery) }

    /// The text of one field as a reader sees it; nil when the contact has none.
    func text(of field: ContactField) -> String? {
        switch field {
        case .name: name
        case .phone: phone.map { $0.national ?? $0.written }
        case .email: email
        case .hours: hours
        case .url: url
        }
    }
}

/// How a contact was last verified (`verified-by:` in contacts.yaml): someone
/// rang it and reached the service, or compared it with a document (the
/// partnership's learning note, the service's own web page). The footer of a
/// sheet says which; a number checked only against a document is on the
/// office's to-do list (`contact-not-rung`).
package enum Verification: Sendable, Hashable {
    case call
    case document(String)

    /// The words that mean "someone rang it"; anything else names a document.
    static let callWords: Set<String> = ["call", "phone call", "rang", "rung", "telephone"]

    init(_ text: String) {
        let words = text.trimmingCharacters(in: .whitespaces)
        self = Self.callWords.contains(words.lowercased()) ? .call : .document(words)
    }
}

/// The fields a placeholder may name: `{{mash.phone}}`.
enum ContactField: String, Sendable, Hashable, CaseIterable {
    case name, phone, email, hours, url
}

/// A local contact written with `fill-in:` (as `guidance init` writes the
/// partnership's own MASH, LADO, ...): known by id, so the sheets and the
/// check can say it is still to be filled in, but nothing of it is read,
/// printed or published until its details are written and the line deleted.
struct ContactToFillIn: Sendable, Hashable {
    var id: String
    /// What to fill in, as the `fill-in:` line says.
    var what: String
    /// The `fill-in:` line.
    var location: SourceLocation
}

/// `Guidance/contacts.yaml`: every contact, defined once.
package struct ContactRegistry: Sendable {
    static let path = "Guidance/contacts.yaml"
    static let defaultReviewDays = 180

    var contacts: [Contact]
    /// Entries still marked `fill-in:`; never among `contacts`.
    var toFillIn: [ContactToFillIn] = []
    func toFillIn(_ id: String) -> ContactToFillIn? { toFillIn.first { $0.id == id } }
    /// False when `contacts.yaml` is missing or could not be read at all: its
    /// own finding says why, and placeholders are then not judged.
    var isReadable = true
    func contact(_ id: String) -> Contact? { contacts.first { $0.id == id } }

    /// The contact that lists `number` among its retired numbers, however it is written.
    func retiredOwner(of number: PhoneNumber) -> Contact? {
        contacts.first { $0.retired.contains { $0.isSameNumber(as: number) } }
    }

    /// The contact whose current number is `number`, however it is written.
    func owner(of number: PhoneNumber) -> Contact? {
        contacts.first { $0.phone?.isSameNumber(as: number) ?? false }
    }

    /// The contact whose e-mail address is `address` (case ignored).
    func owner(ofEmail address: String) -> Contact? {
        contacts.first { $0.email?.lowercased() == address.lowercased() }
    }

    static let contactKeys = ["name", "phone", "email", "hours", "url", "verified", "verified-by",
                              "review-every", "retired", "notes", "fill-in"]

    package static func read(_ text: String, file: String = path) -> (ContactRegistry, [Finding]) {
        var yaml = YAMLReader(file: file, rule: .config)
        guard let root = yaml.compose(text), let entries = yaml.mapping(root, what: file) else {
            if yaml.findings.isEmpty { yaml.error("the file is empty; it must list 'contacts:'", at: nil) }
            var unreadable = ContactRegistry(contacts: [])
            unreadable.isReadable = false
            return (unreadable, yaml.findings)
        }
        var defaultReview = defaultReviewDays
        var contactsNode: Node?
        for (key, keyNode, value) in entries {
            switch key {
            case "review-every":
                defaultReview = yaml.integer(value, what: "review-every (days)", range: 1...3650) ?? defaultReview
            case "contacts":
                contactsNode = value
            default:
                yaml.unknownKey(key, at: keyNode, known: ["review-every", "contacts"], in: file)
            }
        }
        guard let contactsNode, let list = yaml.mapping(contactsNode, what: "contacts") else {
            if contactsNode == nil { yaml.error("missing 'contacts:'", at: root) }
            return (ContactRegistry(contacts: []), yaml.findings)
        }
        var contacts: [Contact] = [], toFillIn: [ContactToFillIn] = []
        for (id, idNode, body) in list {
            guard Identifier.isValid(id) else {
                yaml.error("contact id '\(id)' may use only lower-case letters, digits and hyphens", at: idNode)
                continue
            }
            if let pending = fillIn(id, body: body, yaml: &yaml) {
                toFillIn.append(pending)
                continue
            }
            if let contact = readContact(id, idNode: idNode, body: body, defaultReview: defaultReview, yaml: &yaml) {
                contacts.append(contact)
            }
        }
        return (ContactRegistry(contacts: contacts, toFillIn: toFillIn), yaml.findings)
    }

    /// The entry as one to fill in, when it has a `fill-in:` line. Its other
    /// fields are the blanks to fill, so none of them is read (or judged).
    private static func fillIn(_ id: String, body: Node, yaml: inout YAMLReader) -> ContactToFillIn? {
        guard case .mapping(let fields) = body else { return nil }
        for (key, value) in fields where key.string == "fill-in" {
            let what = value.string?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return ContactToFillIn(id: id, what: what.isEmpty ? "this contact's details" : what, location: yaml.location(value))
        }
        return nil
    }

    private static func readContact(_ id: String, idNode: Node, body: Node, defaultReview: Int,
                                    yaml: inout YAMLReader) -> Contact? {
        guard let fields = yaml.mapping(body, what: "contact '\(id)'") else { return nil }
        var locations = ["id": yaml.location(idNode)]
        var name: String?, email: String?, hours: String?, url: String?, verifiedBy: Verification?
        var phone: PhoneNumber?, verified: Day?, reviewEvery = defaultReview
        var retired: [PhoneNumber] = []
        for (key, keyNode, value) in fields {
            locations[key] = yaml.location(value)
            switch key {
            case "name": name = yaml.string(value, what: "\(id).name")
            case "phone": phone = yaml.string(value, what: "\(id).phone").map(PhoneNumber.init)
            case "email": email = yaml.string(value, what: "\(id).email")
            case "hours": hours = yaml.string(value, what: "\(id).hours")
            case "url": url = yaml.string(value, what: "\(id).url")
            case "verified-by":
                if let text = yaml.string(value, what: "\(id).verified-by") {
                    if text.trimmingCharacters(in: .whitespaces).isEmpty {
                        yaml.error("\(id).verified-by is empty: write 'call' if someone rang the number, or the name of the document it was compared with", at: value)
                    } else {
                        verifiedBy = Verification(text)
                    }
                }
            case "unverified":
                // Retired field: it printed "(unconfirmed)" beside a number, which no reader can act on.
                yaml.error("'unverified' is no longer used: nothing uncertain is printed beside a number. Settle the contact, "
                           + "say how it was checked in 'verified-by:' (call, or the document it was compared with) "
                           + "and keep any doubt in 'notes:'", at: keyNode)
            case "notes": _ = yaml.string(value, what: "\(id).notes")
            case "verified": verified = yaml.day(value, what: "\(id).verified")
            case "review-every":
                reviewEvery = yaml.integer(value, what: "\(id).review-every (days)", range: 1...3650) ?? reviewEvery
            case "retired":
                for (number, node) in yaml.strings(value, what: "\(id).retired") ?? [] {
                    retired.append(PhoneNumber(number))
                    locations["retired:\(number)"] = yaml.location(node)
                }
            default:
                yaml.unknownKey(key, at: keyNode, known: contactKeys, in: "contact '\(id)'")
            }
        }
        guard let name else {
            if locations["name"] == nil { yaml.error("contact '\(id)' needs a name:", at: idNode) }
            return nil
        }
        guard let verified else {
            if locations["verified"] == nil {
                yaml.error("contact '\(id)' needs verified: the date someone last checked it (YYYY-MM-DD)", at: idNode)
            }
            return nil
        }
        return Contact(id: id, name: name, phone: phone, email: email, hours: hours, url: url,
                       verified: verified, verifiedBy: verifiedBy, reviewEvery: reviewEvery, retired: retired,
                       locations: locations)
    }
}
