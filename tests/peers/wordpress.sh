#!/usr/bin/env bash
# Real WordPress peer for the connector tests: Debian's `wordpress` package, a private MariaDB
# instance and PHP's built-in server, all bound to 127.0.0.1.
#
# usage: tests/peers/wordpress.sh start|stop|status
#
# State lives in .tools/wordpress/ at the repository root (git-ignored): MariaDB data, the
# wp-content folder (mu-plugin, uploads), logs, pids and connection.env. Ports are picked free at
# start. `start` installs the apt packages when they are missing (needs root, as in CI), starts
# MariaDB and PHP, installs WordPress on first use, creates a fresh application password and prints
# the connection details as KEY=VALUE lines (also written to .tools/wordpress/connection.env).
#
# Several checkouts may run this on one machine: the WordPress config file is named after this
# checkout (selected with WORDPRESS_CONFIG) and wp-content is private, so instances do not collide.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BASE=${CHORUS_WP_STATE:-$ROOT/.tools/wordpress}
ADMIN_USER=admin
ADMIN_PASS=admin-pass-123
HOST=127.0.0.1
INSTANCE="chorus-$(printf '%s' "$BASE" | md5sum | cut -c1-10)"
CONFIG_FILE="/etc/wordpress/config-$INSTANCE.php"
# Unix socket paths are limited to ~107 bytes, so the socket lives in a short temp path.
RUN="/tmp/$INSTANCE"
SOCK="$RUN/mysql.sock"
CONTENT="$BASE/wp-content"

log() { echo "[wordpress $(date +%T)] $*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b - a}'; }

alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop() {
  local f pid
  for f in "$BASE/php.pid" "$RUN/mysql.pid"; do
    [[ -f $f ]] || continue
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then
      # php -S forks workers (PHP_CLI_SERVER_WORKERS) that outlive the parent and keep the port:
      # it was started with setsid, so its pid is the process group id.
      kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
  rm -f "$BASE/connection.env"
  log "stopped"
}

status() {
  local rc=0
  if alive "$BASE/php.pid"; then echo "php: running"; else echo "php: stopped"; rc=1; fi
  if alive "$RUN/mysql.pid"; then echo "mariadb: running"; else echo "mariadb: stopped"; rc=1; fi
  [[ -f $BASE/connection.env ]] && cat "$BASE/connection.env"
  return $rc
}

install_packages() {
  if dpkg -s wordpress wordpress-theme-twentytwentythree mariadb-server mariadb-client php-cli php-mysql php-xml php-mbstring php-gd >/dev/null 2>&1; then
    return
  fi
  if [[ $(id -u) != 0 ]]; then
    log "WordPress/MariaDB/PHP packages are missing and installing them needs root: run as root or apt-get install them"
    exit 1
  fi
  local t0 created_policy=0; t0=$(now)
  # Package scripts must not start apache2/mariadb as system services.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; created_policy=1
  fi
  local packages=(wordpress wordpress-theme-twentytwentythree mariadb-server mariadb-client
                  php-cli php-mysql php-curl php-xml php-mbstring php-gd)
  # Other peer scripts may run apt at the same time (test collections start in parallel): wait for the lock.
  local apt=(apt-get -o DPkg::Lock::Timeout=300 -y -qq)
  "${apt[@]}" update >"$BASE/apt.log" 2>&1 || { tail -20 "$BASE/apt.log" >&2; exit 1; }
  # A concurrent apt run can also delete downloaded archives under us (docker-clean hooks); retry once.
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install --no-install-recommends "${packages[@]}" >>"$BASE/apt.log" 2>&1 ||
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install --no-install-recommends "${packages[@]}" >>"$BASE/apt.log" 2>&1 ||
    { tail -20 "$BASE/apt.log" >&2; [[ $created_policy == 1 ]] && rm -f /usr/sbin/policy-rc.d; exit 1; }
  [[ $created_policy == 1 ]] && rm -f /usr/sbin/policy-rc.d
  log "apt install took $(elapsed "$t0" "$(now)") s"
}

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/$HOST/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  log "no free port found"; exit 1
}

start_db() {
  local user; user=$(id -un)
  mkdir -p "$RUN"
  if [[ ! -d $BASE/mysql/mysql ]]; then
    mkdir -p "$BASE/mysql"
    # Running the private instance as the invoking user (root in CI, with --user=root) avoids
    # needing the mysql account to traverse the checkout's parent folders.
    mariadb-install-db --no-defaults --user="$user" --datadir="$BASE/mysql" \
      --auth-root-authentication-method=socket --skip-test-db >"$BASE/mysql-init.log" 2>&1 ||
      { cat "$BASE/mysql-init.log" >&2; exit 1; }
  fi
  setsid mariadbd --no-defaults --user="$user" --datadir="$BASE/mysql" --socket="$SOCK" \
    --port="$DB_PORT" --bind-address=$HOST --pid-file="$RUN/mysql.pid" \
    --log-error="$BASE/mysql.err" --skip-log-bin --innodb-buffer-pool-size=32M \
    --skip-name-resolve >/dev/null 2>&1 < /dev/null &
  for _ in $(seq 1 150); do mariadb-admin --no-defaults -S "$SOCK" -uroot ping >/dev/null 2>&1 && break; sleep 0.1; done
  mariadb-admin --no-defaults -S "$SOCK" -uroot ping >/dev/null 2>&1 || { log "MariaDB did not start"; tail -30 "$BASE/mysql.err" >&2; exit 1; }
  mariadb --no-defaults -S "$SOCK" -uroot <<SQL
CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS 'wordpress'@'127.0.0.1' IDENTIFIED BY 'wordpress';
GRANT ALL ON wordpress.* TO 'wordpress'@'127.0.0.1';
SQL
}

write_config() {
  if [[ ! -w /etc/wordpress ]]; then
    log "/etc/wordpress is not writable: Debian's WordPress reads its per-site config there, so run as root (as CI does)"
    exit 1
  fi
  mkdir -p "$CONTENT/mu-plugins" "$CONTENT/uploads"
  ln -sfn /var/lib/wordpress/wp-content/themes "$CONTENT/themes"
  ln -sfn /var/lib/wordpress/wp-content/plugins "$CONTENT/plugins"
  cat > "$CONFIG_FILE" <<PHP
<?php
// Chorus connector-test WordPress for $BASE (written by tests/peers/wordpress.sh)
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', 'wordpress');
define('DB_HOST', '$HOST:$DB_PORT');
define('WP_HOME', '$WP_URL');
define('WP_SITEURL', '$WP_URL');
define('WP_CONTENT_DIR', '$CONTENT');
define('WP_CONTENT_URL', '$WP_URL/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');   // application passwords over plain http
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);   // no outbound HTTP (update checks, oEmbed, ...)
define('FS_METHOD', 'direct');
PHP
  cat > "$CONTENT/mu-plugins/chorus-test.php" <<'PHP'
<?php
// Test-only: allow anonymous comments over REST (the tests play visitors) and switch off comment
// flood control (every test comment comes from 127.0.0.1 within seconds).
add_filter('rest_allow_anonymous_comments', '__return_true');
add_filter('comment_flood_filter', '__return_false', 99);
PHP
  # php -S serves /usr/share/wordpress; uploads live in our private wp-content, so route them.
  cat > "$BASE/router.php" <<PHP
<?php
\$path = parse_url(\$_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (str_starts_with(\$path, '/wp-content/uploads/')) {
    \$file = realpath('$CONTENT' . substr(\$path, strlen('/wp-content')));
    if (\$file !== false && str_starts_with(\$file, '$CONTENT/uploads/') && is_file(\$file)) {
        header('Content-Type: ' . (mime_content_type(\$file) ?: 'application/octet-stream'));
        readfile(\$file);
        return true;
    }
    http_response_code(404);
    return true;
}
\$_SERVER['WORDPRESS_CONFIG'] = '$INSTANCE';
if (\$path !== '/' && is_file('/usr/share/wordpress' . \$path)) {
    if (str_ends_with(\$path, '.php')) { require '/usr/share/wordpress' . \$path; return true; }
    return false;
}
require '/usr/share/wordpress/index.php';
return true;
PHP
}

wp_php() { # run PHP with this instance's WordPress loaded
  php -d display_errors=stderr -r '$_SERVER["HTTP_HOST"]="'$HOST:$WP_PORT'"; $_SERVER["SERVER_NAME"]="'$HOST'";
    $_SERVER["REQUEST_URI"]="/"; $_SERVER["WORDPRESS_CONFIG"]="'$INSTANCE'"; '"$1"
}

install_wordpress() {
  if wp_php 'define("WP_INSTALLING", true); require "/usr/share/wordpress/wp-load.php"; exit(is_blog_installed() ? 0 : 1);' 2>/dev/null; then
    # The URL changes with the port: keep the stored options in step with the config.
    wp_php 'require "/usr/share/wordpress/wp-load.php"; update_option("home", WP_HOME); update_option("siteurl", WP_SITEURL);'
    return
  fi
  wp_php 'define("WP_INSTALLING", true); require "/usr/share/wordpress/wp-load.php";
    require ABSPATH."wp-admin/includes/upgrade.php"; add_filter("pre_wp_mail", "__return_false");
    $r = wp_install("Chorus Test Site", "'$ADMIN_USER'", "admin@example.test", false, "", "'$ADMIN_PASS'");
    update_option("permalink_structure", "/%postname%/");
    update_option("blogdescription", "WordPress peer for the Chorus connector tests");
    update_option("comment_moderation", 0); update_option("comment_previously_approved", 1);
    fwrite(STDERR, "installed, user_id=".$r["user_id"]."\n");'
}

application_password() {
  wp_php 'require "/usr/share/wordpress/wp-load.php";
    $u = get_user_by("login", "'$ADMIN_USER'");
    WP_Application_Passwords::delete_all_application_passwords($u->ID);
    list($pw, $item) = WP_Application_Passwords::create_new_application_password($u->ID, ["name" => "chorus-tests"]);
    echo $pw;'
}

start() {
  mkdir -p "$BASE"
  install_packages
  if alive "$BASE/php.pid" && alive "$RUN/mysql.pid" && [[ -f $BASE/connection.env ]]; then
    log "already running"; cat "$BASE/connection.env"; return
  fi
  stop 2>/dev/null || true
  local t0 t1 t2 t3; t0=$(now)
  DB_PORT=$(free_port); WP_PORT=$(free_port)
  WP_URL="http://$HOST:$WP_PORT"
  start_db; t1=$(now)
  write_config
  install_wordpress; t2=$(now)
  PHP_CLI_SERVER_WORKERS=4 WORDPRESS_CONFIG=$INSTANCE setsid php -S "$HOST:$WP_PORT" -t /usr/share/wordpress "$BASE/router.php" \
    >"$BASE/php.log" 2>&1 < /dev/null &
  echo $! > "$BASE/php.pid"
  for _ in $(seq 1 150); do curl -fsS -o /dev/null "$WP_URL/wp-json/" 2>/dev/null && break; sleep 0.1; done
  curl -fsS -o /dev/null "$WP_URL/wp-json/" || { log "PHP server did not answer"; tail -30 "$BASE/php.log" >&2; stop; exit 1; }
  local app_pw; app_pw=$(application_password)
  t3=$(now)
  cat > "$BASE/connection.env" <<EOF
WP_URL=$WP_URL
WP_ADMIN_USER=$ADMIN_USER
WP_ADMIN_PASSWORD=$ADMIN_PASS
WP_APP_PASSWORD=$app_pw
WP_DB_PORT=$DB_PORT
EOF
  log "mariadb $(elapsed "$t0" "$t1") s, wordpress install/config $(elapsed "$t1" "$t2") s, total start $(elapsed "$t0" "$t3") s"
  cat "$BASE/connection.env"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
