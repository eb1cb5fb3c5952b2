#!/usr/bin/env bash
# Starts the real services the test suite needs, on loopback, in a throw-away
# folder: PostgreSQL, Redis, Elasticsearch 8 and an S3-compatible server.
# Source it, call services_up, and services_down when done (test.sh traps it).
# A service whose URL is already in the environment is used as it is.

SERVICES_DIR=""
SERVICES_PIDS=()
PG_BIN=""

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

free_port() {
  "$PYTHON_BIN" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  return 1
}

as_service_user() {  # PostgreSQL and Elasticsearch refuse to run as root.
  local user=$1; shift
  if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

maven_classpath() {  # maven_classpath POM OUTPUT_FILE
  mvn -q -B -f "$1" dependency:build-classpath -Dmdep.outputFile="$2" >"$2.log" 2>&1 \
    || { cat "$2.log"; die "Maven could not resolve $1"; }
}

postgres_up() {
  if [ -n "${DATABASE_URL:-}" ]; then log "PostgreSQL: using DATABASE_URL from the environment"; return; fi
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL server binaries not found (apt-get install postgresql)"
  local port; port=$(free_port)
  local data="$SERVICES_DIR/postgres"
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown postgres "$data"
  as_service_user postgres "$PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 >"$SERVICES_DIR/postgres-initdb.log" 2>&1 \
    || { cat "$SERVICES_DIR/postgres-initdb.log"; die "initdb failed"; }
  # Durability is pointless for a throw-away test cluster and costs seconds.
  as_service_user postgres "$PG_BIN/pg_ctl" -D "$data" -w -t 60 -l "$data/server.log" \
    -o "-h 127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$data/server.log"; die "PostgreSQL did not start"; }
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/supermarket"
  "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE supermarket" postgres
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') started on 127.0.0.1:$port"
}

redis_up() {
  if [ -n "${REDIS_URL:-}" ]; then log "Redis: using REDIS_URL from the environment"; return; fi
  command -v redis-server >/dev/null || die "redis-server not found (apt-get install redis-server)"
  local port; port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --dir "$SERVICES_DIR" --pidfile "$SERVICES_DIR/redis.pid" --logfile "$SERVICES_DIR/redis.log"
  wait_for 30 Redis redis-cli -p "$port" ping || die "Redis did not start"
  SERVICES_PIDS+=("$(cat "$SERVICES_DIR/redis.pid")")
  export REDIS_URL="redis://127.0.0.1:$port/0"
  # Separate databases keep cache keys, queued tasks and results apart.
  export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:$port/1}"
  export CELERY_RESULT_BACKEND="${CELERY_RESULT_BACKEND:-redis://127.0.0.1:$port/2}"
  log "Redis $(redis-server --version | grep -o 'v=[0-9.]*' | cut -d= -f2) started on 127.0.0.1:$port"
}

elasticsearch_start() {
  if [ -n "${ELASTICSEARCH_URL:-}" ]; then log "Elasticsearch: using ELASTICSEARCH_URL from the environment"; return; fi
  local home="$SERVICES_DIR/elasticsearch"
  mkdir -p "$home/lib" "$home/classes"
  maven_classpath search/es/pom.xml "$SERVICES_DIR/es.classpath"
  tr ':' '\n' <"$SERVICES_DIR/es.classpath" | xargs -I{} cp {} "$home/lib/"
  javac -nowarn -cp "$home/lib/*" -d "$home/classes" search/es/src/org/elasticsearch/node/*.java
  if [ "$(id -u)" = 0 ]; then
    id supermarket >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin supermarket
    chown -R supermarket "$home"
  fi
  ES_PORT=$(free_port)
  local transport; transport=$(free_port)
  (cd "$home" && runuser_or_exec supermarket java -Xms512m -Xmx1g -XX:+UseSerialGC \
    -cp "classes:lib/*" org.elasticsearch.node.SupermarketNode "$home" "$ES_PORT" "$transport" \
    >"$home/node.log" 2>&1) &
  SERVICES_PIDS+=("$!")
  export ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"
  ES_STARTED=1
}

elasticsearch_wait() {
  [ -n "${ES_STARTED:-}" ] || return 0
  wait_for 180 Elasticsearch curl -sf "$ELASTICSEARCH_URL/_cluster/health?wait_for_status=yellow&timeout=1s" \
    || { tail -40 "$SERVICES_DIR/elasticsearch/node.log"; die "Elasticsearch did not start"; }
  local version
  version=$(curl -s "$ELASTICSEARCH_URL/_nodes/_local" | "$PYTHON_BIN" -c \
    'import json,sys; print(next(iter(json.load(sys.stdin)["nodes"].values()))["version"])')
  log "Elasticsearch $version started on $ELASTICSEARCH_URL (one node in a JVM, from Maven Central)"
}

s3_start() {
  if [ -n "${AWS_S3_ENDPOINT_URL:-}" ]; then log "S3: using AWS_S3_ENDPOINT_URL from the environment"; return; fi
  local home="$SERVICES_DIR/s3proxy"
  mkdir -p "$home/data"
  maven_classpath scripts/s3proxy/pom.xml "$SERVICES_DIR/s3proxy.classpath"
  S3_PORT=$(free_port)
  S3_KEY="test-$(date +%s)"
  S3_SECRET=$("$PYTHON_BIN" -c 'import secrets; print(secrets.token_urlsafe(24))')
  cat >"$home/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_KEY
s3proxy.credential=$S3_SECRET
s3proxy.cors-allow-origins=*
s3proxy.cors-allow-methods=GET HEAD
s3proxy.cors-allow-headers=Range
jclouds.provider=filesystem
jclouds.filesystem.basedir=$home/data
CONF
  (exec java -Xmx256m -XX:+UseSerialGC -cp "$(cat "$SERVICES_DIR/s3proxy.classpath")" \
    org.gaul.s3proxy.Main --properties "$home/s3proxy.conf" >"$home/server.log" 2>&1) &
  SERVICES_PIDS+=("$!")
  export AWS_S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
  export AWS_ACCESS_KEY_ID="$S3_KEY" AWS_SECRET_ACCESS_KEY="$S3_SECRET"
  export AWS_STORAGE_BUCKET_NAME="${AWS_STORAGE_BUCKET_NAME:-supermarket-test-$(date +%s)}"
  S3_STARTED=1
}

s3_wait() {
  [ -n "${S3_STARTED:-}" ] || return 0
  # An unsigned request must be refused: proof the server is up and enforces auth.
  wait_for 60 S3 bash -c "curl -s -o /dev/null -w '%{http_code}' $AWS_S3_ENDPOINT_URL/ | grep -q 403" \
    || { tail -40 "$SERVICES_DIR/s3proxy/server.log"; die "S3Proxy did not start"; }
  local version
  version=$(tr ':' '\n' <"$SERVICES_DIR/s3proxy.classpath" | grep -o 's3proxy-[0-9.]*[0-9]' | head -1)
  log "S3 server ($version, filesystem backend, auth on) started on $AWS_S3_ENDPOINT_URL, bucket $AWS_STORAGE_BUCKET_NAME"
}

runuser_or_exec() {
  local user=$1; shift
  if [ "$(id -u)" = 0 ]; then exec runuser -u "$user" -- "$@"; else exec "$@"; fi
}

services_up() {
  SERVICES_DIR=$(mktemp -d /tmp/supermarket-services.XXXXXX)
  chmod 755 "$SERVICES_DIR"
  export SERVICES_DIR
  # The JVMs start first and warm up while PostgreSQL and Redis come up.
  elasticsearch_start
  s3_start
  postgres_up
  redis_up
  export CELERY_BROKER_URL="${CELERY_BROKER_URL:-$REDIS_URL}"
  export CELERY_RESULT_BACKEND="${CELERY_RESULT_BACKEND:-$REDIS_URL}"
  export SEARCH_INDEX_PREFIX="${SEARCH_INDEX_PREFIX:-test-$(date +%s)}"
  elasticsearch_wait
  s3_wait
  log "ffmpeg: $(ffmpeg -version | head -1 | awk '{print $3}'), ffprobe: $(ffprobe -version | head -1 | awk '{print $3}')"
}

services_down() {
  log "Stopping the test services"
  if [ -n "$PG_BIN" ] && [ -d "$SERVICES_DIR/postgres" ]; then
    as_service_user postgres "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/postgres" -m immediate stop >/dev/null 2>&1 || true
  fi
  for pid in "${SERVICES_PIDS[@]}"; do
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${SERVICES_PIDS[@]}"; do
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    pkill -KILL -P "$pid" 2>/dev/null || true
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ -n "$SERVICES_DIR" ] && rm -rf "$SERVICES_DIR"
}
