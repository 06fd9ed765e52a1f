# Gives this shell the Node.js that CI runs: `source scripts/use-node.sh` (Node 24, the default)
# or `source scripts/use-node.sh 22`. The binary comes from the npm registry's `node` package
# (its platform package carries it), installed once into a tool folder and put first on PATH.
# Sourced, it changes PATH only; it never touches the system's Node.
#
# The versions CI tests on live here and nowhere else.
portico_node_24="24.21.0"
portico_node_22="22.23.3"

portico_use_node() {
  local major="${1:-24}" version
  case "$major" in
    24) version="$portico_node_24" ;;
    22) version="$portico_node_22" ;;
    *)
      echo "use-node: Node.js $major is not one CI runs; choose 24 or 22." >&2
      return 2
      ;;
  esac
  local tools="${PORTICO_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/portico/tools}"
  local prefix="$tools/node-$version"
  if [ ! -x "$prefix/node_modules/node/bin/node" ]; then
    echo "use-node: installing Node.js $version from the npm registry into $prefix" >&2
    mkdir -p "$prefix" &&
      npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "node@$version" >&2 ||
      return 1
  fi
  # The binary itself, not npm's .bin link, so child processes that re-resolve `node` find it too.
  PATH="$prefix/node_modules/node/bin:$(printf '%s' "$PATH" | tr ':' '\n' | grep -v "^$tools/node-" | paste -sd: -)"
  export PATH
  hash -r 2>/dev/null
  echo "use-node: $(node --version) at $(command -v node)" >&2
}

portico_use_node "$@"
