@testable import Gateway
import Testing

@Suite("Masking free text for logs")
struct LogMaskingTests {
    @Test("ID numbers and phone numbers are masked wherever they appear; short numbers and codes stay")
    func masks() {
        let text = "buyer 11010519491231002X phone 13812345678 rejected [Code:1313] HTTP 500 order HT2026112500000005"
        let masked = LogMasking.text(text)
        #expect(!masked.contains("11010519491231002X"))
        #expect(!masked.contains("13812345678"))
        #expect(masked.contains("[Code:1313]") && masked.contains("HTTP 500"))
        #expect(masked.hasPrefix("buyer 110"))
    }
}
