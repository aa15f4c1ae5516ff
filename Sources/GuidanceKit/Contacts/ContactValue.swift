/// A resolved placeholder: one field of one contact, typed so that renderers
/// can link it (`tel:`, `mailto:`) and keep a phone number on one line.
public struct ContactValue: Hashable, Sendable {
    public var contact: String
    public var field: ContactField
    /// What a reader sees.
    public var displayText: String
    /// The phone number, for `.phone`.
    public var phone: PhoneNumber?
    /// Set when the registry marks the contact as not yet confirmed.
    public var unverified: Bool

    public init(contact: String, field: ContactField, displayText: String,
                phone: PhoneNumber? = nil, unverified: Bool = false) {
        self.contact = contact
        self.field = field
        self.displayText = displayText
        self.phone = phone
        self.unverified = unverified
    }

    /// Where the value links to, if anywhere.
    public var linkTarget: String? {
        switch field {
        case .phone: phone?.telURI
        case .email: "mailto:" + displayText
        case .url: displayText
        case .name, .hours: nil
        }
    }
}
