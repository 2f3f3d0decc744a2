#!/usr/bin/env bash
# Starts a single-node Elasticsearch on 127.0.0.1:$ES_PORT without security. With a Docker engine: the
# official image. Without: an in-process node built from the jars on Maven Central (see README.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

STARTED_AT=$(date +%s.%N)

elapsed() {
  awk -v a="$STARTED_AT" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}

# Polls cluster health until yellow; $1 = pid to watch (empty for Docker).
wait_until_ready() {
  local pid="$1" deadline=$((SECONDS + ES_START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if [ "$(http_status '/_cluster/health?wait_for_status=yellow&timeout=1s')" = "200" ]; then
      return 0
    fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 1
  done
  return 1
}

# Highest-version JDK >= 21 (Elasticsearch 9 needs 21+); ES_JAVA_HOME wins when set.
find_jdk() {
  local candidates=() best="" best_major=0 home major
  if [ -n "${ES_JAVA_HOME:-}" ]; then
    candidates=("$ES_JAVA_HOME")
  else
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    for home in /usr/lib/jvm/* /opt/java/* /usr/local/java/*; do
      [ -d "$home" ] && candidates+=("$home")
    done
  fi
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$home"
      best_major="$major"
    fi
  done
  echo "$best"
}

# Resolves the dependency classpath into ~/.m2 (cached there) and writes it to $1.
resolve_classpath() {
  local out="$1" jar missing=""
  if [ -s "$out" ]; then
    for jar in $(tr ':' ' ' <"$out"); do
      [ -f "$jar" ] || missing=yes
    done
    [ -z "$missing" ] && return 0
  fi
  command -v mvn >/dev/null 2>&1 || fail "Maven (mvn) is needed to fetch Elasticsearch $ES_VERSION; install it (apt-get install maven)"
  say "fetching Elasticsearch $ES_VERSION jars from Maven Central (cached in ~/.m2)"
  if ! mvn -B -q -U -f "$TOOL_DIR/pom.xml" -Des.version="$ES_VERSION" \
    dependency:build-classpath -Dmdep.outputFile="$out.tmp" >"$out.mvn.log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$out.mvn.log" | grep -m 1 -E '^\[ERROR\] Failed' >&2 || true
    fail "could not fetch org.elasticsearch:elasticsearch:$ES_VERSION from Maven Central (unreachable, or no such version); full output: $out.mvn.log"
  fi
  mv "$out.tmp" "$out"
}

# Compiles the launcher classes into $1 when a source is newer than the last build.
compile_launcher() {
  local classes="$1" classpath="$2" jdk="$3" stamp="$1/.built"
  if [ -f "$stamp" ] && [ -z "$(find "$TOOL_DIR/src" -name '*.java' -newer "$stamp")" ]; then
    return 0
  fi
  rm -rf "$classes"
  mkdir -p "$classes"
  # shellcheck disable=SC2046
  "$jdk/bin/javac" -nowarn -d "$classes" -cp "$classpath" $(find "$TOOL_DIR/src" -name '*.java') ||
    fail "compiling the launcher against Elasticsearch $ES_VERSION failed (its internal API may have changed; see README.md)"
  touch "$stamp"
}

start_with_docker() {
  if docker container inspect "$DOCKER_CONTAINER" >/dev/null 2>&1; then
    docker start "$DOCKER_CONTAINER" >/dev/null
  else
    docker run -d --name "$DOCKER_CONTAINER" -p "127.0.0.1:$ES_PORT:9200" \
      -e discovery.type=single-node -e xpack.security.enabled=false \
      -e ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
      "docker.elastic.co/elasticsearch/elasticsearch:$ES_VERSION" >/dev/null
  fi
  wait_until_ready "" || fail "container $DOCKER_CONTAINER did not become ready within ${ES_START_TIMEOUT}s (docker logs $DOCKER_CONTAINER)"
}

start_in_process() {
  local jdk cache classpath pid
  pid="$(running_pid)"
  if [ -n "$pid" ]; then
    say "a node started earlier (pid $pid) is still coming up; waiting for it"
    wait_until_ready "$pid" || fail "pid $pid did not become ready within ${ES_START_TIMEOUT}s; see $LOG_FILE"
    return 0
  fi
  jdk="$(find_jdk)"
  [ -n "$jdk" ] || fail "no JDK 21 or newer found (Elasticsearch $ES_VERSION needs one); set ES_JAVA_HOME to its directory"
  cache="$ES_HOME_DIR/es-$ES_VERSION"
  mkdir -p "$cache" "$NODE_DIR"
  resolve_classpath "$cache/classpath.txt"
  classpath="$(cat "$cache/classpath.txt")"
  compile_launcher "$cache/classes" "$classpath" "$jdk"

  # A fresh data directory each start: tests must not see indices left by an earlier run.
  rm -rf "$NODE_DIR/data" "$NODE_DIR/tmp"
  mkdir -p "$NODE_DIR/data" "$NODE_DIR/logs" "$NODE_DIR/config" "$NODE_DIR/tmp"
  nohup "$jdk/bin/java" \
    "-Xms$ES_HEAP" "-Xmx$ES_HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
    --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector \
    -Djava.io.tmpdir="$NODE_DIR/tmp" -Dfile.encoding=UTF-8 -Djava.locale.providers=CLDR \
    -Des.set.netty.runtime.available.processors=false -Dio.netty.noUnsafe=true \
    -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0 \
    -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
    -Dorg.elasticsearch.nativeaccess.enableVectorLibrary=false \
    -cp "$cache/classes:$classpath" "$MAIN_CLASS" \
    "path.home=$NODE_DIR" "path.data=$NODE_DIR/data" "path.logs=$NODE_DIR/logs" "http.port=$ES_PORT" \
    >"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  if ! wait_until_ready "$pid"; then
    echo "----- last lines of $LOG_FILE -----" >&2
    tail -n 30 "$LOG_FILE" >&2 || true
    kill "$pid" 2>/dev/null || true
    rm -f "$PID_FILE"
    fail "Elasticsearch $ES_VERSION did not become ready within ${ES_START_TIMEOUT}s"
  fi
}

if port_is_elasticsearch; then
  say "Elasticsearch already answers at $ES_URL; nothing to do"
  exit 0
fi
if port_in_use; then
  fail "port $ES_PORT is in use by something that is not Elasticsearch; free it or set ES_PORT"
fi
command -v curl >/dev/null 2>&1 || fail "curl is needed to check the node's health"

if docker_available; then
  start_with_docker
  mode="docker container $DOCKER_CONTAINER"
else
  start_in_process
  mode="in-process node, pid $(cat "$PID_FILE"), log $LOG_FILE"
fi
say "Elasticsearch $ES_VERSION ready at $ES_URL after $(elapsed)s ($mode)"
