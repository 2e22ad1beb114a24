#!/usr/bin/env bash
# Fuzz one of swgate's input parsers with libFuzzer.
#
#   Scripts/fuzz.sh receipt|dxp|records|structure [seconds]      (default 600 seconds)
#
# Builds the parsing modules with `-sanitize=fuzzer,address` into .build-fuzz/, links the entry
# in Scripts/fuzz/<target>.swift against them, and runs it from the seeds in
# Scripts/fuzz/seeds/<target>/ (the growing corpus stays in .build-fuzz/corpus/<target>/).
# A crashing input is written to .build-fuzz/crashes/<target>/; copy it to
# Tests/Fixtures/fuzz/<target>/ once fixed, where `make test` replays it for ever.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:?usage: Scripts/fuzz.sh receipt|dxp|records|structure [seconds]}"
seconds="${2:-600}"
case "$target" in receipt|dxp|records|structure) ;; *) echo "unknown target '$target': receipt, dxp, records or structure" >&2; exit 2 ;; esac

scratch=.build-fuzz
swift build -c release --scratch-path "$scratch" --target FuzzTargets \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -g >&2
build="$scratch/release"
objects=()
for module in XMLSupport CEBMessages Adapters FuzzTargets; do
    objects+=("$build/$module.build"/*.o)
done
binary="$scratch/fuzz-$target"
swiftc -O -g -sanitize=fuzzer,address -parse-as-library "Scripts/fuzz/$target.swift" \
    -I "$build/Modules" \
    -Xcc -fmodule-map-file=Sources/CLibXML2/module.modulemap $(pkg-config --cflags-only-I libxml-2.0 | sed 's/-I/-Xcc -I/g') \
    -Xcc -fmodule-map-file=Sources/CSQLite/module.modulemap \
    "${objects[@]}" $(pkg-config --libs libxml-2.0) -lsqlite3 -o "$binary"

corpus="$scratch/corpus/$target"
crashes="$scratch/crashes/$target"
mkdir -p "$corpus" "$crashes"
echo "fuzzing $target for $seconds s; corpus $corpus, crashes $crashes" >&2
ASAN_OPTIONS="${ASAN_OPTIONS:-symbolize=0:detect_leaks=0}" "$binary" "$corpus" "Scripts/fuzz/seeds/$target" \
    -max_total_time="$seconds" -artifact_prefix="$crashes/" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048
