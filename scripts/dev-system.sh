#!/usr/bin/env bash
# Runs the embedded default: dev-broker plus the five workers, each with its SQLite file under .data/.
#   dev-system.sh run    in the foreground, logs prefixed by worker name; Ctrl-C stops everything cleanly
#   dev-system.sh start  detached; returns once every worker answers /readyz (logs in .data/logs/)
#   dev-system.sh stop   stops what `start` started
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=.data
BIN=${ROSTER_BIN:-.build/debug}
PROFILE=$DATA/dev.env
WORKERS=(ingest:8081 identity-resolver:8082 segmenter:8083 social-sync:8084 exporter:8085)
PIDS=$DATA/pids

ensure_token() {
    if [[ ! -f $DATA/tokens ]]; then
        mkdir -p "$DATA"
        token="dev-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
        printf '# TOKEN TENANT ROLE\n%s dev admin\n' "$token" > "$DATA/tokens"
    fi
    TOKEN=$(awk '!/^#/ && $3 == "admin" { print $1; exit }' "$DATA/tokens")
}

# start_process NAME MODE COMMAND...: in `run` mode logs go to the terminal prefixed with the name.
start_process() {
    local name=$1 mode=$2
    shift 2
    if [[ $mode == run ]]; then
        "$@" > >(sed -u "s/^/[$name] /") 2>&1 &
    else
        mkdir -p "$DATA/logs"
        nohup "$@" >"$DATA/logs/$name.log" 2>&1 &
    fi
    echo "$! $name" >>"$PIDS"
}

wait_for_bootstrap() {
    for _ in $(seq 1 100); do
        grep -q '^ROSTER_BOOTSTRAP=' "$PROFILE" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "dev-broker did not write its address to $PROFILE" >&2
    return 1
}

wait_until_ready() {
    local deadline=$((SECONDS + 60))
    for entry in "${WORKERS[@]}"; do
        local name=${entry%%:*} port=${entry##*:}
        until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
            if ((SECONDS > deadline)); then
                echo "$name did not answer /readyz within 60 s" >&2
                return 1
            fi
            sleep 0.5
        done
    done
}

write_profile() {
    cat >>"$PROFILE" <<PROFILE
ROSTER_TOPIC_PREFIX=
ROSTER_TENANT=dev
ROSTER_TOKEN=$TOKEN
ROSTER_INGEST_URL=http://127.0.0.1:8081
ROSTER_IDENTITY_URL=http://127.0.0.1:8082
ROSTER_SEGMENTER_URL=http://127.0.0.1:8083
ROSTER_SOCIAL_URL=http://127.0.0.1:8084
ROSTER_EXPORTER_URL=http://127.0.0.1:8085
PROFILE
}

stop_all() {
    [[ -f $PIDS ]] || return 0
    # Workers first (they finish and commit their batch), the broker last.
    tac "$PIDS" | while read -r pid name; do
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    rm -f "$PIDS"
}

launch() {
    local mode=$1
    if [[ -f $PIDS ]]; then stop_all; fi
    mkdir -p "$DATA"
    ensure_token
    rm -f "$PROFILE"
    start_process dev-broker "$mode" "$BIN/dev-broker" serve --profile "$PROFILE"
    wait_for_bootstrap
    write_profile
    # The embedded broker keeps its log in memory: a restarted broker is a new cluster, which the workers accept.
    for entry in "${WORKERS[@]}"; do
        local name=${entry%%:*} port=${entry##*:}
        ROSTER_DATA_DIR=$DATA ROSTER_TOKENS_FILE=$DATA/tokens ROSTER_ACCEPT_NEW_CLUSTER=yes \
            start_process "$name" "$mode" env $(grep '^ROSTER_BOOTSTRAP=' "$PROFILE") \
            "$BIN/$name" --http-port "$port"
    done
    wait_until_ready
    ROSTER_DATA_DIR=$DATA "$BIN/roster" events publish scripts/sample-contacts.jsonl --json >/dev/null
    cat <<BANNER
Roster is up (embedded broker at $(grep '^ROSTER_BOOTSTRAP=' "$PROFILE" | cut -d= -f2)).
  ingest             http://127.0.0.1:8081
  identity-resolver  http://127.0.0.1:8082
  segmenter          http://127.0.0.1:8083
  social-sync        http://127.0.0.1:8084
  exporter           http://127.0.0.1:8085
  token              $TOKEN   (tenant dev, admin)
  profile            $PROFILE (the roster CLI reads it: $BIN/roster status)
Sample contacts loaded from scripts/sample-contacts.jsonl.
BANNER
}

case ${1:-} in
run)
    trap 'echo "stopping..."; stop_all; exit 0' INT TERM
    launch run
    echo "Ctrl-C stops everything."
    wait
    ;;
start)
    launch start
    ;;
stop)
    stop_all
    echo "stopped"
    ;;
*)
    echo "usage: $0 run|start|stop" >&2
    exit 2
    ;;
esac
