#!/usr/bin/env bash
# Starts silo N (default: the next number after the highest known), on ports 11110+N and 30000+N, and waits until it
# has joined: also how a killed or drained silo comes back (tools/cluster/add-silo.sh 2).
source "$(dirname "$0")/lib.sh"
last=$(known_silos | tail -n 1)
n=${1:-$(( ${last:-0} + 1 ))}
start_silo "$n"
wait_active_silos 1 "$(running_silo_count)"
echo "Api node 1 sees $(active_silos 1) active silos"
