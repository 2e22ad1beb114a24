// libFuzzer entry for the receipt parser; built by Scripts/fuzz.sh, not by `swift build`.
import FuzzTargets
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    _ = ReceiptFuzzTarget.run(Data(bytes: bytes, count: count))
    return 0
}
