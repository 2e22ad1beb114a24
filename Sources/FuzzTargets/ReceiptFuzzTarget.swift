import CEBMessages
public import Foundation

/// Receipt bytes from anywhere — push, poll, a dropped file — through the parser and the
/// correlation keys, exactly as intake handles them.
public enum ReceiptFuzzTarget {
    public static func run(_ data: Data) -> FuzzOutcome {
        do {
            let file = try ReceiptFile.read(data)
            var keys = 0
            for element in file.returns {
                keys += ReceiptKeys.receiptKeys(element).count
                _ = element.statusMeaning
                _ = CustomsStatus.rank(element.statusCode ?? "")
            }
            return .accepted(items: file.returns.count + keys)
        } catch {
            return .rejected(reason: error.localizedDescription)
        }
    }
}
