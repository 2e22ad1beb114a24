/// Who received the buyer's money for an order (announcement 179's `recpAccount`, `recpCode`,
/// `recpName`): the seller on a marketplace, the platform itself when it sells.
public struct SellerRecord: Sendable, Hashable, Codable {
    /// The receiving account.
    public var account: String
    /// The receiving enterprise's code (unified social credit code); may be absent abroad.
    public var code: String?
    public var name: String

    public init(account: String, code: String? = nil, name: String) {
        self.account = account
        self.code = code
        self.name = name
    }

    static func read(_ cursor: FieldCursor) -> SellerRecord? {
        guard cursor.expectObject() else { return nil }
        let account = cursor.string("account", maxLength: 60)
        let code = cursor.string("code", required: false, maxLength: 18)
        let name = cursor.string("name", maxLength: 100)
        guard let account, let name else { return nil }
        return SellerRecord(account: account, code: code, name: name)
    }
}
