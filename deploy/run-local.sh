#!/usr/bin/env bash
# Runs Switchboard in Quarkus dev mode on http://localhost:8080.
# With a working Docker engine, Quarkus Dev Services start PostgreSQL for you. Without one, the `local`
# profile uses PostgreSQL at 127.0.0.1:5432 (database `test`, user `postgres`); override with
# SWITCHBOARD_DB_HOST, SWITCHBOARD_DB_PORT, SWITCHBOARD_DB_NAME, SWITCHBOARD_DB_USER, SWITCHBOARD_DB_PASSWORD.
# Extra arguments go to Maven, e.g. deploy/run-local.sh -Dquarkus.http.port=9090
set -euo pipefail
cd "$(dirname "$0")/.."
if docker info >/dev/null 2>&1; then
  exec ./mvnw quarkus:dev "$@"
fi
echo "No Docker engine: using PostgreSQL at ${SWITCHBOARD_DB_HOST:-127.0.0.1}:${SWITCHBOARD_DB_PORT:-5432} (profile dev,local)" >&2
exec ./mvnw quarkus:dev -Dquarkus.profile=dev,local "$@"
