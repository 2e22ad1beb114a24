import Testing
import XMLSupport

/// The byte search behind every signature's SignedInfo and every unsigned declaration's check.
@Suite struct StringBytesTests {
    @Test(
        arguments: [
            ("<a><ds:SignedInfo>x</ds:SignedInfo>", "<ds:SignedInfo>", 0, 3..<18),
            ("<a><ds:SignedInfo>x</ds:SignedInfo>", "</ds:SignedInfo>", 18, 19..<35),
            ("<ds:SignedInfo>", "<ds:SignedInfo>", 0, 0..<15),
            ("aaab", "ab", 0, 2..<4),
            ("报文 ds:Signature", "ds:Signature", 0, 7..<19),
            ("abcabc", "abc", 1, 3..<6),
        ] as [(String, String, Int, Range<Int>)])
    func finds(_ text: String, _ needle: String, _ start: Int, _ expected: Range<Int>) {
        #expect(text.utf8Offsets(of: needle, from: start) == expected)
    }

    @Test(
        arguments: [
            ("abc", "abcd", 0), ("abc", "x", 0), ("abcabc", "abc", 4), ("", "a", 0), ("abc", "", 0), ("abc", "c", 9), ("ab", "b", -1),
        ] as [(String, String, Int)])
    func findsNothing(_ text: String, _ needle: String, _ start: Int) {
        #expect(text.utf8Offsets(of: needle, from: start) == nil)
    }
}
