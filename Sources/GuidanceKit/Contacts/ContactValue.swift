/// A resolved placeholder: one field of one contact, typed so that renderers
/// can link it (`tel:`, `mailto:`) and keep a phone number on one line.
struct ContactValue: Hashable, Sendable {
    var contact: String
    var field: ContactField
    /// What a reader sees.
    var displayText: String
    /// The phone number, for `.phone`.
    var phone: PhoneNumber?
    /// Set when the registry marks the contact as not yet confirmed.
    var unverified: Bool

    init(contact: String, field: ContactField, displayText: String,
                phone: PhoneNumber? = nil, unverified: Bool = false) {
        self.contact = contact
        self.field = field
        self.displayText = displayText
        self.phone = phone
        self.unverified = unverified
    }

    /// Where the value links to, if anywhere.
    var linkTarget: String? {
        switch field {
        case .phone: phone?.telURI
        case .email: "mailto:" + displayText
        case .url: displayText
        case .name, .hours: nil
        }
    }
}
