#!/usr/bin/env bash
# Tells whether Elasticsearch answers on $ES_PORT. Exit 0 when it does, 3 when it does not.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if ! port_is_elasticsearch; then
  say "not running on port $ES_PORT"
  exit 3
fi
pid="$(running_pid)"
health="$(curl -s --max-time 3 "$ES_URL/_cluster/health" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')"
version="$(curl -s --max-time 3 "$ES_URL/" | sed -n 's/.*"number":"\([^"]*\)".*/\1/p')"
say "Elasticsearch ${version:-?} at $ES_URL, health ${health:-?}${pid:+, pid $pid, log $LOG_FILE}"
