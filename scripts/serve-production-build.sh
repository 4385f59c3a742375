#!/usr/bin/env bash
# Runs the portal's production build the way the container does (packages/backend/Dockerfile):
# the backend bundle unpacked and started with `node packages/backend`, serving the built app.
# The bundle's own workspace packages (built, with their publishConfig) are linked into its
# node_modules, as `yarn workspaces focus --production` does in the image; third-party
# dependencies resolve from the repository's node_modules, so no production install is needed.
# Usage: scripts/serve-production-build.sh --config app-config.yaml [--config ...]
# PORTAL_PRODUCTION_BUILD_DIR says where to unpack, relative to the repository (default
# .data/production-build; inside it, so the repository's node_modules resolve), so two backends
# can run from the same build at once (the browser journeys do).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# PORTAL_PRODUCTION_BUNDLE: another bundle to serve (e.g. an earlier build, for a before/after
# benchmark); default the one `yarn build:backend` writes.
bundle="${PORTAL_PRODUCTION_BUNDLE:-$root/packages/backend/dist/bundle.tar.gz}"
[ -f "$bundle" ] || { echo "no production build: run ./portal yarn build:backend first" >&2; exit 1; }
out="$root/${PORTAL_PRODUCTION_BUILD_DIR:-.data/production-build}"
rm -rf "$out" && mkdir -p "$out"
tar -xzf "$bundle" -C "$out"
for pkg in "$out"/packages/*/package.json "$out"/plugins/*/package.json; do
  [ -f "$pkg" ] || continue
  name="$(node -p 'require(process.argv[1]).name' "$pkg")"
  mkdir -p "$(dirname "$out/node_modules/$name")"
  ln -sfn "$(dirname "$pkg")" "$out/node_modules/$name"
done
cd "$root"
exec node "$out/packages/backend" "$@"
