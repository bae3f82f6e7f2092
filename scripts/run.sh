#!/usr/bin/env bash
# Serve the app with a Celery worker and beat beside it; Ctrl-C stops all three.
set -uo pipefail
cd "$(dirname "$0")/.."
export DEBUG="${DEBUG:-1}"
# The port to serve on; the settings build the site's address (SITE_URL, used in emails) from it.
export PORT="${PORT:-8000}"
BIN=.venv/bin
pids=()
stop() {
  trap - INT TERM EXIT
  kill "${pids[@]}" 2>/dev/null
  wait 2>/dev/null
  echo "Stopped the web server, worker and beat."
}
trap stop INT TERM EXIT

if [ -n "${REDIS_URL:-}${CELERY_BROKER_URL:-}" ]; then
  echo "Celery broker: ${CELERY_BROKER_URL:-$REDIS_URL}"
else
  echo "Celery broker: embedded (files under var/celery; no server needed)"
fi
$BIN/celery -A council worker --loglevel=INFO --concurrency=2 --without-mingle --without-gossip &
pids+=($!)
$BIN/celery -A council beat --loglevel=INFO &
pids+=($!)
echo "Serving the demo council at http://127.0.0.1:$PORT"
$BIN/python manage.py runserver "127.0.0.1:$PORT" &
pids+=($!)
wait -n "${pids[@]}"
