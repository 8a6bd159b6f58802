# Asymmetric routing past a router that tracks connections: replies cross a router that never saw the request
# claims: none
#
# client's gateway is r1, which forwards to server on a directly connected link. server's
# default route goes through a second router, r2, which hands everything on to r1. So
# client's packets to server cross r1 only, and server's packets to client cross r2 and then
# r1. r2 runs conntrack: its FORWARD chain has three counting rules (no target), one per
# ctstate NEW, ESTABLISHED and INVALID; its policy is ACCEPT, so every packet goes through.
# client pings server once, then opens a TCP connection to server's port 80 and keeps it idle
# in the background (`nc -w 5 ... &`). One second later `conntrack -L` runs on r2 and r2's
# FORWARD counters are listed.
# tcpdump listens on eth1 in r2 (the side facing server).
#
#   client eth0 10.0.1.2/24 --- eth1 10.0.1.1/24  r1 (ip_forward=1)  eth2 10.0.2.1/24 --- eth0 10.0.2.2/24 server
#   server eth1 10.0.3.2/24 --- eth1 10.0.3.1/24  r2 (ip_forward=1)  eth2 10.0.4.2/24 --- eth3 10.0.4.1/24 r1
#   client: default via 10.0.1.1   server: default via 10.0.3.1 (nc -l 80)   r2: default via 10.0.4.1
ip netns add client
ip netns add r1
ip netns add r2
ip netns add server
ip netns exec r1 ip link add eth1 type veth peer name eth0 netns client
ip netns exec r1 ip link add eth2 type veth peer name eth0 netns server
ip netns exec r2 ip link add eth1 type veth peer name eth1 netns server
ip netns exec r2 ip link add eth2 type veth peer name eth3 netns r1
ip netns exec r1 ip addr add 10.0.1.1/24 dev eth1
ip netns exec r1 ip addr add 10.0.2.1/24 dev eth2
ip netns exec r1 ip addr add 10.0.4.1/24 dev eth3
ip netns exec r1 ip link set eth1 up
ip netns exec r1 ip link set eth2 up
ip netns exec r1 ip link set eth3 up
ip netns exec r1 sysctl -w net.ipv4.ip_forward=1
ip netns exec r2 ip addr add 10.0.3.1/24 dev eth1
ip netns exec r2 ip addr add 10.0.4.2/24 dev eth2
ip netns exec r2 ip link set eth1 up
ip netns exec r2 ip link set eth2 up
ip netns exec r2 ip route add default via 10.0.4.1
ip netns exec r2 sysctl -w net.ipv4.ip_forward=1
ip netns exec client ip addr add 10.0.1.2/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec client ip route add default via 10.0.1.1
ip netns exec server ip addr add 10.0.2.2/24 dev eth0
ip netns exec server ip addr add 10.0.3.2/24 dev eth1
ip netns exec server ip link set eth0 up
ip netns exec server ip link set eth1 up
ip netns exec server ip route add default via 10.0.3.1
ip netns exec r2 iptables -A FORWARD -m conntrack --ctstate NEW
ip netns exec r2 iptables -A FORWARD -m conntrack --ctstate ESTABLISHED
ip netns exec r2 iptables -A FORWARD -m conntrack --ctstate INVALID
ip netns exec r2 tcpdump -n -i eth1 &
ip netns exec server nc -l 80 &
ip netns exec client ping -c 1 -W 1 10.0.2.2
ip netns exec client nc -w 5 -p 40000 10.0.2.2 80 &
sleep 1
ip netns exec r2 conntrack -L
ip netns exec r2 iptables -L FORWARD -v -n -x
