public import Foundation

/// The profile's `transport` section when it is `{"kind": "folder", …}`: messages are handed to
/// the China E-Port client (or a self-built client) through folders instead of HTTP.
public struct FolderTransportSettings: Sendable, Hashable {
    /// What a file in the send folder holds.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// The bare CEB business message, as the official E-Port client takes it.
        case message
        /// The message Base64 in a DxpMsg envelope, as self-built clients exchange it.
        case dxp
    }

    /// Where messages go: the client picks up complete files from here.
    public var send: URL
    /// Where the client drops customs' receipts (taken by the worker); nil: receipts come another way.
    public var receive: URL?
    public var format = Format.message
    /// A message file still in the send folder this long after it was written means the client
    /// does not pick up: an alert in `status`, `/metrics` and `/healthz`.
    public var pickupWithin: TimeInterval = 300
    /// A receipt file counts as complete once unmodified this long (clients that write in place).
    public var receiveSettle: TimeInterval = 1
    /// Below this much free space in the send folder, no message is written (they stay queued).
    public var minFreeBytes: Int64 = 16 * 1024 * 1024

    public init(send: URL, receive: URL? = nil, format: Format = .message) {
        self.send = send
        self.receive = receive
        self.format = format
    }

    static func read(_ cursor: FieldCursor, baseDirectory: URL?) -> FolderTransportSettings? {
        let kind = cursor.string("kind") ?? "http"
        guard kind == "folder" else {
            if kind != "http" { cursor.child("kind").invalid("must be http or folder") }
            return nil
        }
        func folder(_ name: String, required: Bool) -> URL? {
            guard let path = cursor.string(name, required: required) else { return nil }
            return URL(fileURLWithPath: path, relativeTo: baseDirectory).standardizedFileURL
        }
        guard let send = folder("send", required: true) else { return nil }
        var settings = FolderTransportSettings(send: send, receive: folder("receive", required: false))
        if let format = cursor.string("format", required: false) {
            if let known = Format(rawValue: format) {
                settings.format = known
            } else {
                cursor.child("format").invalid("must be message (the bare CEB message, for the E-Port client) or dxp (a DxpMsg envelope)")
            }
        }
        if let seconds = cursor.decimal("pickupWithinSeconds", required: false) {
            settings.pickupWithin = NSDecimalNumber(decimal: seconds).doubleValue
        }
        if let seconds = cursor.decimal("receiveSettleSeconds", required: false) {
            settings.receiveSettle = NSDecimalNumber(decimal: seconds).doubleValue
        }
        if let bytes = cursor.decimal("minFreeBytes", required: false) {
            settings.minFreeBytes = NSDecimalNumber(decimal: bytes).int64Value
        }
        return settings
    }
}
