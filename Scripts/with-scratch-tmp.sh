#!/usr/bin/env bash
# Runs a command with TMPDIR set to a fresh folder that is removed when the command ends:
#   Scripts/with-scratch-tmp.sh swift test
# Whatever the tests, the processes and servers they start, the demo outboxes they make and the
# toolchain leave in the temporary folder goes with it, instead of piling up in /tmp run after run.
set -euo pipefail

dir=$(mktemp -d /tmp/swgate-tmp.XXXXXX)
trap 'rm -rf "$dir"' EXIT
# Open like /tmp itself: some tests run swgate as another user (`nobody`) on files in it.
chmod 1777 "$dir"
export TMPDIR="$dir"
"$@"
