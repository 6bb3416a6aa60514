#!/usr/bin/env bash
# Runs the HHmL services of docker/docker-compose.yml:
#   production            training on the GPU, and the monitor serving its live dashboard
#   development           a shell in the development container, the repository at /app
#   whitepaper <run-id>   the report of one run, in data/outputs/whitepapers/<run-id>/
#   sweep [workers]       the job queue (Redis, with a password) and sweep workers (default 2)
#   stop                  stop and remove every service
#   logs [service]        follow the services' logs
# Guide: docs/deployment/docker.md.
set -euo pipefail

usage() {
  echo "usage: $(basename "$0") production | development | whitepaper <run-id> | sweep [workers] | stop | logs [service]" >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
docker_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
compose_file="$docker_dir/docker-compose.yml"
# Docker Compose v2 (the docker compose plugin), else v1 (docker-compose, 1.28 or newer for profiles).
compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose --file "$compose_file" "$@"
  elif command -v docker-compose >/dev/null 2>&1; then
    docker-compose --file "$compose_file" "$@"
  else
    echo "$(basename "$0"): needs Docker Compose: the docker compose plugin (docker-compose-plugin) or docker-compose" >&2
    exit 1
  fi
}

command="$1"
shift
case "$command" in
  production)
    [[ $# -eq 0 ]] || usage
    if [[ -z "${HHML_MONITOR_TOKEN:-}" ]]; then
      HHML_MONITOR_TOKEN="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
      export HHML_MONITOR_TOKEN
    fi
    compose up --detach hhml-training hhml-monitor
    echo "Dashboard: http://127.0.0.1:${HHML_MONITOR_PORT:-8080}/?token=${HHML_MONITOR_TOKEN}"
    echo "Follow the run: $0 logs hhml-monitor"
    ;;
  development)
    [[ $# -eq 0 ]] || usage
    compose --profile dev run --rm hhml-dev
    ;;
  whitepaper)
    [[ $# -eq 1 && -n "$1" ]] || usage
    compose --profile tools run --rm hhml-whitepaper "$1"
    ;;
  sweep)
    [[ $# -le 1 ]] || usage
    workers="${1:-2}"
    [[ "$workers" =~ ^[1-9][0-9]*$ ]] || usage
    password_file="$docker_dir/secrets/queue-password"
    if [[ ! -s "$password_file" ]]; then
      mkdir -p "$docker_dir/secrets"
      (umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > "$password_file")
      echo "Queue password: $password_file"
    fi
    compose --profile sweep up --detach --scale "hhml-worker=$workers" hhml-redis hhml-worker
    echo "Queue a sweep: docker compose --file $compose_file --profile sweep run --rm hhml-worker sweep <pipeline> --seeds 4 ..."
    ;;
  stop)
    [[ $# -eq 0 ]] || usage
    compose --profile tools --profile dev --profile sweep down
    ;;
  logs)
    [[ $# -le 1 ]] || usage
    compose logs --follow "$@"
    ;;
  *)
    usage
    ;;
esac
