public import Adapters
public import CEBMessages
public import Foundation
import Outbox
import Transport

/// Hands a message to the E-Port client through its send folder, exactly once across crashes.
///
/// A message's file is `<MessageType>_<message guid>.xml`: unique (a guid is never reused), and
/// traceable to the outbox row with `swgate show`. It is written under a hidden temporary name
/// that clients skip, synced, then linked to its name — which fails rather than replace a file —
/// and the folder synced (``SafeDirectory/publish(_:contents:temporary:fault:)``). The outbox
/// records the message written only after that. A worker killed in between leaves the file; the
/// message's next attempt finds it by name, checks it is this message (content without the
/// volatile `appTime` and signature), and records it written without writing again.
public struct FolderDelivery: Sendable {
    public let settings: FolderTransportSettings
    let fault: FolderFault

    public init(settings: FolderTransportSettings) {
        self.settings = settings
        fault = .configured
    }

    /// How handing one message over ended.
    public enum Result: Sendable, Equatable {
        case written
        /// Its file was there already (an attempt killed before it was recorded).
        case alreadyThere
        /// A different file holds its name: someone else's; retried later, never overwritten.
        case conflict(String)
        /// The folder cannot take it now (full, not writable): the message goes back to the
        /// queue unattempted, so a full disk never makes it dead.
        case notNow(String)
        /// Anything else; retried with backoff.
        case failed(String)
    }

    public static func fileName(type: CEBMessageType, guid: String) -> [UInt8] {
        Array("\(type.rawValue)_\(guid).xml".utf8)
    }

    /// The hidden name a file is written under before it is published.
    static func temporaryName(_ name: [UInt8]) -> [UInt8] {
        Array(".".utf8) + name + Array(".swgate-tmp".utf8)
    }

    /// Writes `contents` (the stamped, signed message, or its envelope) for `message`. With
    /// `syncFolder` false the new name is durable only after ``syncFolder()``: the dispatcher syncs
    /// once for a group of files, before it records them written.
    public func deliver(type: CEBMessageType, guid: String, payload: Data, contents: Data, syncFolder: Bool = true) -> Result {
        let name = Self.fileName(type: type, guid: guid)
        do {
            let folder = try SafeDirectory(path: settings.send.path)
            switch try folder.publish(name, contents: contents, temporary: Self.temporaryName(name), syncFolder: syncFolder, fault: fault) {
            case .written:
                return .written
            case .alreadyThere:
                let existing = try folder.read(name, maxBytes: max(contents.count * 4, 1 << 20))
                guard Self.sameMessage(existing, as: payload, format: settings.format) else {
                    return .conflict(
                        "\(settings.send.path)/\(SafeDirectory.display(name)) holds another document; move it away (it is never overwritten)"
                    )
                }
                return .alreadyThere
            }
        } catch let error as SafeDirectoryError {
            switch error.code {
            case ENOSPC, EDQUOT, EROFS, EACCES, EPERM, ENOENT: return .notNow(error.localizedDescription)
            default: return .failed(error.localizedDescription)
            }
        } catch {
            return .failed((error as? any LocalizedError)?.errorDescription ?? "\(error)")
        }
    }

    /// Makes the names of the files written so far durable.
    public func syncFolder() throws {
        try SafeDirectory(path: settings.send.path).sync()
    }

    /// Whether a file in the folder is `payload`'s message: the same content once the volatile
    /// parts are set aside (each attempt stamps a new `appTime`, and so signs anew).
    static func sameMessage(_ existing: Data, as payload: Data, format: FolderTransportSettings.Format) -> Bool {
        let message: Data
        switch format {
        case .message: message = existing
        case .dxp:
            guard let envelope = try? DxpEnvelope.parse(existing) else { return false }
            message = envelope.data
        }
        return normalised(message) == normalised(payload)
    }

    static func normalised(_ xml: Data) -> [UInt8] {
        var text = String(decoding: xml, as: UTF8.self)
        while let open = text.range(of: "<ds:Signature"),
            let close = text.range(of: "</ds:Signature>", range: open.upperBound..<text.endIndex)
        {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        return AppTimeValues.removingElements(from: text)
    }
}
