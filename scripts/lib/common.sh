# Shared helpers for scripts/*. Sourced, not executed.
# shellcheck shell=bash
set -euo pipefail

VF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VF_STATE="${VAULTFLOW_STATE_DIR:-$VF_ROOT/.vaultflow}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

vf_step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
vf_info() { printf '    %s\n' "$*"; }
vf_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

vf_is_root() { [ "$(id -u)" = "0" ]; }

# Runs apt-get install for the packages whose check command fails. Needs root (or sudo).
vf_apt_ensure() {
  local missing=()
  while [ $# -gt 0 ]; do
    local pkg="$1" check="$2"; shift 2
    if ! eval "$check" >/dev/null 2>&1; then missing+=("$pkg"); fi
  done
  [ ${#missing[@]} -eq 0 ] && { vf_info "apt packages present"; return 0; }
  vf_info "installing with apt: ${missing[*]}"
  local sudo=""
  vf_is_root || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Node 22 comes from the npm registry into local/node_modules (package "node").
vf_node() { echo "$VF_ROOT/local/node_modules/node/bin/node"; }
