#!/usr/bin/env bash
# Builds and runs the Lucene peer of the match benchmark with Debian's Lucene 8 jars.
# Usage: run.sh QUERIES.txt POSTS.tsv SECONDS
# Needs: apt-get install -y liblucene8-java default-jdk-headless (javac).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar() {
  local found
  found="$(ls /usr/share/java/"$1"-8*.jar 2>/dev/null | head -n1 || true)"
  if [[ -z "$found" ]]; then
    echo "missing /usr/share/java/$1-8*.jar: apt-get install -y liblucene8-java" >&2
    exit 3
  fi
  echo "$found"
}
classpath="$(jar lucene-core):$(jar lucene-queryparser):$(jar lucene-memory):$(jar lucene-analyzers-common)"
build="${TMPDIR:-/tmp}/chorus-lucene-peer"
mkdir -p "$build"
if [[ ! -f "$build/LuceneMatch.class" || "$here/LuceneMatch.java" -nt "$build/LuceneMatch.class" ]]; then
  javac -nowarn -cp "$classpath" -d "$build" "$here/LuceneMatch.java"
fi
exec java -Xmx2g -cp "$classpath:$build" LuceneMatch "$@"
