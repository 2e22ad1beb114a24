import Adapters
import ArgumentParser
import Foundation

/// How `run` and `send` reach the single window when it is not HTTP: the E-Port client's folders.
struct FolderOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "http (POST to the endpoint) or folder (write into the E-Port client's send folder, take receipts from its receive folder) (default: the profile's transport.kind, else http).",
            valueName: "kind"))
    var transport: String?

    @Option(
        help: ArgumentHelp("With --transport folder: the client's send folder (default: the profile's transport.send).", valueName: "dir"))
    var sendDir: String?

    @Option(
        help: ArgumentHelp(
            "With --transport folder: the folder the client drops receipts into (default: the profile's transport.receive).",
            valueName: "dir"))
    var receiveDir: String?

    @Option(
        help: ArgumentHelp(
            "With --transport folder: message (the bare CEB message, for the official client) or dxp (a DxpMsg envelope) (default: the profile's transport.format, else message).",
            valueName: "format"))
    var folderFormat: String?

    func validate() throws {
        if let transport, !["http", "folder"].contains(transport) { throw ValidationError("--transport must be http or folder") }
        if let folderFormat, FolderTransportSettings.Format(rawValue: folderFormat) == nil {
            throw ValidationError("--folder-format must be message or dxp")
        }
        if transport != "folder", sendDir != nil || receiveDir != nil || folderFormat != nil, transport != nil {
            throw ValidationError("--send-dir, --receive-dir and --folder-format go with --transport folder")
        }
    }

    /// The folder transport the flags and the profile ask for, or nil for HTTP.
    func settings(profile: EnterpriseProfile) throws -> FolderTransportSettings? {
        let kind = transport ?? (profile.folderTransport != nil || sendDir != nil ? "folder" : "http")
        guard kind == "folder" else { return nil }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        guard let send = sendDir.map({ URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }) ?? profile.folderTransport?.send
        else {
            throw ValidationError("--transport folder needs the send folder: --send-dir DIR, or transport.send in the profile")
        }
        var settings = profile.folderTransport ?? FolderTransportSettings(send: send)
        settings.send = send
        if let receiveDir { settings.receive = URL(fileURLWithPath: receiveDir, relativeTo: cwd).standardizedFileURL }
        if let folderFormat, let format = FolderTransportSettings.Format(rawValue: folderFormat) { settings.format = format }
        return settings
    }
}
