#!/usr/bin/env bash
# Builds the HHmL images from the repository root:
#   cpu   hhml:cpu-latest   Node 20 slim, js kernels, tfjs wasm/cpu, pdflatex
#   cuda  hhml:cuda-latest  CUDA 11.8 + cuDNN 8, tfjs-node-gpu
#   dev   hhml:dev-latest   development tools and the test suite's programs
#   all   the three
# HHML_UID (default 1000) is the uid of the images' user, which must be able to
# write the bind-mounted data/ folder: HHML_UID=$(id -u) docker/scripts/build.sh all
# Guide: docs/deployment/docker.md.
set -euo pipefail

usage() {
  echo "usage: $(basename "$0") cpu|cuda|dev|all" >&2
  exit 2
}

[[ $# -eq 1 ]] || usage
case "$1" in
  cpu | cuda | dev) flavours=("$1") ;;
  all) flavours=(cpu cuda dev) ;;
  *) usage ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
uid="${HHML_UID:-1000}"
[[ "$uid" =~ ^[1-9][0-9]*$ ]] || {
  echo "$(basename "$0"): HHML_UID must be a positive integer (not root), got \"$uid\"" >&2
  exit 2
}

for flavour in "${flavours[@]}"; do
  echo "Building hhml:${flavour}-latest from docker/Dockerfile.${flavour}"
  docker build \
    --file "$root/docker/Dockerfile.${flavour}" \
    --tag "hhml:${flavour}-latest" \
    --build-arg "HHML_UID=${uid}" \
    "$root"
done
