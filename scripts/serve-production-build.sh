#!/usr/bin/env bash
# Runs the portal's production build the way the container does (packages/backend/Dockerfile):
# the backend bundle unpacked and started with `node packages/backend`, serving the built app.
# Dependencies resolve from the repository's node_modules, so no production install is needed.
# Usage: scripts/serve-production-build.sh --config app-config.yaml [--config ...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bundle="$root/packages/backend/dist/bundle.tar.gz"
[ -f "$bundle" ] || { echo "no production build: run ./portal yarn build:backend first" >&2; exit 1; }
out="$root/.data/production-build"
rm -rf "$out" && mkdir -p "$out"
tar -xzf "$bundle" -C "$out"
cd "$root"
exec node "$out/packages/backend" "$@"
