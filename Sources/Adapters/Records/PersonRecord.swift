/// A buyer or payer: who the customs declaration is about.
public struct PersonRecord: Sendable, Hashable {
    /// The buyer's account on the platform (`buyerRegNo`).
    public var account: String?
    public var name: String
    /// The resident ID number.
    public var idNumber: String
    public var phone: String?

    static func read(_ cursor: FieldCursor, needsPhone: Bool, needsAccount: Bool = false) -> PersonRecord? {
        guard cursor.expectObject() else { return nil }
        let account = cursor.string("account", required: needsAccount, maxLength: 60)
        let name = cursor.string("name", maxLength: 60)
        let id = cursor.string("idNumber", maxLength: 60)
        let phone = cursor.string("phone", required: needsPhone, maxLength: 30)
        guard let name, let id else { return nil }
        warnMixedScripts(name, cursor.child("name"))
        return PersonRecord(account: account, name: name, idNumber: id, phone: phone)
    }
}

/// Where and to whom the parcel goes.
public struct ConsigneeRecord: Sendable, Hashable {
    public var name: String
    public var phone: String
    public var address: String
    /// The 6-digit administrative division code, when known.
    public var district: String?

    static func read(_ cursor: FieldCursor) -> ConsigneeRecord? {
        guard cursor.expectObject() else { return nil }
        let name = cursor.string("name", maxLength: 100)
        let phone = cursor.string("phone", maxLength: 50)
        let address = cursor.string("address", maxLength: 200)
        let district = cursor.string("district", required: false)
        if let district, district.count != 6 || !district.allSatisfy(\.isNumber) {
            cursor.child("district").invalid("'\(district)' is not a 6-digit administrative division code")
        }
        guard let name, let phone, let address else { return nil }
        warnMixedScripts(name, cursor.child("name"))
        return ConsigneeRecord(name: name, phone: phone, address: address, district: district)
    }
}

/// A person's name in two scripts (Han with Latin, Latin with Cyrillic…) is most likely a
/// look-alike character typed or pasted by mistake; customs' real-name check would fail on it.
func warnMixedScripts(_ name: String, _ field: FieldCursor) {
    let scripts = InvisibleCharacters.scripts(of: name)
    guard scripts.count > 1 else { return }
    field.log.report(
        "name.mixed-scripts", .warning, record: field.record, path: field.path,
        "'\(name)' mixes \(scripts.sorted().joined(separator: " and ")) letters; check for a look-alike character (customs' real-name check compares exactly)"
    )
}
