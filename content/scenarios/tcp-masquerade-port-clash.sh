# MASQUERADE keeps a connection's source port unless another connection already uses it
# claims: none
#
# a and b sit behind the router (default), which masquerades their TCP connections to the
# internet side: -o eth3 -p tcp -j MASQUERADE --to-ports 40000-40009. Both clients pick the
# same source port (nc -p 40000) and connect to the same server, inet:80; a closes after 2 s,
# b after 4 s (-w: idle that long, then close). a's connection keeps
# 198.51.100.1:40000. For b's, that outside tuple is taken (the reply
# 198.51.100.2:80 > 198.51.100.1:40000 would be ambiguous), so NAT picks another free port of
# the range, at random. conntrack -L shows both entries: the original tuples say 40000 twice,
# the reply tuples tell them apart. eth3 only ever shows the translated ports.
#
#   a eth0 10.0.1.2/24 --- eth1 10.0.1.1/24  default (ip_forward=1)  eth3 198.51.100.1/24 --- eth0 198.51.100.2/24 inet (nc -lk 80)
#   b eth0 10.0.2.2/24 --- eth2 10.0.2.1/24
#   a: default via 10.0.1.1   b: default via 10.0.2.1   inet: no route back to 10.0.0.0/8
ip netns add a
ip netns add b
ip netns add inet
ip link add eth1 type veth peer name eth0 netns a
ip link add eth2 type veth peer name eth0 netns b
ip link add eth3 type veth peer name eth0 netns inet
ip addr add 10.0.1.1/24 dev eth1
ip addr add 10.0.2.1/24 dev eth2
ip addr add 198.51.100.1/24 dev eth3
ip link set eth1 up
ip link set eth2 up
ip link set eth3 up
sysctl -w net.ipv4.ip_forward=1
ip netns exec a ip addr add 10.0.1.2/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec a ip route add default via 10.0.1.1
ip netns exec b ip addr add 10.0.2.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec b ip route add default via 10.0.2.1
ip netns exec inet ip addr add 198.51.100.2/24 dev eth0
ip netns exec inet ip link set eth0 up
iptables -t nat -A POSTROUTING -o eth3 -p tcp -j MASQUERADE --to-ports 40000-40009
tcpdump -n -i eth3 tcp &
ip netns exec inet nc -lk 80 &
ip netns exec a nc -w 2 -p 40000 198.51.100.2 80 &
ip netns exec b nc -w 4 -p 40000 198.51.100.2 80 &
sleep 1
conntrack -L
sleep 4
iptables -t nat -L POSTROUTING -v -n -x
