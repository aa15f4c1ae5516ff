/// A resolved placeholder: one field of one contact, typed so that renderers
/// can link it (`tel:`, `mailto:`) and keep a phone number on one line.
struct ContactValue: Hashable, Sendable {
    var contact: String
    var field: ContactField
    /// What a reader sees.
    var displayText: String
    /// The phone number, for `.phone`.
    var phone: PhoneNumber?

    init(contact: String, field: ContactField, displayText: String, phone: PhoneNumber? = nil) {
        self.contact = contact
        self.field = field
        self.displayText = displayText
        self.phone = phone
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
