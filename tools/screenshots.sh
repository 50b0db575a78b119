#!/usr/bin/env bash
# Takes the README's screenshots (docs/screenshots/*.png): the main pages in English and French, desktop and phone,
# in headless Chromium over a fresh database.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
require_dotnet
require_postgres
require_frontend
require_chromium
CHORUS_SCREENSHOTS="$PWD/docs/screenshots" dotnet test tests/Chorus.E2E.Tests --nologo -v quiet --filter "FullyQualifiedName~ScreenshotTests"
