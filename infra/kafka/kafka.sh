#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft: one process is broker and controller) for the distributed profile and the
# integration tests. The jars come from Maven Central through pom.xml beside this file; no Kafka download.
#
#   infra/kafka/kafka.sh start        idempotent; prints KAFKA_BROKERS=host:port once the broker serves metadata
#   infra/kafka/kafka.sh wait         waits (90 s) for an already started broker
#   infra/kafka/kafka.sh status       exit 0 when running, 3 when not
#   infra/kafka/kafka.sh stop [--wipe]  SIGTERM, SIGKILL after 20 s; --wipe also deletes the topic data
#
# Environment: KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (19093), VIGIE_STATE_DIR (<repo>/.vigie),
# KAFKA_START_TIMEOUT (90 seconds), KAFKA_HEAP_OPTS (-Xms256m -Xmx512m), KAFKA_LIB_DIR (<state>/infra/kafka/lib: a
# second broker reuses the first one's jars, no second Maven copy).
# TLS listener (issue 9), beside PLAINTEXT, when KAFKA_SSL_PORT, KAFKA_SSL_CERT and KAFKA_SSL_KEY (PEM paths: the
# certificate chain and its unencrypted private key) are all set: SSL://127.0.0.1:$KAFKA_SSL_PORT, TLS 1.2 minimum, and
# `start` also prints KAFKA_SSL_BROKERS=host:port. KAFKA_SSL_CA (a PEM bundle) makes the listener require a client
# certificate signed by that CA (mutual TLS). The broker's own traffic stays on PLAINTEXT (loopback only).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../lib/server.sh
source "$SCRIPT_DIR/../lib/server.sh"
STATE_DIR="$STATE_ROOT/infra/kafka"
LIB_DIR="${KAFKA_LIB_DIR:-$STATE_DIR/lib}"
DATA_DIR="$STATE_DIR/data"
LOG_DIR="$STATE_DIR/logs"
PID_FILE="$STATE_DIR/kafka.pid"
OUT_FILE="$LOG_DIR/kafka.out"
PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
HOST=127.0.0.1
TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
SSL_PORT="${KAFKA_SSL_PORT:-}"
SSL_CERT="${KAFKA_SSL_CERT:-}"
SSL_KEY="${KAFKA_SSL_KEY:-}"
SSL_CA="${KAFKA_SSL_CA:-}"
# The broker as infra/lib/server.sh runs it.
SERVER_PORTS=("$PORT:KAFKA_PORT" "$CONTROLLER_PORT:KAFKA_CONTROLLER_PORT")
[[ -z "$SSL_PORT" ]] || SERVER_PORTS+=("$SSL_PORT:KAFKA_SSL_PORT")
SERVER_LOGS=("$OUT_FILE" "$LOG_DIR/server.log")
SERVER_GRACE=20
SERVER_WIPE="$DATA_DIR"
SERVER_COMMANDS=("wait=server_wait")

log() { echo "[kafka] $*" >&2; }

# kafka.Kafka: the main class, so a recycled pid running some other program is not taken for the broker.
running_pid() { pid_running_as "$PID_FILE" kafka.Kafka; }

# Sends a Metadata v4 request (all topics) over the wire and checks the reply names at least one broker: the
# broker only enables its client listener once it has caught up with the metadata log and is unfenced, so a
# well-formed answer means producers and consumers can start. Pure bash, so no JVM start per probe.
metadata_ok() {
  local reply
  tcp_open "$HOST" "$PORT" || return 1
  # shellcheck disable=SC2016 # the inner bash expands $0 and $1, its arguments
  reply="$(timeout 5 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    # size=20 | api_key=3 (Metadata) | version=4 | correlation=42 | client_id="vigie" | topics=null | no auto-create
    printf "\x00\x00\x00\x14\x00\x03\x00\x04\x00\x00\x00\x2a\x00\x05vigie\xff\xff\xff\xff\x00" >&3
    head -c 16 <&3 | od -An -tx1' "$HOST" "$PORT" 2>/dev/null | tr -d ' \n')" || return 1
  # bytes 4-7: correlation id 42; bytes 12-15: broker array length (≥ 1)
  [[ "${reply:8:8}" == "0000002a" && ${#reply} -eq 32 && "${reply:24:8}" != "00000000" ]]
}

# Half an SSL configuration, or a file that cannot be read, stops the start: never a broker without the listener asked for.
check_ssl() {
  [[ -n "$SSL_PORT$SSL_CERT$SSL_KEY$SSL_CA" ]] || return 0
  if [[ -z "$SSL_PORT" || -z "$SSL_CERT" || -z "$SSL_KEY" ]]; then
    log "TLS_CONFIG_INVALID: KAFKA_SSL_PORT, KAFKA_SSL_CERT and KAFKA_SSL_KEY go together (KAFKA_SSL_CA needs all three)"
    exit 1
  fi
  [[ "$SSL_PORT" =~ ^[0-9]+$ ]] || { log "TLS_CONFIG_INVALID: KAFKA_SSL_PORT=$SSL_PORT is not a port number"; exit 1; }
  local name
  for name in KAFKA_SSL_CERT KAFKA_SSL_KEY ${SSL_CA:+KAFKA_SSL_CA}; do
    [[ -r "${!name}" ]] || { log "TLS_CONFIG_INVALID: $name=${!name} cannot be read"; exit 1; }
  done
  for name in KAFKA_SSL_CERT ${SSL_CA:+KAFKA_SSL_CA}; do
    grep -q -- '-----BEGIN CERTIFICATE-----' "${!name}" || { log "TLS_CONFIG_INVALID: $name=${!name} holds no PEM certificate"; exit 1; }
  done
  # The broker reads the trust store itself, from its own working directory.
  [[ -z "$SSL_CA" ]] || SSL_CA="$(readlink -f "$SSL_CA")"
}

# The broker's PEM key store, one file: the private key as PKCS#8 (what Kafka reads; `openssl pkey` converts SEC1
# "EC PRIVATE KEY" and PKCS#1 "RSA PRIVATE KEY" files) followed by the certificate chain. Private to the broker's user
# (umask 077), rewritten at each start.
KEYSTORE="$STATE_DIR/ssl/keystore.pem"
write_keystore() {
  (
    umask 077
    mkdir -p "$STATE_DIR/ssl"
    if command -v openssl >/dev/null; then
      openssl pkey -in "$SSL_KEY" -out "$KEYSTORE" 2>/dev/null ||
        { log "TLS_CONFIG_INVALID: KAFKA_SSL_KEY=$SSL_KEY is not an unencrypted PEM private key"; exit 1; }
    elif grep -q -- '-----BEGIN PRIVATE KEY-----' "$SSL_KEY"; then
      cat "$SSL_KEY" >"$KEYSTORE"
    else
      log "TLS_CONFIG_INVALID: KAFKA_SSL_KEY=$SSL_KEY is not PKCS#8 (-----BEGIN PRIVATE KEY-----) and openssl is missing to convert it"
      exit 1
    fi
    cat "$SSL_CERT" >>"$KEYSTORE"
  )
}

# The SSL listener's lines of server.properties (after write_keystore).
ssl_config() {
  cat <<EOF
ssl.keystore.type=PEM
ssl.keystore.location=$KEYSTORE
ssl.enabled.protocols=TLSv1.3,TLSv1.2
ssl.protocol=TLSv1.3
EOF
  [[ -n "$SSL_CA" ]] || return 0
  cat <<EOF
ssl.truststore.type=PEM
ssl.truststore.location=$SSL_CA
ssl.client.auth=required
EOF
}

ensure_jars() {
  if compgen -G "$LIB_DIR/kafka_2.13-*.jar" >/dev/null; then return 0; fi
  command -v mvn >/dev/null || { log "mvn not found: install Maven (Debian: apt-get install maven)"; exit 1; }
  log "copying the Kafka jars from Maven Central into $LIB_DIR (first run only)"
  mkdir -p "$LIB_DIR"
  (cd "$SCRIPT_DIR" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIB_DIR") >&2
}

write_config() {
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  local listeners="PLAINTEXT://$HOST:$PORT" ssl=""
  if [[ -n "$SSL_PORT" ]]; then
    listeners+=",SSL://$HOST:$SSL_PORT"
    write_keystore
    ssl="$(ssl_config)"
  fi
  cat >"$STATE_DIR/server.properties" <<EOF
# Written by infra/kafka/kafka.sh at each start; edit the script, not this file.
process.roles=broker,controller
node.id=1
# Static voters (not a dynamic quorum) so the ports can change between starts without reformatting.
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=$listeners,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=$listeners
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL
$ssl
log.dirs=$DATA_DIR
# Topics are created by the services (EventBus.ensureTopics), never by a typo in a topic name.
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# One node: no reason to wait for more members before the first rebalance; tests may use short sessions.
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
log.retention.hours=168
EOF
  cat >"$STATE_DIR/log4j2.properties" <<EOF
status = warn
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = $LOG_DIR/server.log
appender.file.filePattern = $LOG_DIR/server.log.%i
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 50MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 3
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = info
logger.apache.name = org.apache.kafka
logger.apache.level = info
EOF
}

# The JVM command line as an array, so the classpath wildcard reaches java unexpanded.
java_cmd() {
  local heap
  read -r -a heap <<<"$HEAP_OPTS"
  JAVA_CMD=(java "${heap[@]}" -XX:+UseG1GC -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$STATE_DIR/log4j2.properties" -cp "$LIB_DIR/*")
}

format_storage() {
  [[ -f "$DATA_DIR/meta.properties" ]] && return 0
  local cluster_id
  java_cmd
  cluster_id="$("${JAVA_CMD[@]}" kafka.tools.StorageTool random-uuid)"
  log "formatting $DATA_DIR (cluster id $cluster_id)"
  "${JAVA_CMD[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$STATE_DIR/server.properties" >>"$OUT_FILE" 2>&1 ||
    fail_with_logs "formatting $DATA_DIR failed"
}

wait_ready() { await_ready "$TIMEOUT" 0.5 "the broker" "metadata answer on $HOST:$PORT" metadata_ok; }

endpoint() {
  echo "KAFKA_BROKERS=$HOST:$PORT"
  [[ -z "$SSL_PORT" ]] || echo "KAFKA_SSL_BROKERS=$HOST:$SSL_PORT"
}

launch() {
  command -v java >/dev/null || { log "java not found: Kafka 4 needs Java 17+ (apt-get install openjdk-17-jre-headless)"; exit 1; }
  check_ssl
  ensure_jars
  write_config
  format_storage
  log "starting on $HOST:$PORT (logs: $LOG_DIR)"
  java_cmd
  launch_detached "$OUT_FILE" "${JAVA_CMD[@]}" kafka.Kafka "$STATE_DIR/server.properties"
}

server_main "$@"
