// libFuzzer entry for the records decoder and converter; built by Scripts/fuzz.sh, not by `swift build`.
import Adapters
import FuzzTargets
import Foundation

/// Loaded once: the example profile, as `swgate convert --config examples/swgate.json` would.
nonisolated(unsafe) let target: RecordsFuzzTarget = {
    let path = ProcessInfo.processInfo.environment["SWGATE_FUZZ_PROFILE"] ?? "examples/swgate.json"
    do {
        return RecordsFuzzTarget(profile: try EnterpriseProfile.load(contentsOf: URL(fileURLWithPath: path)))
    } catch {
        fatalError("cannot load the profile \(path): \(error.localizedDescription)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    _ = target.run(Data(bytes: bytes, count: count))
    return 0
}
