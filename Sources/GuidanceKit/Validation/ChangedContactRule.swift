import Foundation

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
