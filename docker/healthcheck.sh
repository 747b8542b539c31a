#!/usr/bin/env bash
# Docker HEALTHCHECK of the panel: liveness on the management port, with bash alone (the JRE image
# has neither curl nor wget). Exit 0 when the panel answers {"status":"UP"}.
set -euo pipefail
port="${MANAGEMENT_SERVER_PORT:-8091}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /actuator/health/liveness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
grep -q '"status":"UP"' <&3
