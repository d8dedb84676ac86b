#!/usr/bin/env bash
# The live-session benchmarks of docs/benchmarks.md, in one run on this machine: pgbench's single-row
# insert (the ceiling), then the load generator's modes against Release SessionServer nodes on loopback.
# Usage: tests/LoadGenerator/bench.sh [steady|idle|join-storm|monitor|admin|audio|all]   (after ./platform infra)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
# shellcheck disable=SC1091
. .platform/env
DB=interview_bench
export SECRET_KEY REDIS_URL=redis://127.0.0.1:6379
export DATABASE_URL="postgresql://interview:$DB_PASSWORD@127.0.0.1:5432/$DB"
export PGPASSWORD=$DB_PASSWORD LOG_LEVEL=WARNING
# Uploads and the speech cache of the benchmark hosts: a fresh folder, not the repository.
export UPLOAD_DIR=$(mktemp -d /tmp/bench-uploads.XXXXXX)
ulimit -n 20000
what=${1:-all}
LG="dotnet tests/LoadGenerator/bin/Release/net10.0/LoadGenerator.dll"
A=http://127.0.0.1:8102 B=http://127.0.0.1:8103
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

dotnet build -c Release InterviewPlatform.sln -v quiet -nologo | grep -E " error |rror\(s\)" || true
psql -h 127.0.0.1 -U interview -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
dotnet src/Admin.Api/bin/Release/net10.0/Admin.Api.dll migrate >/dev/null

echo "== pgbench: single-row insert with two unique indexes, 32 clients, 15 s"
psql -h 127.0.0.1 -U interview -d $DB -qc "CREATE TABLE bench_answers (id bigserial PRIMARY KEY, interview_id uuid NOT NULL,
  ordinal int NOT NULL, answer_id uuid NOT NULL UNIQUE, text text, unanswered boolean NOT NULL, submitted_at timestamptz NOT NULL,
  UNIQUE (interview_id, ordinal))"
pgbench -h 127.0.0.1 -U interview -n -c 32 -j 2 -T 15 -f tests/LoadGenerator/pgbench-insert.sql $DB 2>&1 | grep -E "^(tps|latency average|number of failed)"

if [[ $what == admin ]]; then
  # The admin API alone: one Release node with Redis (the login throttle's store), no API rate limit.
  ASPNETCORE_URLS=http://127.0.0.1:8101 RATE_LIMIT_PER_MINUTE=0 dotnet src/Admin.Api/bin/Release/net10.0/Admin.Api.dll >>/tmp/bench-admin.log 2>&1 & pids+=($!)
  for _ in $(seq 1 60); do curl -fs http://127.0.0.1:8101/health/live >/dev/null && break; sleep 0.5; done
  echo "== admin: reads, bcrypt alone, logins, reads during logins (32 connections, 15 s each)"
  $LG admin http://127.0.0.1:8101 ${ADMIN_ARGS:-}
  read -r id company < <(psql -h 127.0.0.1 -U interview -d $DB -Atc "SELECT id, company_id FROM interviews WHERE status = 'evaluated' ORDER BY created_at DESC LIMIT 1" | tr '|' ' ')
  echo "== pgbench: the interview read's four statements as one pipelined round trip, 32 clients, 15 s"
  pgbench -h 127.0.0.1 -U interview -n -M prepared -c 32 -j 2 -T 15 -D id="$id" -D company="$company" -f tests/LoadGenerator/pgbench-read.sql $DB 2>&1 |
    grep -E "^(tps|latency average|number of failed)"
  exit
fi

if [[ $what == audio ]]; then
  # Question audio (issue 10): one node whose text to speech is a fake Deepgram on loopback with a set latency.
  latency=${AUDIO_LATENCY_MS:-200}
  $LG fake-speak 8104 --latency-ms "$latency" >>/tmp/bench-speak.log 2>&1 & pids+=($!)
  DEEPGRAM_API_KEY=bench DEEPGRAM_BASE_URL=http://127.0.0.1:8104 TTS_PROVIDER=deepgram TTS_RETRIES=0 \
    ASPNETCORE_URLS=http://127.0.0.1:8105 dotnet src/SessionServer/bin/Release/net10.0/SessionServer.dll >>/tmp/bench-audio.log 2>&1 & pids+=($!)
  for _ in $(seq 1 60); do curl -fs http://127.0.0.1:8105/health/live >/dev/null && break; sleep 0.5; done
  echo "== audio: 50 candidates, time to the first chunk, provider latency $latency ms"
  $LG audio http://127.0.0.1:8105 "${AUDIO_CANDIDATES:-50}"
  exit
fi

start_node() { ASPNETCORE_URLS=$1 dotnet src/SessionServer/bin/Release/net10.0/SessionServer.dll >>"/tmp/bench-$2.log" 2>&1 & pids+=($!); }
start_node $A a
start_node $B b
for url in $A $B; do for _ in $(seq 1 60); do curl -fs $url/health/live >/dev/null && break; sleep 0.5; done; done

echo "== warm-up: steady 100 x 5"
$LG steady $A 100 5 | tail -1
if [[ $what == all || $what == steady ]]; then echo "== steady 1000 x 10"; $LG steady $A 1000 10; fi
if [[ $what == all || $what == join-storm ]]; then echo "== join-storm 5000 in 10 s"; $LG join-storm $A 5000 10 --sources 8; fi
if [[ $what == all || $what == monitor ]]; then echo "== monitor: 200 candidates on A x 10, watchers on B"; $LG monitor $A $B 200 10; fi
if [[ $what == all || $what == idle ]]; then echo "== idle 19000 joined, 30 s"; $LG idle $B 19000 --sources 16 --hold-seconds 30; fi
