#!/usr/bin/env bash
# Creates the two SubTrack databases on SQL Server, re-runnably, and nothing else:
#   Raw_Subscription_Data_DB and Processed_Subscription_Data_DB, collation Latin1_General_100_CS_AS_SC_UTF8.
# The tables and views are not created here: each stage applies its own database's schema when it
# starts (consumer-raw and the transformer the raw one, consumer-processed the processed one), so a
# database this script created, or any empty database, is all a stage needs.
#
# The collation is case-sensitive and accent-sensitive, as PostgreSQL compares text: under SQL
# Server's default (SQL_Latin1_General_CP1_CI_AS) 'USR001' and 'usr001' would be one key and
# CHECK ([currency] IN ('EUR')) would accept 'eur'. See docs/sql-server.md, "Collation".
# An existing database with another collation is an error: changing it would not change the
# columns already created in it.
#
# Usage (in the mssql-init service of docker-compose.yml):  init-db.sh [DATABASE...]
#   DATABASE...  other names to create the same way instead of the two (the container tests' own databases)
# Environment: MSSQL_HOST (default mssql), MSSQL_SA_PASSWORD
# Without a server:  init-db.sh --print-sql [DATABASE...]   prints the T-SQL it would run (used by ComposeFileTest).
set -euo pipefail

COLLATION=Latin1_General_100_CS_AS_SC_UTF8
PRINT_ONLY=false
if [ "${1:-}" = "--print-sql" ]; then PRINT_ONLY=true; shift; fi
DATABASES=(Raw_Subscription_Data_DB Processed_Subscription_Data_DB)
if [ $# -gt 0 ]; then DATABASES=("$@"); fi
for db in "${DATABASES[@]}"; do
  if ! [[ "$db" =~ ^[A-Za-z][A-Za-z0-9_]{0,99}$ ]]; then echo "init-db: not a database name: $db" >&2; exit 2; fi
done

# The T-SQL that creates one database if absent and fails if it exists with another collation.
create_database_sql() {
  local db=$1
  cat <<SQL
IF DB_ID(N'$db') IS NULL
    CREATE DATABASE [$db] COLLATE $COLLATION;
ELSE IF CAST(DATABASEPROPERTYEX(N'$db', 'Collation') AS NVARCHAR(128)) <> N'$COLLATION'
BEGIN
    ;THROW 50001, N'init-db: $db exists with another collation than $COLLATION (docs/sql-server.md, "Collation")', 1;
END
GO
SQL
}

if $PRINT_ONLY; then
  for db in "${DATABASES[@]}"; do create_database_sql "$db"; done
  exit 0
fi

: "${MSSQL_SA_PASSWORD:?MSSQL_SA_PASSWORD is not set}"
# sqlcmd reads the password from SQLCMDPASSWORD, so it never appears in the process list.
export SQLCMDPASSWORD="$MSSQL_SA_PASSWORD"
HOST=${MSSQL_HOST:-mssql}

# -C trust the server's self-signed certificate, -b exit non-zero on the first error.
run_sqlcmd() {
  /opt/mssql-tools18/bin/sqlcmd -S "$HOST" -U sa -C -b "$@"
}

deadline=$((SECONDS + 60))
until run_sqlcmd -d master -Q "SELECT 1" -o /dev/null; do
  if [ "$SECONDS" -ge "$deadline" ]; then echo "init-db: SQL Server at $HOST did not answer within 60 s" >&2; exit 1; fi
  sleep 2
done

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for db in "${DATABASES[@]}"; do
  create_database_sql "$db" > "$tmp"
  run_sqlcmd -d master -i "$tmp"
  echo "init-db: $db ($COLLATION)"
done
echo "init-db: ${DATABASES[*]} are ready; each stage creates its tables when it starts"
