/// The raw exchange between the platform and the payment company for one payment, as the
/// platform keeps it: what customs fetches under announcement 179 (`initalRequest`,
/// `initalResponse`), with who can verify the transaction and how the buyer paid.
public struct PaymentExchange: Sendable, Hashable, Codable {
    /// The raw text the platform sent to the payment company, byte for byte.
    public var request: String
    /// The raw text the payment company returned.
    public var response: String
    /// Who can verify the transaction: 1 UnionPay, 2 NetsUnion, 3 other.
    public var verDept: String
    /// How the buyer paid: 1 app, 2 PC, 3 QR code, 4 other.
    public var payType: String?

    public init(request: String, response: String, verDept: String, payType: String? = nil) {
        self.request = request
        self.response = response
        self.verDept = verDept
        self.payType = payType
    }

    static func read(_ cursor: FieldCursor) -> PaymentExchange? {
        guard cursor.expectObject() else { return nil }
        let request = cursor.string("request", maxLength: 8000)
        let response = cursor.string("response", maxLength: 8000)
        let verDept = cursor.string("verDept")
        if let verDept, !["1", "2", "3"].contains(verDept) {
            cursor.child("verDept").invalid("'\(verDept)' is not 1 (UnionPay), 2 (NetsUnion) or 3 (other)")
        }
        let payType = cursor.string("payType", required: false)
        if let payType, !["1", "2", "3", "4"].contains(payType) {
            cursor.child("payType").invalid("'\(payType)' is not 1 (app), 2 (PC), 3 (QR code) or 4 (other)")
        }
        guard let request, let response, let verDept, ["1", "2", "3"].contains(verDept) else { return nil }
        return PaymentExchange(request: request, response: response, verDept: verDept, payType: payType)
    }
}
