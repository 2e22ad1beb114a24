/// One unit of a batch: a parcel's documents, or an after-sale request.
public enum BatchItem: Sendable, Hashable {
    case parcel(ParcelRecord)
    case afterSale(AfterSaleRecord)
}
