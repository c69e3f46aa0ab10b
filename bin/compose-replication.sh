#!/bin/bash
# First start of compose.yaml's primary: let the replica connect for replication (password checked).
set -euo pipefail
echo "host replication ${POSTGRES_USER} all scram-sha-256" >>"$PGDATA/pg_hba.conf"
