#!/usr/bin/env bash
# The whole match benchmark: Chorus compiled matcher (1,000 and 10,000 queries) next to Lucene MemoryIndex.
# Usage: bench/match.sh [--queries 1000,10000] [--posts N] [--seconds S] [--lucene-posts N] [--no-lucene] [--profile]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if ! ls /usr/share/java/lucene-core-8*.jar >/dev/null 2>&1; then
  echo "installing Debian's Lucene 8 for the peer run" >&2
  apt-get update -qq && apt-get install -y -qq liblucene8-java >/dev/null
fi
dotnet build -c Release "$root/bench/Chorus.Bench" -v quiet -nologo >/dev/null
exec dotnet "$root/bench/Chorus.Bench/bin/Release/net10.0/Chorus.Bench.dll" match "$@"
