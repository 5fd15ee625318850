#!/bin/sh
# Runs a command with a throwaway PostgreSQL cluster (Debian's pg_virtualenv): the
# cluster listens on a local port, PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE are set
# for the command, and everything is removed afterwards.
set -eu
exec pg_virtualenv -o "max_connections=200" -o "fsync=off" "$@"
