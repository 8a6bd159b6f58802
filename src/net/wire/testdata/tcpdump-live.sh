#!/bin/bash
# Live ground truth for tcpdump-format.test.ts (tcpdump 4.99.3, Linux 6.18, iptables 1.8.9 nf_tables).
# Run as root inside a private network and mount namespace, never in the machine's own namespace:
#   unshare --net --mount bash -c 'mount -t tmpfs tmpfs /run/netns && ip link set lo up && bash tcpdump-live.sh' > tcpdump-live.out 2>&1
# Topology: bridge br0 (10.1.0.0/24) with hosts c=.2, r=.1 (router), x=.3 (10.5.0.1 on lo);
# r eth1 10.2.0.1/24 -- s eth0 10.2.0.2/24. Captures: c eth0 (plain and -e) and s eth0.
set -u
W=$(mktemp -d)
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
mk() { ip netns add $1; ip netns exec $1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; ip netns exec $1 ip link set lo up; }
for n in c r x s; do mk $n; done
ip link add br0 type bridge
ip link set br0 up
# LAN 10.1.0.0/24 on br0: c=.2 r=.1 x=.3
lan() { ip link add p$1 type veth peer name eth0 netns $1; ip link set p$1 master br0; ip link set p$1 up
        ip -n $1 link set eth0 address $3; ip -n $1 addr add $2/24 dev eth0; ip -n $1 link set eth0 up; }
lan c 10.1.0.2 02:00:00:00:01:02
lan r 10.1.0.1 02:00:00:00:01:01
lan x 10.1.0.3 02:00:00:00:01:03
ip link add eth1 netns r type veth peer name eth0 netns s
ip -n r link set eth1 address 02:00:00:00:02:01; ip -n s link set eth0 address 02:00:00:00:02:02
ip -n r addr add 10.2.0.1/24 dev eth1; ip -n s addr add 10.2.0.2/24 dev eth0
ip -n r link set eth1 up; ip -n s link set eth0 up
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip -n c route add default via 10.1.0.1
ip -n s route add default via 10.2.0.1
ip -n r route add 10.5.0.0/24 via 10.1.0.3
ip -n x addr add 10.5.0.1/24 dev lo
sleep 1

CAPS=()
cap() { # cap NS IF FILE [opts]
  local ns=$1 ifc=$2 f=$3; shift 3
  ip netns exec $ns tcpdump --immediate-mode -l -n -t -i $ifc "$@" > $f 2>/dev/null &
  CAPS+=($!)
}
start() { CASE=$1; echo; echo "#### $CASE"; CAPS=(); cap c eth0 $W/o.c; cap c eth0 $W/o.ce -e; cap s eth0 $W/o.s; sleep 0.7; }
stop() { sleep ${1:-0.7}; for p in "${CAPS[@]}"; do kill $p; done; wait "${CAPS[@]}" 2>/dev/null
  echo "== c eth0"; cat $W/o.c; echo "== c eth0 -e"; cat $W/o.ce; echo "== s eth0"; cat $W/o.s; }
x() { echo "\$ $*"; "$@" > /dev/null 2>&1; }
c() { x ip netns exec c "$@"; }

start "ARP + ping on the LAN: ping -c 1 10.1.0.1"
c ping -c 1 -e 100 10.1.0.1
stop

start "ping through the router: ping -c 1 10.2.0.2"
c ping -c 1 -e 101 10.2.0.2
stop

start "TTL 1: ping -c 1 -t 1 10.2.0.2"
c ping -c 1 -t 1 -e 102 10.2.0.2
stop

start "TTL 1 big: ping -c 1 -t 1 -s 1000 10.2.0.2"
c ping -c 1 -t 1 -s 1000 -e 103 10.2.0.2
stop

start "no route in router: ping -c 1 10.99.0.1"
c ping -c 1 -e 104 10.99.0.1
stop

start "neighbour missing: ping -c 1 -W 5 10.2.0.99"
c ping -c 1 -W 5 -e 105 10.2.0.99
stop 1

start "redirect: ping -c 1 10.5.0.1"
c ping -c 1 -e 106 10.5.0.1
stop

start "UDP to closed port: echo hi | nc -u -w 1 -p 5555 10.2.0.2 4000"
echo hi | ip netns exec c nc -u -w 1 -p 5555 10.2.0.2 4000
stop

start "UDP big to closed port: 1000 bytes"
head -c 1000 /dev/zero | ip netns exec c nc -u -w 1 -p 5556 10.2.0.2 4000
stop

for w in icmp-port-unreachable icmp-net-unreachable icmp-host-unreachable icmp-proto-unreachable icmp-net-prohibited icmp-host-prohibited icmp-admin-prohibited; do
  ip netns exec s iptables -F INPUT
  ip netns exec s iptables -A INPUT -j REJECT --reject-with $w
  start "REJECT --reject-with $w: ping, UDP, TCP"
  c ping -c 1 -e 110 10.2.0.2
  echo hi | ip netns exec c nc -u -w 1 -p 5557 10.2.0.2 4001
  c nc -w 1 -p 5558 10.2.0.2 4002
  stop
done
ip netns exec s iptables -F INPUT
ip netns exec s iptables -A INPUT -p icmp -j REJECT
start "REJECT big ping: ping -c 1 -s 1000 (quoted length)"
c ping -c 1 -s 1000 -e 111 10.2.0.2
stop
ip netns exec s iptables -F INPUT
ip netns exec s iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
start "REJECT --reject-with tcp-reset"
c nc -w 1 -p 5559 10.2.0.2 4003
stop
ip netns exec s iptables -F INPUT

start "TCP connection refused: nc 10.2.0.2 4004"
c nc -w 1 -p 5560 10.2.0.2 4004
stop

start "TCP session: printf 'hello\n' | nc -N -p 40000 10.2.0.2 5000"
ip netns exec s timeout 5 nc -l 5000 > /dev/null &
sleep 0.3
printf 'hello\n' | ip netns exec c nc -N -w 2 -p 40000 10.2.0.2 5000
stop 1

start "TCP session to port 80: printf 'GET / HTTP/1.0\r\n\r\n' | nc -N -p 40001 10.2.0.2 80"
ip netns exec s timeout 5 sh -c "printf 'HTTP/1.0 200 OK\r\n\r\nhi\n' | nc -l 80" > /dev/null &
sleep 0.3
printf 'GET / HTTP/1.0\r\n\r\n' | ip netns exec c nc -N -w 2 -p 40001 10.2.0.2 80
stop 1

start "TCP session to port 80 with non-HTTP text"
ip netns exec s timeout 5 nc -l 80 > /dev/null &
sleep 0.3
printf 'hello\n' | ip netns exec c nc -N -w 2 -p 40002 10.2.0.2 80
stop 1

start "raw IP protocol 253 (no listener: protocol unreachable)"
ip netns exec c python3 -c "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_RAW, 253); s.sendto(b'x'*20, ('10.2.0.2',0))"
stop

start "raw IP protocol 47 (GRE, 4 zero bytes)"
ip netns exec c python3 -c "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_RAW, 47); s.sendto(b'\0'*4, ('10.2.0.2',0))"
stop
