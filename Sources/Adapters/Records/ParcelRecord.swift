/// One parcel of a batch: the documents that customs matches for it. Any may be absent (a
/// payment company submits only payments), but what is present must agree.
public struct ParcelRecord: Sendable, Hashable {
    /// Where the parcel sits in the batch, for messages: `parcels[3]` or `line 4`.
    public var label: String
    /// The JSON path prefix of its fields: `parcels[3]`.
    public var path: String
    /// Its position: the index in `parcels`, or the line number in JSON Lines.
    public var ordinal: Int = 0
    public var order: OrderRecord?
    public var payment: PaymentRecord?
    public var waybill: WaybillRecord?
    public var inventory: InventoryRecord?
    /// Sections the record holds but that could not be read (already reported, field by field).
    /// What would only follow from them — a document missing from the parcel, schema errors of
    /// documents built without them — is not reported again.
    public var unreadable: Set<String> = []

    /// How another record of the same batch is named, from its ordinal.
    public func describe(ordinal: Int) -> String {
        label.hasPrefix("line ") ? "line \(ordinal)" : "parcels[\(ordinal)]"
    }

    /// The order number the parcel is about, from whichever document has it.
    public var orderNo: String? {
        order?.orderNo ?? payment?.orderNo ?? waybill?.orderNo
    }
}

/// One after-sale request of a batch.
public enum AfterSaleRecord: Sendable, Hashable {
    case cancellation(CancellationRecord, label: String, path: String)
    case refund(ReturnRecord, label: String, path: String)
    /// A carrier's signed-for report (CEB513).
    case waybillStatus(WaybillStatusRecord, label: String, path: String)
    /// A supervised site's entry list (CEB711).
    case delivery(DeliveryRecord, label: String, path: String)
}
