#!/bin/sh
# Runs a command with a throwaway PostgreSQL cluster (Debian's pg_virtualenv): the
# cluster listens on a local port, PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE are set
# for the command, and everything is removed afterwards.
#
# -t keeps the cluster's configuration in a temporary directory even as root, and the
# port is chosen here among free ones (pg_virtualenv would take 5432 or the first
# free port it sees), so several runs on one machine — parallel suites, another
# checkout's tests — never meet on one cluster.
set -eu
in_use() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q . ; }
tries=0
while :; do
	port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000 ))
	in_use "$port" || break
	tries=$((tries + 1))
	[ "$tries" -lt 50 ] || { echo "with-postgres: no free port" >&2; exit 1; }
done
PGPORT=$port exec pg_virtualenv -t -o "max_connections=200" -o "fsync=off" "$@"
