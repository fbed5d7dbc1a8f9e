# Sourced by the bash stand-ins: find the sandbox state and read fields from it.
# The state file is pretty-printed JSON, one `"key": value` per line, so sed is enough.

sandbox_state_file() {
  if [[ -n "${SANDBOX_STATE:-}" ]]; then
    if [[ -d "$SANDBOX_STATE" ]]; then
      [[ -f "$SANDBOX_STATE/.sandbox-state.json" ]] && echo "$SANDBOX_STATE/.sandbox-state.json"
    elif [[ -f "$SANDBOX_STATE" ]]; then
      echo "$SANDBOX_STATE"
    fi
  elif [[ -f "$PWD/.sandbox-state.json" ]]; then
    echo "$PWD/.sandbox-state.json"
  fi
}

# state_get FILE KEY -> the first value of "KEY" (quotes stripped)
state_get() {
  sed -n "s/^ *\"$2\": *\"\{0,1\}\([^\",{[]\{1,\}\)\"\{0,1\},\{0,1\}$/\1/p" "$1" | head -n 1
}

# api_alive FILE -> exit 0 when the api process of this sandbox is running (not a zombie)
api_alive() {
  local pid
  pid="$(state_get "$1" pid)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$1" || return 1
  local stat
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != "Z" && "${stat:0:1}" != "X" ]]
}

# real_program NAME -> the first NAME on PATH that is not this sandbox's stand-in
real_program() {
  local self dir
  self="$(cd "$(dirname "${BASH_SOURCE[0]}")/../bin" && pwd)"
  local IFS=:
  for dir in $PATH; do
    [[ -z "$dir" || "$(cd "$dir" 2>/dev/null && pwd)" == "$self" ]] && continue
    if [[ -x "$dir/$1" ]]; then
      echo "$dir/$1"
      return 0
    fi
  done
  return 1
}
