#!/usr/bin/env bash
# Through the command line: `./chorus match` and `./chorus sentiment` over JSON lines beside their peers, in one run.
# Rates are per CPU-second of each whole process (user + system from /usr/bin/time: start-up, loading the queries or
# lexicons, reading, writing, every thread), so a shared machine's other work does not count.
#   match:     200,000 posts x 10,000 queries; peer: Lucene 8 MemoryIndex behind a term presearcher
#              (bench/peers/lucene, --stream), on the same posts and queries (lang TAB text).
#   sentiment: the same posts (lang given); peer: VADER's JavaScript port (npm vader-sentiment) run by node over
#              the same JSON lines (bench/peers/vader).
# Usage: bench/cli.sh [match|sentiment|all] [--posts N] [--runs R]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
what="${1:-all}"
[[ "$what" == --* ]] && what=all || shift || true
posts=200000
runs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --posts) posts="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: bench/cli.sh [match|sentiment|all] [--posts N] [--runs R]" >&2; exit 2 ;;
  esac
done
cache="$root/bench/.cache"
data="$cache/cli-$posts"
mkdir -p "$cache"

cd "$root"
. scripts/prerequisites.sh
require_dotnet
publish_chorus
dotnet build -c Release bench/Chorus.Bench -v quiet -nologo >/dev/null
if [ ! -f "$data/posts.jsonl" ]; then
  dotnet bench/Chorus.Bench/bin/Release/net10.0/Chorus.Bench.dll cli-corpus "$data" --posts "$posts" --queries 10000 >&2
fi

# CPU seconds (user + system) of a command whose stdin and stdout are files.
cpu() { # in out command...
  local in="$1" out="$2" times
  shift 2
  times="$(mktemp)"
  /usr/bin/time -f "%U %S" -o "$times" "$@" < "$in" > "$out"
  awk '{ printf "%.2f", $1 + $2 }' "$times"
  rm -f "$times"
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
lines="$(wc -l < "$data/posts.jsonl")"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $lines posts"

if [ "$what" = all ] || [ "$what" = match ]; then
  if ! ls /usr/share/java/lucene-core-8*.jar >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq liblucene8-java >/dev/null
  fi
  # Compile the peer before timing it (an empty run).
  : > "$out/empty"
  bash bench/peers/lucene/run.sh --stream "$out/empty" "$out/empty" >/dev/null 2>&1 || true
  for run in $(seq "$runs"); do
    chorus_cpu="$(cpu "$data/posts.jsonl" "$out/chorus-match.jsonl" ./chorus match --queries "$data/queries.json")"
    lucene_cpu="$(cpu /dev/null "$out/lucene-match.tsv" bash bench/peers/lucene/run.sh --stream "$data/lucene-queries.txt" "$data/lucene-posts.tsv")"
    chorus_rate="$(rate "$lines" "$chorus_cpu")"
    lucene_rate="$(rate "$lines" "$lucene_cpu")"
    echo "match     run $run: chorus $chorus_rate posts/CPU-s ($chorus_cpu s)  lucene+presearcher $lucene_rate posts/CPU-s ($lucene_cpu s)  ratio $(ratio "$chorus_rate" "$lucene_rate")x"
  done
fi

if [ "$what" = all ] || [ "$what" = sentiment ]; then
  vader="$cache/vader-sentiment/package"
  if [ ! -d "$vader" ]; then
    mkdir -p "$cache/vader-sentiment"
    (cd "$cache" && tgz="$(npm pack --silent vader-sentiment@1.1.3 2>/dev/null | tail -1)" && tar xzf "$tgz" -C vader-sentiment && rm -f "$tgz")
  fi
  for run in $(seq "$runs"); do
    chorus_cpu="$(cpu "$data/posts.jsonl" "$out/chorus-sentiment.jsonl" ./chorus sentiment)"
    vader_cpu="$(cpu "$data/posts.jsonl" "$out/vader-sentiment.jsonl" node bench/peers/vader/vader-lines.js "$vader")"
    chorus_rate="$(rate "$lines" "$chorus_cpu")"
    vader_rate="$(rate "$lines" "$vader_cpu")"
    echo "sentiment run $run: chorus $chorus_rate texts/CPU-s ($chorus_cpu s)  vader (node) $vader_rate texts/CPU-s ($vader_cpu s)  ratio $(ratio "$chorus_rate" "$vader_rate")x"
  done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
