import CEBMessages
public import Foundation

/// Reads a batch file of platform records.
///
/// Two layouts carry the same records:
/// - JSON: one object `{"parcels": [...], "cancellations": [...], "returns": [...],
///   "waybillStatuses": [...], "deliveries": [...]}`;
/// - JSON Lines (`.jsonl`, `.ndjson`): one item per line — a parcel `{"order": …, "payment": …,
///   "waybill": …, "inventory": …}`, or `{"cancellation": …}`, `{"return": …}`,
///   `{"waybillStatus": …}`, `{"delivery": …}` — read one line at a time.
public struct BatchReader {
    public enum Layout: Sendable {
        case json
        case jsonLines
    }

    /// Where the records come from: a file (the CLI), or bytes already in memory (fuzzing, tests).
    enum Source {
        case file(URL)
        case bytes(Data)
    }

    let source: Source
    public let layout: Layout
    let log: IssueLog

    public init(url: URL, log: IssueLog, layout: Layout? = nil) {
        source = .file(url)
        self.log = log
        let ext = url.pathExtension.lowercased()
        self.layout = layout ?? ((ext == "jsonl" || ext == "ndjson") ? .jsonLines : .json)
    }

    /// Reads records from bytes in memory, in the given layout.
    public init(data: Data, layout: Layout, log: IssueLog) {
        source = .bytes(data)
        self.layout = layout
        self.log = log
    }

    /// Calls `body` for each item, in order. Unreadable items are reported to the log and skipped.
    public func forEach(_ body: (BatchItem) throws -> Void) throws {
        switch layout {
        case .json: try readJSON(body)
        case .jsonLines: try readLines(body)
        }
    }

    private func readJSON(_ body: (BatchItem) throws -> Void) throws {
        let data: Data
        switch source {
        case .bytes(let bytes):
            data = bytes
        case .file(let url):
            do {
                data = try Data(contentsOf: url)
            } catch {
                reportUnreadable(url)
                return
            }
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(data)
        } catch let error as JSONSyntaxError {
            log.report(
                "record.syntax", record: "file", path: "line \(error.line), column \(error.column)", "not valid JSON: \(error.message)")
            return
        }
        let root = FieldCursor(value: json, path: "", record: "batch", log: log)
        guard root.expectObject() else { return }
        if case .object(let members, let order)? = root.value {
            let known = ["parcels", "cancellations", "returns", "waybillStatuses", "deliveries"]
            for key in order where !(known + ["batch", "note"]).contains(key) {
                root.child(key).invalid(
                    "unknown member '\(key)': a batch holds parcels, cancellations, returns, waybillStatuses and deliveries")
            }
            if !known.contains(where: { members[$0] != nil }) {
                root.child("parcels").missing("a batch holds at least one of parcels, cancellations, returns, waybillStatuses, deliveries")
            }
        }
        for (index, cursor) in (root.array("parcels", required: false) ?? []).enumerated() {
            if var parcel = Self.parcel(cursor, label: "parcels[\(index)]", path: "parcels[\(index)]", log: log) {
                parcel.ordinal = index
                try body(.parcel(parcel))
            }
        }
        for (index, cursor) in (root.array("cancellations", required: false) ?? []).enumerated() {
            let label = "cancellations[\(index)]"
            if let record = readTracked(relabel(cursor, label), CancellationRecord.read) {
                try body(.afterSale(.cancellation(record, label: label, path: label)))
            }
        }
        for (index, cursor) in (root.array("returns", required: false) ?? []).enumerated() {
            let label = "returns[\(index)]"
            if let record = readTracked(relabel(cursor, label), ReturnRecord.read) {
                try body(.afterSale(.refund(record, label: label, path: label)))
            }
        }
        for (index, cursor) in (root.array("waybillStatuses", required: false) ?? []).enumerated() {
            let label = "waybillStatuses[\(index)]"
            if let record = readTracked(relabel(cursor, label), WaybillStatusRecord.read) {
                try body(.afterSale(.waybillStatus(record, label: label, path: label)))
            }
        }
        for (index, cursor) in (root.array("deliveries", required: false) ?? []).enumerated() {
            let label = "deliveries[\(index)]"
            if let record = readTracked(relabel(cursor, label), DeliveryRecord.read) {
                try body(.afterSale(.delivery(record, label: label, path: label)))
            }
        }
    }

    /// The cursor of one after-sale record, named by its label and tracking the keys it reads.
    private func relabel(_ cursor: FieldCursor, _ label: String) -> FieldCursor {
        FieldCursor(value: cursor.value, path: cursor.path, record: label, log: log, tracker: KeyTracker())
    }

    /// Reads one record with `read`, then reports the keys it did not know, before it is used.
    private func readTracked<Record>(_ cursor: FieldCursor, _ read: (FieldCursor) -> Record?) -> Record? {
        let record = read(cursor)
        cursor.reportUnknownKeys()
        return record
    }

    private func reportUnreadable(_ url: URL) {
        log.report(
            "record.syntax", record: "file", path: "$",
            "cannot read the batch: \(FileManager.default.fileExists(atPath: url.path) ? "it is not readable" : "it does not exist")")
    }

    private func readLines(_ body: (BatchItem) throws -> Void) throws {
        var lineNumber = 0
        var pending = Data()
        func process(line: Data) throws {
            lineNumber += 1
            var trimmed = line
            if trimmed.last == 0x0D { trimmed.removeLast() }
            if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            let label = "line \(lineNumber)"
            let json: JSONValue
            do {
                json = try JSONValue.parse(trimmed)
            } catch let error as JSONSyntaxError {
                log.report("record.syntax", record: label, path: "column \(error.column)", "not valid JSON: \(error.message)")
                return
            }
            let cursor = FieldCursor(value: json, path: "", record: label, log: log, tracker: KeyTracker())
            guard cursor.expectObject() else { return }
            if cursor.child("cancellation").isPresent {
                if let record = readTracked(cursor, { $0.object("cancellation").flatMap(CancellationRecord.read) }) {
                    try body(.afterSale(.cancellation(record, label: label, path: "cancellation")))
                }
            } else if cursor.child("return").isPresent {
                if let record = readTracked(cursor, { $0.object("return").flatMap(ReturnRecord.read) }) {
                    try body(.afterSale(.refund(record, label: label, path: "return")))
                }
            } else if cursor.child("waybillStatus").isPresent {
                if let record = readTracked(cursor, { $0.object("waybillStatus").flatMap(WaybillStatusRecord.read) }) {
                    try body(.afterSale(.waybillStatus(record, label: label, path: "waybillStatus")))
                }
            } else if cursor.child("delivery").isPresent {
                if let record = readTracked(cursor, { $0.object("delivery").flatMap(DeliveryRecord.read) }) {
                    try body(.afterSale(.delivery(record, label: label, path: "delivery")))
                }
            } else if var parcel = Self.parcel(cursor, label: label, path: "", log: log) {
                parcel.ordinal = lineNumber
                try body(.parcel(parcel))
            }
        }
        let file: FileHandle?
        switch source {
        case .bytes(let bytes):
            file = nil
            pending = bytes
        case .file(let url):
            guard let handle = FileHandle(forReadingAtPath: url.path) else {
                reportUnreadable(url)
                return
            }
            file = handle
        }
        defer { try? file?.close() }
        while true {
            if let file {
                let chunk = file.readData(ofLength: 1 << 20)
                if chunk.isEmpty { break }
                pending.append(chunk)
            }
            var start = pending.startIndex
            while let newline = Self.lineFeed(in: pending, from: start) {
                try process(line: pending[start..<newline])
                start = pending.index(after: newline)
            }
            pending = Data(pending[start...])
            if file == nil { break }
        }
        if !pending.isEmpty { try process(line: pending) }
    }

    /// The next line feed in `data` at or after `start`, found by `memchr`: Data's own search
    /// goes through the generic collection path a byte at a time, over every byte of the batch.
    static func lineFeed(in data: Data, from start: Data.Index) -> Data.Index? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Data.Index? in
            let offset = start - data.startIndex
            guard let base = raw.baseAddress, offset < raw.count, let found = memchr(base + offset, 0x0A, raw.count - offset) else {
                return nil
            }
            return data.startIndex + (UnsafeRawPointer(found) - base)
        }
    }

    /// Reads a parcel object; its documents are optional, but at least one must be there.
    static func parcel(_ cursor: FieldCursor, label: String, path: String, log: IssueLog) -> ParcelRecord? {
        guard cursor.expectObject(), case .object(let members, let keys)? = cursor.value else { return nil }
        // Name the record by its order number in every message, so a platform engineer finds it.
        var orderNo: String?
        for document in ["order", "payment", "waybill"] {
            if case .object(let fields, _)? = members[document], case .string(let text)? = fields["orderNo"] {
                orderNo = text.trimmedWhitespace
                break
            }
        }
        var record = ParcelRecord(label: orderNo.map { "\(label) (order \($0))" } ?? label, path: path)
        let parcel = FieldCursor(value: cursor.value, path: path, record: record.label, log: log).tracked()
        record.order = parcel.object("order", required: false).flatMap(OrderRecord.read)
        let knownOrderNo = record.order?.orderNo ?? orderNo
        record.payment = parcel.object("payment", required: false).flatMap { PaymentRecord.read($0, orderNo: knownOrderNo) }
        record.waybill = parcel.object("waybill", required: false).flatMap { WaybillRecord.read($0, orderNo: knownOrderNo) }
        record.inventory = parcel.object("inventory", required: false).flatMap(InventoryRecord.read)
        // An inventory declares its parcel's order; one that names an order, names the same one.
        if let inventory = parcel.object("inventory", required: false),
            let stated = inventory.string("orderNo", required: false, maxLength: 60),
            let knownOrderNo, stated != knownOrderNo
        {
            inventory.child("orderNo").invalid(
                "'\(stated)' differs from the parcel's order \(knownOrderNo); an inventory declares its own parcel's order")
        }
        for (section, read) in [
            ("order", record.order != nil), ("payment", record.payment != nil), ("waybill", record.waybill != nil),
            ("inventory", record.inventory != nil),
        ]
        where members[section] != nil && !read {
            record.unreadable.insert(section)
        }
        for key in keys where !["order", "payment", "waybill", "inventory"].contains(key) {
            parcel.child(key).invalid("unknown member '\(key)': a parcel holds order, payment, waybill and inventory")
        }
        parcel.reportUnknownKeys()
        if members["order"] == nil, members["payment"] == nil, members["waybill"] == nil, members["inventory"] == nil {
            parcel.invalid("a parcel needs at least one of order, payment, waybill, inventory")
            return nil
        }
        return record
    }
}
