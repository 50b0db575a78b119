#!/usr/bin/env bash
# The publishing engine under a burst: N variants due at the same instant, `chorus serve` worker processes on one
# PostgreSQL (a throw-away cluster), a loopback stand-in for Mastodon's status API (Idempotency-Key honoured) that
# records when each status arrives. Prints lateness p50/p99/max, duplicates and lost; exits 1 on any duplicate or loss.
# Usage: bench/publishing.sh [--variants 10000] [--channels 100] [--workers 2] [--concurrency 8] [--lease 15]
#                            [--lead 15] [--kill-halfway]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/prerequisites.sh
require_dotnet
publish_chorus
dotnet build bench/Chorus.Bench.Publishing -c Release --nologo -v quiet >&2
exec dotnet bench/Chorus.Bench.Publishing/bin/Release/net10.0/Chorus.Bench.Publishing.dll --chorus "$root/artifacts/chorus/chorus.dll" "$@"
