# Shared settings and helpers for start.sh, stop.sh and status.sh (sourced, not run).

TOOL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$TOOL_DIR/../.." && pwd)"

ES_PORT="${ES_PORT:-9200}"
ES_VERSION="${ES_VERSION:-9.5.4}"
ES_HOME_DIR="${ES_HOME_DIR:-$REPO_DIR/.es-local}"
ES_HEAP="${ES_HEAP:-1g}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-120}"
ES_URL="http://127.0.0.1:$ES_PORT"

NODE_DIR="$ES_HOME_DIR/node-$ES_PORT"
PID_FILE="$NODE_DIR/es.pid"
LOG_FILE="$NODE_DIR/es.log"
MAIN_CLASS="dac.eslocal.LocalElasticsearch"
DOCKER_CONTAINER="dac-local-es-$ES_PORT"

fail() {
  echo "local-elasticsearch: $*" >&2
  exit 1
}

say() {
  echo "local-elasticsearch: $*"
}

# HTTP status of GET $ES_URL$1, or 000 when nothing answers.
http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-3}" "$ES_URL$1" 2>/dev/null || true
}

# True when the port answers like Elasticsearch (every REST response carries this header).
port_is_elasticsearch() {
  curl -s -o /dev/null -D - --max-time 3 "$ES_URL/_cluster/health" 2>/dev/null |
    grep -qi '^x-elastic-product: *Elasticsearch'
}

# True when anything at all accepts connections on the port.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$ES_PORT") 2>/dev/null
}

docker_available() {
  [ -z "${ES_NO_DOCKER:-}" ] && command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1
}

# The pid from PID_FILE if that process is still our node, else nothing.
running_pid() {
  [ -f "$PID_FILE" ] || return 0
  local pid
  pid="$(cat "$PID_FILE")"
  if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS"; then
    echo "$pid"
  fi
}
