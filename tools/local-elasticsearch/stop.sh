#!/usr/bin/env bash
# Stops the node start.sh started on $ES_PORT (container or in-process JVM). Safe to run when none runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if command -v docker >/dev/null 2>&1 && docker container inspect "$DOCKER_CONTAINER" >/dev/null 2>&1; then
  docker rm -f "$DOCKER_CONTAINER" >/dev/null
  say "removed container $DOCKER_CONTAINER"
  exit 0
fi

pid="$(running_pid)"
if [ -z "$pid" ]; then
  rm -f "$PID_FILE"
  if port_is_elasticsearch; then
    say "an Elasticsearch not started by start.sh answers at $ES_URL; left alone"
  else
    say "not running on port $ES_PORT"
  fi
  exit 0
fi

# SIGTERM runs the node's shutdown hook (closes shards cleanly); SIGKILL only if that hangs.
kill "$pid"
for _ in $(seq 1 30); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
if kill -0 "$pid" 2>/dev/null; then
  kill -9 "$pid"
  say "pid $pid did not stop within 30s; killed"
fi
rm -f "$PID_FILE"
say "stopped (pid $pid)"
