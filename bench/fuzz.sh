#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers that read untrusted text: AFL++ (Debian's afl++) drives SharpFuzz, which
# instruments Chorus.Text, Chorus.Connectors and AngleSharp. A crash is an input that broke the parser's promise
# (another exception than its own, an error without a position, more than 1 s, a stack overflow); a hang is an
# input AFL stopped after its timeout.
# Usage: bench/fuzz.sh <query|feed|opml|html> [--seconds N]     (default 300 s; one target at a time, one core)
# Findings: bench/.cache/fuzz/findings/<target>/default/{crashes,hangs}; each crash is replayed at the end.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/prerequisites.sh"
target="${1:-}"
case "$target" in query|feed|opml|html) ;; *) echo "usage: bench/fuzz.sh <query|feed|opml|html> [--seconds N]" >&2; exit 2 ;; esac
shift
seconds=300
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

require_dotnet
if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "installing AFL++ (apt-get install afl++)" >&2
  apt_install afl++ || { echo "AFL++ is required: sudo apt-get update && sudo apt-get install -y afl++" >&2; exit 1; }
fi
tools="$root/.tools/sharpfuzz"
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

work="$root/bench/.cache/fuzz"
build="$work/build"
# Instrumenting rewrites the assemblies in place: publish afresh each run so an instrumented file is never instrumented twice.
rm -rf "$build"
dotnet publish "$root/bench/fuzz/Chorus.Fuzz" -c Release -o "$build" -v quiet -nologo >/dev/null
for assembly in Chorus.Text.dll Chorus.Connectors.dll AngleSharp.dll; do
  "$tools/sharpfuzz" "$build/$assembly" >/dev/null
done

# Seeds: the target's own corpus, and for feeds every sample feed of the connector tests.
seeds="$work/seeds/$target"
rm -rf "$seeds" && mkdir -p "$seeds"
cp "$root/bench/fuzz/corpus/$target/"* "$seeds/"
case "$target" in
  feed) find "$root/tests/Chorus.Connectors.Tests/Feeds/Samples" -type f ! -name '*.opml' -exec cp {} "$seeds/" \; ;;
  opml) cp "$root/tests/Chorus.Connectors.Tests/Feeds/Samples/subscriptions.opml" "$seeds/" ;;
esac

findings="$work/findings/$target"
rm -rf "$findings" && mkdir -p "$(dirname "$findings")"
# The .NET host is not an AFL-compiled binary (SharpFuzz speaks the fork-server protocol itself), crashes are reported
# by the fork server rather than by core dumps, and the machine is shared: no CPU pinning.
AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 \
  afl-fuzz -i "$seeds" -o "$findings" -t 5000 -G 65536 -V "$seconds" -- "$build/chorus-fuzz" "$target" > "$work/$target.log" 2>&1 || {
    echo "afl-fuzz failed; its output:" >&2; tail -40 "$work/$target.log" >&2; exit 1; }

stats="$findings/default/fuzzer_stats"
awk -F' *: *' '/^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg|stability)/ { printf "%s: %s\n", $1, $2 }' "$stats"
crashes=("$findings"/default/crashes/id*) hangs=("$findings"/default/hangs/id*)
if [ -e "${crashes[0]}" ] || [ -e "${hangs[0]}" ]; then
  echo "replaying what AFL kept:"
  # Replayed by the plain build: instrumented code only runs inside SharpFuzz's loop.
  dotnet build "$root/bench/fuzz/Chorus.Fuzz" -c Release -v quiet -nologo >/dev/null
  dotnet "$root/bench/fuzz/Chorus.Fuzz/bin/Release/net10.0/chorus-fuzz.dll" "$target" --replay "$findings/default/crashes" "$findings/default/hangs" || true
  exit 1
fi
echo "no crash, no hang"
