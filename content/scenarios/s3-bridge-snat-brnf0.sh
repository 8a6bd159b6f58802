# SNAT behind a Linux bridge (bridge-nf-call-iptables=0)
# claims: S3
#
# vasya sits behind a bridge port (veth1) of br0, which holds the host's address on that LAN.
# The host SNATs everything from 10.10.10.0/24 to 3.3.3.3; vasya pings 8.8.8.8 twice
# (s3-bridge-snat-brnf1 is the same lab with bridge-nf-call-iptables=1).
# The bridge with an address sends IGMP reports for about 2 s after it is configured; the
# `sleep 2.5` lets them pass before the broad `-s 10.10.10.0/24` rule exists (it would match
# and SNAT them too).
# tcpdump listens on veth1, br0, eth2 and eth0 in inet.
#
#   vasya                       default (the host)                          inet
#   eth0 10.10.10.10/24 --- veth1 -[br0 10.10.10.1/24]      eth2 192.0.2.1/24 --- eth0 192.0.2.2/24
#   default via 10.10.10.1                                                  8.8.8.8/32 on lo
#                                                                          3.3.3.3 via 192.0.2.1
ip netns add vasya
ip netns add inet
ip link add br0 type bridge
ip link add veth1 type veth peer name eth0 netns vasya
ip link add eth2 type veth peer name eth0 netns inet
ip link set veth1 master br0
ip addr add 10.10.10.1/24 dev br0
ip addr add 192.0.2.1/24 dev eth2
ip link set br0 up
ip link set veth1 up
ip link set eth2 up
ip route add default via 192.0.2.2
sysctl -w net.ipv4.ip_forward=1
sysctl -w net.bridge.bridge-nf-call-iptables=0
ip netns exec vasya ip addr add 10.10.10.10/24 dev eth0
ip netns exec vasya ip link set eth0 up
ip netns exec vasya ip route add default via 10.10.10.1
ip netns exec inet ip addr add 192.0.2.2/24 dev eth0
ip netns exec inet ip addr add 8.8.8.8/32 dev lo
ip netns exec inet ip link set eth0 up
ip netns exec inet ip route add 3.3.3.3/32 via 192.0.2.1
sleep 2.5
iptables -t nat -A POSTROUTING -s 10.10.10.0/24 -j SNAT --to-source 3.3.3.3
tcpdump -n -i veth1 &
tcpdump -n -i br0 &
tcpdump -n -i eth2 &
ip netns exec inet tcpdump -n -i eth0 &
ip netns exec vasya ping -c 2 -i 0.2 8.8.8.8
iptables -t nat -L POSTROUTING -v -n -x
conntrack -L
