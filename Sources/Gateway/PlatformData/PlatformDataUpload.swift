public import Adapters
public import Foundation
import HTTPClient
import JSONWriting
public import Outbox

/// One upload to customs' realTimeDataUpload (announcement 179), built from what the outbox holds:
/// `payExchangeInfoHead` and `payExchangeInfoLists` as compact JSON in customs' key order, and
/// the text that is signed — which joins the very bytes that are uploaded, so that customs,
/// rebuilding it from the upload, verifies the same text.
public struct PlatformDataUpload: Sendable, Hashable {
    public var sessionID: String
    public var guid: String
    /// Epoch milliseconds of the upload.
    public var serviceTime: Int64
    public var headJSON: String
    public var listsJSON: String

    /// Why an upload cannot be built from the outbox: the operator must complete the records.
    public struct Incomplete: Error, Sendable, Hashable {
        public var reason: String
    }

    /// Builds the upload for a request; `guid` must be new for each upload (customs refuses a
    /// reused one), and is written upper-case whatever it is given as.
    public static func build(
        source: PlatformUploadSource, sessionID: String, guid: String, serviceTime: Int64, defaultSeller: SellerRecord?
    ) throws(Incomplete) -> PlatformDataUpload {
        guard let requested = source.orders.first else { throw Incomplete(reason: "the outbox holds no order for the request") }
        guard !source.paymentKey.isEmpty else {
            throw Incomplete(
                reason:
                    "order \(requested.orderNo) names no payment (payment.provider and transactionId, or a payment record); submit it with its payment"
            )
        }
        guard let paymentText = source.payment, let payment = PlatformFacts.parse(paymentText)?.payment else {
            throw Incomplete(
                reason:
                    "no payment \(source.paymentKey) with its raw exchange in the outbox; submit the payment with \"exchange\" (request, response, verDept)"
            )
        }
        var lists: [String] = []
        for order in source.orders {
            guard let facts = order.facts.flatMap(PlatformFacts.parse)?.order else {
                throw Incomplete(
                    reason: "order \(order.orderNo) was submitted before swgate kept its goods for 179; submit it again with --amend")
            }
            guard let seller = facts.seller ?? defaultSeller else {
                throw Incomplete(
                    reason: "order \(order.orderNo) names no seller and the profile has no platformData.seller: say who received the money")
            }
            let goods = facts.goods.map { "{\"gname\":\(JSONString.quoted($0.gname)),\"itemLink\":\(JSONString.quoted($0.itemLink))}" }
            lists.append(
                "{\"orderNo\":\(JSONString.quoted(order.orderNo)),\"goodsInfo\":[\(goods.joined(separator: ","))],"
                    + "\"recpAccount\":\(JSONString.quoted(seller.account)),\"recpCode\":\(JSONString.quoted(seller.code ?? "")),"
                    + "\"recpName\":\(JSONString.quoted(seller.name))}")
        }
        let head =
            "{\"guid\":\(JSONString.quoted(guid.uppercased())),"
            + "\"initalRequest\":\(JSONString.quoted(payment.exchange.request)),"
            + "\"initalResponse\":\(JSONString.quoted(payment.exchange.response)),"
            + "\"ebpCode\":\(JSONString.quoted(payment.ebpCode)),\"payCode\":\(JSONString.quoted(payment.payCode)),"
            + "\"payTransactionId\":\(JSONString.quoted(payment.payTransactionId)),\"totalAmount\":\(Self.number(payment.totalAmount)),"
            + "\"currency\":\(JSONString.quoted(payment.currency)),\"verDept\":\(JSONString.quoted(payment.exchange.verDept)),"
            + "\"payType\":\(JSONString.quoted(payment.exchange.payType ?? "")),"
            + "\"tradingTime\":\(JSONString.quoted(payment.tradingTime)),\"note\":\(JSONString.quoted(payment.note ?? ""))}"
        return PlatformDataUpload(
            sessionID: sessionID, guid: guid.uppercased(), serviceTime: serviceTime, headJSON: head,
            listsJSON: "[" + lists.joined(separator: ",") + "]")
    }

    /// The text customs verifies the signature over.
    public var signedText: String {
        "\"sessionID\":\"\(sessionID)\"||\"payExchangeInfoHead\":\"\(headJSON)\"||\"payExchangeInfoLists\":\"\(listsJSON)\"||\"serviceTime\":\"\(serviceTime)\""
    }

    /// The `payExInfoStr` JSON, with the signature (Base64) and the certificate number.
    public func payExInfoStr(certNo: String, signature: Data) -> String {
        "{\"sessionID\":\(JSONString.quoted(sessionID)),\"payExchangeInfoHead\":\(headJSON),\"payExchangeInfoLists\":\(listsJSON),"
            + "\"serviceTime\":\(serviceTime),\"certNo\":\(JSONString.quoted(certNo)),\"signValue\":\(JSONString.quoted(signature.base64EncodedString()))}"
    }

    /// The HTTP body: `payExInfoStr=<JSON>` form-encoded.
    public static func formBody(_ payExInfoStr: String) -> Data {
        Data(("payExInfoStr=" + FormEncoding.encode(payExInfoStr)).utf8)
    }

    /// Decimal text as a JSON number: customs wants `totalAmount` a number, never a string.
    static func number(_ text: String) -> String {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return "0" }
        return "\(value)"
    }
}
