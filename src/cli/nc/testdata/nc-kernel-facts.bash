#!/bin/bash
# The measurements behind the nc model (docs/scenario-format-tcp-udp.md), re-runnable:
#   bash src/cli/nc/testdata/nc-kernel-facts.bash > src/cli/nc/testdata/nc-kernel-facts.out
# As root. It re-executes itself inside its own network, mount and PID namespaces with a
# tmpfs on /run/netns (as the kernel runner does), so nothing of the host is touched.
set -u
if [ "${NC_FACTS_INSIDE:-}" != 1 ]; then
  NC_FACTS_INSIDE=1 exec unshare --net --mount --pid --fork --kill-child --mount-proc --propagation private bash "$0" "$@"
fi
export LC_ALL=C
mkdir -p /run/netns
mount -t tmpfs -o size=1m,mode=755 nc-facts /run/netns
W=$(mktemp -d)
CAPS=()
mkns() { ip netns add "$1"; ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; ip -n "$1" link set lo up; }
cap() { local f="$W/cap.${#CAPS[@]}"; ip netns exec "$1" tcpdump --immediate-mode -l -n -t -i "$2" "${@:3}" >"$f" 2>"$f.err" & CAPS+=("$!|$1 $2|$f"); until grep -q listening "$f.err"; do sleep 0.01; done; }
dump() { sleep 0.5; local c; for c in "${CAPS[@]}"; do kill -INT "${c%%|*}"; done; for c in "${CAPS[@]}"; do wait "${c%%|*}"; done; for c in "${CAPS[@]}"; do c=${c#*|}; echo "== ${c%|*}"; cat "${c#*|}"; done; CAPS=(); }
ms() { date +%s%3N; }
run() { local t0 rc; t0=$(ms); "$@" </dev/null >/dev/null 2>"$W/err"; rc=$?; echo "\$ ${*:4}  -> exit $rc after $(( $(ms) - t0 )) ms $(tr '\n' ' ' <"$W/err")"; }
setup() {
  local p
  for n in a b; do for p in $(ip netns pids $n 2>/dev/null); do kill "$p"; done; ip netns del $n 2>/dev/null; done
  mkns a; mkns b
  ip -n a link add eth0 type veth peer name eth0 netns b
  ip -n a addr add 10.0.0.1/24 dev eth0; ip -n b addr add 10.0.0.2/24 dev eth0
  ip -n a link set eth0 up; ip -n b link set eth0 up
  ip netns exec a iptables -A OUTPUT -m conntrack --ctstate INVALID
  ip netns exec b iptables -A INPUT -m conntrack --ctstate INVALID
}
echo "#### TCP: -z, closed port, -N, -w 1, -q 1; nc -l serves one connection"
setup; cap a eth0 tcp
ip netns exec b nc -l 80 </dev/null >/dev/null 2>&1 & sleep 0.3
run ip netns exec a nc -z 10.0.0.2 80
run ip netns exec a nc -z 10.0.0.2 80
ip netns exec b nc -l 81 </dev/null >/dev/null 2>&1 & sleep 0.3
run ip netns exec a nc -N 10.0.0.2 81
ip netns exec b nc -l 82 </dev/null >/dev/null 2>&1 & sleep 0.3
run ip netns exec a nc -w 1 10.0.0.2 82
ip netns exec b nc -l 83 </dev/null >/dev/null 2>&1 & sleep 0.3
run ip netns exec a nc -q 1 10.0.0.2 83
echo "## conntrack -L (b)"; ip netns exec b conntrack -L 2>/dev/null | sort
dump
echo; echo "#### TCP: a dropped SYN (nc -z -w 8), conntrack SYN_SENT"
setup; ip netns exec b iptables -A INPUT -p tcp --dport 80 -j DROP; cap a eth0 tcp
run ip netns exec a nc -z -w 8 10.0.0.2 80
echo "## conntrack -L (a)"; ip netns exec a conntrack -L 2>/dev/null
ip netns exec a sysctl net.ipv4.tcp_syn_linear_timeouts net.ipv4.tcp_syn_retries net.ipv4.tcp_rmem
dump
echo; echo "#### TCP: conntrack during and after a connection"
setup
ip netns exec b nc -l 80 </dev/null >/dev/null 2>&1 & sleep 0.3
ip netns exec a nc -w 2 10.0.0.2 80 </dev/null >/dev/null 2>&1 & sleep 1
echo "## during (a)"; ip netns exec a conntrack -L 2>/dev/null
sleep 1.5
echo "## after (a)"; ip netns exec a conntrack -L 2>/dev/null
echo; echo "#### UDP: nc -u -l, -u -v -z (open, closed), -u -w 1, -u -z without -v"
setup; cap a eth0 udp or icmp
ip netns exec b nc -u -l 5000 </dev/null >/dev/null 2>&1 & sleep 0.3
run ip netns exec a nc -u -v -z 10.0.0.2 5000
run ip netns exec a nc -u -v -z -p 6001 10.0.0.2 5000
run ip netns exec a nc -u -v -z 10.0.0.2 5001
run ip netns exec a nc -u -w 1 10.0.0.2 5001
run ip netns exec a nc -u -z 10.0.0.2 5001
echo "## conntrack -L (b)"; ip netns exec b conntrack -L 2>/dev/null | sort
dump
echo; echo "#### UDP conntrack with a reply (stdin fed by hand): 30 s, then [ASSURED] 120 s"
setup
(sleep 0.3; echo reply; sleep 10) | ip netns exec b nc -u -l 5000 >/dev/null 2>&1 & sleep 0.3
(echo hi; sleep 3; echo again; sleep 5) | ip netns exec a nc -u -w 6 -p 6000 10.0.0.2 5000 >/dev/null 2>&1 &
sleep 1; echo "## t=1 s (b)"; ip netns exec b conntrack -L 2>/dev/null
sleep 2.5; echo "## t=3.5 s (b)"; ip netns exec b conntrack -L 2>/dev/null
rm -rf "$W"
# This shell is PID 1 of its PID namespace: its exit ends every process it started.
exit 0
