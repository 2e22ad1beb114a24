/// One item of a bonded warehouse's account book (账册): what customs recorded for an
/// `itemRecordNo`, against which every 1210 inventory line is checked.
public struct AccountBookItem: Sendable, Hashable {
    public var emsNo: String
    public var itemRecordNo: String
    public var hsCode: String
    public var name: String
    /// The legal (first) unit customs recorded.
    public var legalUnit: String
    public var secondUnit: String?

    public init(emsNo: String, itemRecordNo: String, hsCode: String, name: String, legalUnit: String, secondUnit: String? = nil) {
        self.emsNo = emsNo
        self.itemRecordNo = itemRecordNo
        self.hsCode = hsCode
        self.name = name
        self.legalUnit = legalUnit
        self.secondUnit = secondUnit
    }
}
