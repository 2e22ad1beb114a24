import CEBMessages
public import Foundation

/// A carrier's report that a parcel was signed for: becomes a CEB513 (运单状态).
public struct WaybillStatusRecord: Sendable, Hashable {
    public var carrier: String
    public var waybillNo: String
    /// `S`, signed for: the only status customs takes.
    public var status: String
    public var time: Date
    public var note: String?

    static func read(_ cursor: FieldCursor) -> WaybillStatusRecord? {
        guard cursor.expectObject() else { return nil }
        let carrier = cursor.string("carrier")
        let waybillNo = cursor.string("waybillNo", maxLength: 60)
        let status = cursor.string("status", required: false) ?? "S"
        if status != "S" { cursor.child("status").invalid("'\(status)' is not a waybill status customs takes: S (signed for)") }
        let time = cursor.timestamp("time")
        let note = cursor.string("note", required: false, maxLength: 1000)
        guard let carrier, let waybillNo, let time, status == "S" else { return nil }
        return WaybillStatusRecord(carrier: carrier, waybillNo: waybillNo, status: status, time: time, note: note)
    }
}

/// A supervised site's list of the parcels it received from one transport (direct mail, 9610):
/// becomes a CEB711 (入库明细单), one per message.
public struct DeliveryRecord: Sendable, Hashable {
    public var copNo: String?
    /// The supervised-site operator; the profile's bonded area enterprise when omitted.
    public var operatorCode: String?
    public var operatorName: String?
    public var carrier: String
    public var transportMode: String
    public var vehicle: String
    public var voyage: String
    public var billNo: String
    public var unloadLocation: String?
    public var waybills: [String]
    public var note: String?

    static func read(_ cursor: FieldCursor) -> DeliveryRecord? {
        guard cursor.expectObject() else { return nil }
        let copNo = cursor.string("copNo", required: false, maxLength: 20)
        var operatorCode: String?
        var operatorName: String?
        if let site = cursor.object("operator", required: false) {
            operatorCode = site.string("code", maxLength: 18)
            operatorName = site.string("name", maxLength: 100)
        }
        let carrier = cursor.string("carrier")
        var mode: String?
        var vehicle: String?
        var voyage: String?
        var billNo: String?
        if let transport = cursor.object("transport") {
            mode = transport.code("mode", table: "transport-mode", lookup: CodeTables.transportMode)
            vehicle = transport.string("vehicle", maxLength: 100)
            voyage = transport.string("voyage", maxLength: 32)
            billNo = transport.string("billNo", maxLength: 37)
        }
        let unloadLocation = cursor.string("unloadLocation", required: false, maxLength: 100)
        let note = cursor.string("note", required: false, maxLength: 1000)
        var waybills: [String] = []
        var valid = true
        // An empty list is reported by the cursor ("must hold at least one entry").
        if let entries = cursor.array("waybills") {
            for entry in entries {
                var text: String?
                if case .string(let string)? = entry.value { text = string.trimmedWhitespace }
                guard let text, !text.isEmpty, text.count <= 60 else {
                    entry.invalid("expected a waybill number (text of 1 to 60 characters)")
                    valid = false
                    continue
                }
                waybills.append(text)
            }
        }
        guard valid, !waybills.isEmpty, let carrier, let mode, let vehicle, let voyage, let billNo else { return nil }
        return DeliveryRecord(
            copNo: copNo, operatorCode: operatorCode, operatorName: operatorName, carrier: carrier, transportMode: mode, vehicle: vehicle,
            voyage: voyage, billNo: billNo, unloadLocation: unloadLocation, waybills: waybills, note: note
        )
    }
}
