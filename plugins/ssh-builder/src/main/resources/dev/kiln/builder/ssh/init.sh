# Kiln's first process for one build on an SSH host; run with bash -p, so the build's environment
# (BASH_ENV, SHELLOPTS...) cannot change it. Arguments: how the build is contained ("namespace": it
# runs in a PID namespace of its own, or "group": only its process group is known), the script,
# and the file to write the number of leftover processes to.
#
# It runs the script, and when the script has ended it kills every process the script left behind,
# however it detached (setsid, double fork, nohup): in a namespace, all of the namespace's other
# processes; otherwise those still in the process group. Standard input is the SSH channel: a line
# "TERM" asks the script to stop (SIGTERM to the group), and the channel's end (Kiln stopped reading,
# or the connection broke) kills the group at once.
mode=$1 script=$2 report=$3

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

bash --noprofile --norc -eo pipefail "$script"
status=$?

# From here on nothing is the script's: bash's notice that the watchdog was killed is not for the log.
exec 2>/dev/null
kill -KILL "$watchdog"
wait "$watchdog"

# Leftovers: kill each once and count it, in rounds, until a round finds none (a process may fork
# while the previous round kills). PID 1 is the namespace's init (this process, or bwrap's).
killed=0 seen=' '
for round in 1 2 3 4 5 6 7 8 9 10; do
  found=0
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    case $seen in *" $pid "*) continue ;; esac
    if [ "$pid" = 1 ] || [ "$dir" -ef /proc/self ]; then continue; fi
    if [ "$mode" = namespace ]; then
      [ "$dir/ns/pid" -ef /proc/self/ns/pid ] || continue
    fi
    read -r stat < "$dir/stat" || continue
    # Fields after the command's name: state, parent, process group.
    set -- ${stat##*) }
    [ "$1" = Z ] && continue
    [ "$mode" = namespace ] || [ "$3" = "$$" ] || continue
    kill -KILL "$pid" && found=$((found + 1)) && seen="$seen$pid "
  done
  [ "$found" = 0 ] && break
  killed=$((killed + found))
done
echo "$killed" > "$report"
exit "$status"
