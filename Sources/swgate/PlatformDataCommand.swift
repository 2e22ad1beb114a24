import ArgumentParser

/// `swgate platform-data …`: customs' real-time fetch of payment raw data (announcement 179).
struct PlatformDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "platform-data",
        abstract: "Answer customs' real-time requests for orders' payment raw data (announcement 179) and upload it.",
        discussion: """
            Customs calls the platform's platDataOpen with an order number; swgate records the request, answers
            10000 at once, and uploads the order's payment exchange, signed, to realTimeDataUpload from the outbox.
            Orders and payments keep what the upload needs when they are submitted (items' "link", the order's
            "seller", the payment's "exchange"). See docs/platform-data.md.
            """,
        subcommands: [
            PlatformDataServeCommand.self, PlatformDataUploadCommand.self, PlatformDataListCommand.self, PlatformDataShowCommand.self,
            PlatformDataRetryCommand.self,
        ]
    )
}
