/// A customs-registered enterprise: its 10-digit customs code (or 18-digit credit code) and name.
public struct Enterprise: Sendable, Hashable, Codable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    static func read(_ cursor: FieldCursor) -> Enterprise? {
        guard cursor.expectObject() else { return nil }
        let code = cursor.string("code", maxLength: 18)
        let name = cursor.string("name", maxLength: 100)
        guard let code, let name else { return nil }
        if let problem = EnterpriseCode.problem(code) {
            cursor.child("code").invalid(problem)
            return nil
        }
        return Enterprise(code: code, name: name)
    }
}
