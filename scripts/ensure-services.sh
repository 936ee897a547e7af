# Sourced by scripts/test.sh: the scale tests (vitest project `scale`) need
# PostgreSQL on 127.0.0.1:5432 (trust auth, database `test`) and Redis on
# 127.0.0.1:6379. Starts them when they are installed but down; fails — never
# skips — when they cannot be reached. The product itself needs neither.
# Point the tests elsewhere with CODEV_TEST_DATABASE_URL / CODEV_TEST_REDIS_URL.

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 tries=50
  while ! port_open "$port"; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || return 1
    sleep 0.2
  done
}

if [ -z "${CODEV_TEST_DATABASE_URL:-}" ] && ! port_open 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "codev: starting PostgreSQL for the scale tests" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start >&2 || true
  fi
  if ! wait_port 5432; then
    echo "codev: the scale tests need PostgreSQL on 127.0.0.1:5432 (database 'test', trust auth); see README \"Tests\"" >&2
    exit 1
  fi
fi

if [ -z "${CODEV_TEST_REDIS_URL:-}" ] && ! port_open 6379; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "codev: starting Redis for the scale tests" >&2
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no >&2 || true
  fi
  if ! wait_port 6379; then
    echo "codev: the scale tests need Redis on 127.0.0.1:6379 and redis-server on PATH; see README \"Tests\"" >&2
    exit 1
  fi
fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo "codev: the Redis restart test needs redis-server on PATH (Debian: apt-get install redis-server)" >&2
  exit 1
fi
