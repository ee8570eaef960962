#!/usr/bin/env bash
# Creates the two SubTrack databases on SQL Server and applies sql/sqlserver/ (mounted as SUBTRACK_SQL_DIR) to them, re-runnably:
#   raw       -> Raw_Subscription_Data_DB        (sql/shared/*.sql, then sql/raw/*.sql)
#   processed -> Processed_Subscription_Data_DB  (sql/shared/*.sql, then sql/processed/*.sql)
# The scripts hold plain CREATE statements between GO lines (so H2 can syntax-check them in tests, and
# the stages apply the same files through SchemaApplier). Here each CREATE TABLE and CREATE INDEX
# is guarded by an existence test and each CREATE VIEW is preceded by DROP VIEW IF EXISTS, which
# is what SchemaApplier does in Java: the first run creates everything, a later run adds what is
# missing and refreshes the views, and no run touches data.
#
# Usage (in the mssql-init service of docker-compose.yml):  init-db.sh
# Environment: MSSQL_HOST (default mssql), MSSQL_SA_PASSWORD, SUBTRACK_SQL_DIR (default /subtrack/sql)
# Without a server:  init-db.sh --print-sql   prints the SQL it would run (used by ComposeFileTest).
set -euo pipefail

SQL_DIR=${SUBTRACK_SQL_DIR:-/subtrack/sql}
RAW_DB=Raw_Subscription_Data_DB
PROCESSED_DB=Processed_Subscription_Data_DB

# The idempotent form of one sql/ script, on stdout.
idempotent() {
  sed -E \
    -e "s/^CREATE TABLE \[([^]]+)\]/IF OBJECT_ID(N'dbo.\1', N'U') IS NULL\nCREATE TABLE [\1]/I" \
    -e "s/^CREATE (UNIQUE )?INDEX \[([^]]+)\] ON \[([^]]+)\]/IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'\2' AND object_id = OBJECT_ID(N'dbo.\3'))\nCREATE \1INDEX [\2] ON [\3]/I" \
    -e "s/^CREATE VIEW \[([^]]+)\]/DROP VIEW IF EXISTS [\1];\nGO\nCREATE VIEW [\1]/I" \
    "$1"
}

# Sets SCRIPTS to sql/shared's scripts then the layer's, in name order, as SchemaApplier lists them.
shopt -s nullglob
scripts() {
  SCRIPTS=("$SQL_DIR/shared"/*.sql "$SQL_DIR/$1"/*.sql)
  if [ ${#SCRIPTS[@]} -eq 0 ]; then
    echo "init-db: no scripts in $SQL_DIR/$1" >&2
    exit 1
  fi
}

if [ "${1:-}" = "--print-sql" ]; then
  for layer in raw processed; do
    scripts "$layer"
    for f in "${SCRIPTS[@]}"; do
      echo "-- ==== $layer: $(basename "$f")"
      idempotent "$f"
    done
  done
  exit 0
fi

: "${MSSQL_SA_PASSWORD:?MSSQL_SA_PASSWORD is not set}"
# sqlcmd reads the password from SQLCMDPASSWORD, so it never appears in the process list.
export SQLCMDPASSWORD="$MSSQL_SA_PASSWORD"
HOST=${MSSQL_HOST:-mssql}

# -C trust the server's self-signed certificate, -b exit non-zero on the first error,
# -I QUOTED_IDENTIFIER ON like the JDBC stages, -f 65001 read the scripts as UTF-8 (valeurPrécedente).
run_sqlcmd() {
  /opt/mssql-tools18/bin/sqlcmd -S "$HOST" -U sa -C -b -I -f 65001 "$@"
}

for attempt in $(seq 1 30); do
  if run_sqlcmd -d master -Q "SELECT 1" -o /dev/null; then break; fi
  if [ "$attempt" -eq 30 ]; then echo "init-db: SQL Server at $HOST did not answer" >&2; exit 1; fi
  sleep 2
done

apply() {
  local db=$1 layer=$2 f tmp
  run_sqlcmd -d master -Q "IF DB_ID(N'$db') IS NULL CREATE DATABASE [$db];"
  tmp=$(mktemp)
  scripts "$layer"
  for f in "${SCRIPTS[@]}"; do
    idempotent "$f" > "$tmp"
    echo "init-db: $db <- $layer/$(basename "$f")"
    run_sqlcmd -d "$db" -i "$tmp"
  done
  rm -f "$tmp"
}

apply "$RAW_DB" raw
apply "$PROCESSED_DB" processed
echo "init-db: $RAW_DB and $PROCESSED_DB are ready"
