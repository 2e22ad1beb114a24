public import Foundation

/// The profile's `platformData` section: how the platform answers customs' real-time fetch of
/// payment raw data (announcement 179).
public struct PlatformDataSettings: Sendable, Hashable {
    /// Customs' production realTimeDataUpload service.
    public static let productionUploadURL = "https://customs.chinaport.gov.cn/ceb2grab/grab/realTimeDataUpload"
    /// The joint-test service.
    public static let testUploadURL = "https://swapptest.singlewindow.cn/ceb2grab/grab/realTimeDataUpload"

    /// Where uploads go.
    public var uploadURL = PlatformDataSettings.productionUploadURL
    /// The certificate number sent as `certNo`; by default the signing certificate's serial
    /// number (hexadecimal), which is what customs registered.
    public var certNo: String?
    /// Who received the money for orders whose record names no seller (a platform selling its
    /// own goods names itself here).
    public var seller: SellerRecord?
    /// An answer to customs' request slower than this is logged as slow.
    public var answerWithin: TimeInterval = 1
    /// An upload not done this long after customs asked is overdue (in `status` and `/metrics`).
    public var uploadWithin: TimeInterval = 600
    /// Attempts before an upload is given up (dead, with the reason).
    public var maxAttempts = 10

    public init() {}

    static func read(_ cursor: FieldCursor) -> PlatformDataSettings {
        var settings = PlatformDataSettings()
        if let url = cursor.string("uploadUrl", required: false) {
            if URL(string: url)?.scheme?.hasPrefix("http") == true {
                settings.uploadURL = url
            } else {
                cursor.child("uploadUrl").invalid("must be an http(s) URL")
            }
        }
        settings.certNo = cursor.string("certNo", required: false, maxLength: 64)
        settings.seller = cursor.object("seller", required: false).flatMap(SellerRecord.read)
        if let seconds = cursor.decimal("answerWithinSeconds", required: false) {
            settings.answerWithin = NSDecimalNumber(decimal: seconds).doubleValue
        }
        if let seconds = cursor.decimal("uploadWithinSeconds", required: false) {
            settings.uploadWithin = NSDecimalNumber(decimal: seconds).doubleValue
        }
        if let attempts = cursor.decimal("maxAttempts", required: false) {
            let count = NSDecimalNumber(decimal: attempts).intValue
            if count >= 1, count <= 1000 { settings.maxAttempts = count } else { cursor.child("maxAttempts").invalid("must be 1 to 1000") }
        }
        return settings
    }
}
