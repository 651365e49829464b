# Kiln's first process for one build on an SSH host; run with bash -p, so the build's environment
# (BASH_ENV, SHELLOPTS...) cannot change it. Arguments: how the build is contained ("namespace": it
# runs in a PID namespace of its own, or "group": only its process group is known) and the script.
#
# Standard input is the SSH channel. Kiln first sends a line with this build's token, then the
# build's variables as NAME=value records each ended by a NUL, then an empty record: so no secret is
# ever in a command line that other users of the host see in ps. The token stays in this shell's
# memory, where the build cannot read it: it marks the one output line that is Kiln's, the number
# of leftover processes killed. After that a line "TERM" asks the script to stop (SIGTERM to the
# group), and the channel's end (Kiln stopped reading, or the connection broke) kills the group.
#
# It runs the script, and when the script has ended it kills every process the script left behind,
# however it detached (setsid, double fork, nohup): in a namespace, all of the namespace's other
# processes; otherwise those still in the process group.
mode=$1 script=$2

IFS= read -r token || exit 125
variables=()
while IFS= read -r -d '' variable && [ -n "$variable" ]; do
  variables+=("$variable")
done

# TERM is for the script; this process waits for it in the foreground and then cleans up.
trap : TERM
exec 3<&0 </dev/null
(
  trap '' TERM
  while read -r line <&3; do
    [ "$line" = TERM ] && kill -TERM 0
  done
  kill -KILL 0
) &
watchdog=$!
exec 3<&-

# The variables are the script's only: exported in its subshell, so none changes this process.
(
  for variable in "${variables[@]}"; do
    export "$variable" || exit 125
  done
  exec "$BASH" --noprofile --norc -eo pipefail "$script"
)
status=$?

# From here on nothing is the script's: bash's notice that the watchdog was killed is not for the log.
exec 2>/dev/null
kill -KILL "$watchdog"
wait "$watchdog"

# Leftovers: kill each once and count it, in rounds, until a round finds none (a process may fork
# while the previous round kills). Everything read here is the kernel's: the build cannot fake it.
# Where the namespace has no /proc of its own (unshare without --mount-proc) the folders are named
# by the host's pids, so each process is killed by its pid in this namespace, the last of NSpid.
killed=0 seen=' '
for round in 1 2 3 4 5 6 7 8 9 10; do
  found=0
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    case $seen in *" $pid "*) continue ;; esac
    [ "$dir" -ef /proc/self ] && continue
    read -r stat < "$dir/stat" || continue
    # Fields after the command's name: state, parent, process group.
    set -- ${stat##*) }
    [ "$1" = Z ] && continue
    target=$pid
    if [ "$mode" = namespace ]; then
      [ "$dir/ns/pid" -ef /proc/self/ns/pid ] || continue
      while read -r key value; do
        [ "$key" = NSpid: ] && target=${value##*[[:space:]]}
      done < "$dir/status"
      # PID 1 is the namespace's init: this process, or bwrap's.
      [ "$target" = 1 ] && continue
    else
      [ "$pid" = 1 ] || [ "$3" != "$$" ] && continue
    fi
    kill -KILL "$target" && found=$((found + 1)) && seen="$seen$pid "
  done
  [ "$found" = 0 ] && break
  killed=$((killed + found))
done
# On a line of its own even when the script's output did not end with a newline.
printf '\n%s leftovers %s\n' "$token" "$killed"
exit "$status"
