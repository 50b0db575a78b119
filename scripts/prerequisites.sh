# Sourced by ./run, ./test and ./chorus: installs what a fresh Debian/Ubuntu machine with only the .NET SDK lacks.
# Installs with apt only when running as root or with sudo; otherwise says the exact command to run.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

apt_install() {
  # $@: Debian packages. apt-get update runs once per script run.
  if [ -z "${CHORUS_APT_UPDATED:-}" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
    CHORUS_APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "chorus: the .NET 10 SDK is required (https://dot.net). Install it, then run this again." >&2
    exit 1
  fi
}

require_postgres() {
  # The embedded cluster needs PostgreSQL's server binaries, unless CHORUS_DATABASE names a server.
  [ -n "${CHORUS_DATABASE:-}" ] && return 0
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && return 0
  echo "chorus: installing PostgreSQL server binaries (apt-get install postgresql)…" >&2
  if ! apt_install postgresql; then
    echo "chorus: PostgreSQL's server binaries are missing. Install them with:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y postgresql" >&2
    echo "or set CHORUS_DATABASE to the connection string of an existing PostgreSQL server." >&2
    exit 1
  fi
}

require_frontend() {
  # Front-end libraries from npm, pinned by the committed lock file, copied into wwwroot.
  local web="src/Chorus"
  if [ ! -f "$web/node_modules/htmx.org/dist/htmx.min.js" ] || [ ! -d "$web/node_modules/lucide-static" ] || [ ! -d "$web/node_modules/@fullcalendar/core" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      apt_install nodejs npm || { echo "chorus: npm is required: sudo apt-get install -y nodejs npm" >&2; exit 1; }
    fi
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  mkdir -p "$web/wwwroot/lib/icons"
  cp -u "$web/node_modules/htmx.org/dist/htmx.min.js" "$web/wwwroot/lib/htmx.min.js"
  # The calendar: FullCalendar's core, its standard plugins and the French locale (MIT).
  mkdir -p "$web/wwwroot/lib/fullcalendar"
  local plugin
  for plugin in core daygrid timegrid list interaction; do
    cp -u "$web/node_modules/@fullcalendar/$plugin/index.global.min.js" "$web/wwwroot/lib/fullcalendar/$plugin.global.min.js"
  done
  cp -u "$web/node_modules/@fullcalendar/core/locales/fr.global.min.js" "$web/wwwroot/lib/fullcalendar/fr.global.min.js"
  cp -u "$web/node_modules/@fullcalendar/core/LICENSE.md" "$web/wwwroot/lib/fullcalendar/LICENSE.txt"
  # Interface icons (Lucide, ISC) and network logos (Simple Icons, CC0): only those the pages use, with their licences.
  local icon
  for icon in $CHORUS_INTERFACE_ICONS; do
    cp -u "$web/node_modules/lucide-static/icons/$icon.svg" "$web/wwwroot/lib/icons/$icon.svg"
  done
  for icon in $CHORUS_NETWORK_ICONS; do
    cp -u "$web/node_modules/simple-icons/icons/$icon.svg" "$web/wwwroot/lib/icons/$icon.svg"
  done
  cp -u "$web/node_modules/lucide-static/LICENSE" "$web/wwwroot/lib/icons/LICENSE-lucide.txt"
  cp -u "$web/node_modules/simple-icons/LICENSE.md" "$web/wwwroot/lib/icons/LICENSE-simple-icons.txt"
}

# The icons wwwroot/css/chorus.css refers to (.icon-NAME).
CHORUS_INTERFACE_ICONS="layout-dashboard users mail-plus key-round plug scroll-text settings list-restart log-out copy
  check circle-alert trash-2 chevrons-up-down send calendar inbox ear chart-line plus rocket circle-check circle x menu bell images
  file-text link"
CHORUS_NETWORK_ICONS="bluesky mastodon wordpress rss"

require_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  echo "chorus: installing Debian's chromium for the end-to-end tests…" >&2
  apt_install chromium || { echo "chorus: the e2e tests need chromium: sudo apt-get install -y chromium" >&2; exit 1; }
}

require_mail_server() {
  # The e-mail tests hand messages to a real SMTP server on loopback: Debian's aiosmtpd (tests/mail/smtp_sink.py).
  /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 && return 0
  echo "chorus: installing Debian's python3-aiosmtpd for the e-mail tests…" >&2
  apt_install python3-aiosmtpd || { echo "chorus: the e-mail tests need aiosmtpd: sudo apt-get update && sudo apt-get install -y python3-aiosmtpd" >&2; exit 1; }
}

# Builds the app into artifacts/chorus unless it is already newer than every source file.
publish_chorus() {
  local out="artifacts/chorus"
  if [ -f "$out/chorus.dll" ] && [ -z "$(find src Directory.Build.props Directory.Packages.props -newer "$out/chorus.dll" -type f -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/node_modules/*' -print -quit)" ]; then
    return 0
  fi
  echo "chorus: building (Release)…" >&2
  dotnet publish src/Chorus/Chorus.csproj -c Release -o "$out" --nologo -v quiet -p:TreatWarningsAsErrors=true >&2
  touch "$out/chorus.dll"
}
