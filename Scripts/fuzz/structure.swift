// libFuzzer entry for the structural bounds checked before parsing; built by Scripts/fuzz.sh, not by `swift build`.
import FuzzTargets
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    _ = StructureFuzzTarget.run(Data(bytes: bytes, count: count))
    return 0
}
