import Foundation

/// The registry as last published, `Output/contacts.json`: what the sheets in
/// `Output/` print, in a form schools and CI can read. A build compares the
/// registry with it, so a changed number cannot go out without a new
/// `verified` date (`changed-contact`).
public struct PublishedRegistry: Codable, Sendable, Equatable {
    static let fileName = "contacts.json"

    struct Entry: Codable, Sendable, Equatable {
        var name: String
        var phone: String?
        /// The number in international form, for software that dials (absent for short codes).
        var e164: String?
        var email: String?
        var hours: String?
        var url: String?
        var verified: String
    }

    var partnership: String
    var contacts: [String: Entry]

    init(partnership: String, registry: ContactRegistry) {
        self.partnership = partnership
        var contacts: [String: Entry] = [:]
        for contact in registry.contacts {
            contacts[contact.id] = Entry(name: contact.name, phone: contact.text(of: .phone), e164: contact.phone?.e164,
                                         email: contact.email, hours: contact.hours, url: contact.url,
                                         verified: contact.verified.description)
        }
        self.contacts = contacts
    }

    /// The file's bytes: sorted keys, so the same registry gives the same bytes.
    var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data("{}".utf8)) + Data("\n".utf8)
    }

    /// The last publication in an output folder; nil when there is none (a first build).
    static func load(from output: URL) -> PublishedRegistry? {
        guard let data = RegularFile.contents(atPath: output.appendingPathComponent(fileName).path) else { return nil }
        return try? JSONDecoder().decode(PublishedRegistry.self, from: data)
    }

    /// One field of one contact that differs from the last publication.
    public struct Change: Sendable, Equatable, CustomStringConvertible {
        var contact: String
        var field: String
        var old: String?
        var new: String?
        /// Whether `verified` moved on since the last publication.
        var reverified: Bool

        public var description: String {
            "\(contact).\(field) \(old ?? "(none)") -> \(new ?? "(none)")"
        }
    }

    /// The phone numbers, e-mail addresses and web addresses that differ
    /// between the last publication and `registry` (contacts added or removed
    /// are not changes of a detail).
    func changes(to registry: ContactRegistry) -> [Change] {
        var changes: [Change] = []
        for contact in registry.contacts {
            guard let old = contacts[contact.id] else { continue }
            let reverified = contact.verified.description > old.verified
            let pairs: [(String, String?, String?)] = [
                ("phone", old.phone, contact.text(of: .phone)),
                ("email", old.email, contact.email),
                ("url", old.url, contact.url),
            ]
            for (field, before, after) in pairs where Self.normalised(before, field) != Self.normalised(after, field) {
                changes.append(Change(contact: contact.id, field: field, old: before, new: after, reverified: reverified))
            }
        }
        return changes
    }

    private static func normalised(_ value: String?, _ field: String) -> String? {
        guard let value else { return nil }
        switch field {
        case "phone": return PhoneNumber(value).key ?? value
        case "email": return value.lowercased()
        default: return value
        }
    }
}

/// `changed-contact`: a phone number, e-mail or web address that differs from
/// the last publication while its `verified` date did not move.
struct ChangedContactRule: Rule {
    init() {}

    func check(_ context: ValidationContext) -> [Finding] {
        guard let published = context.published, context.project.registry.isReadable else { return [] }
        var findings: [Finding] = []
        for change in published.changes(to: context.project.registry) where change.field == "phone" {
            // A replaced number is retired in the registry itself, so the
            // history lives in Guidance/ (seen in review, in every clone) and
            // the old number typed anywhere is an error (retired-number).
            guard let contact = context.project.registry.contact(change.contact), let old = change.old,
                  !contact.retired.contains(where: { $0.isSameNumber(as: PhoneNumber(old)) }) else { continue }
            let list = (contact.retired.map(\.written) + [old]).joined(separator: ", ")
            findings.append(.error(.changedContact, at: contact.locations["phone"] ?? contact.location,
                "\(change.contact).phone changed from \(old) to \(change.new ?? "nothing"); the change is complete only when "
                    + "\(old) is in \(change.contact)'s retired: list, so it can never be published again; add this line "
                    + "under \(change.contact) (or extend the list it has)",
                suggestion: "retired: [\(list)]"))
        }
        for change in published.changes(to: context.project.registry) where !change.reverified {
            guard let contact = context.project.registry.contact(change.contact) else { continue }
            let location = contact.locations[change.field] ?? contact.locations["verified"] ?? contact.location
            let what = change.field == "phone" ? "ring the new number" : "check the new \(change.field == "email" ? "address" : "web address")"
            findings.append(.error(.changedContact, at: location,
                "\(change.contact).\(change.field) changed from \(change.old ?? "nothing") to \(change.new ?? "nothing") "
                    + "but verified is still \(contact.verified); \(what) and set verified to the day you did"))
        }
        return findings
    }
}
