# A UDP listener that cannot answer its first sender (no route back) exits: nc connect()s first
# claims: none
#
# Found by the kernel fuzzer (seed 3138). `nc -u -l 5000` waits for a first datagram, then
# connect()s its socket to the sender, so that it talks to that peer only. server has no route
# to client's network: connect() fails with "Network is unreachable" and nc exits (status 1,
# in the background: the script goes on). client's probe datagrams still arrive; nothing
# answers them. Once server has a route back, a second probe to the same port meets no
# listener: the kernel answers with an ICMP port unreachable.
#
#   client eth0 10.0.1.2/24 --- eth1 10.0.1.1/24 router eth2 10.0.2.1/24 --- eth0 10.0.2.2/24 server
#   client: default via 10.0.1.1     server: no route back (until the end)
ip netns add client
ip netns add router
ip netns add server
ip netns exec router ip link add eth1 type veth peer name eth0 netns client
ip netns exec router ip link add eth2 type veth peer name eth0 netns server
ip netns exec router ip addr add 10.0.1.1/24 dev eth1
ip netns exec router ip addr add 10.0.2.1/24 dev eth2
ip netns exec router ip link set eth1 up
ip netns exec router ip link set eth2 up
ip netns exec router sysctl -w net.ipv4.ip_forward=1
ip netns exec client ip addr add 10.0.1.2/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec client ip route add default via 10.0.1.1
ip netns exec server ip addr add 10.0.2.2/24 dev eth0
ip netns exec server ip link set eth0 up
ip netns exec server tcpdump -n -i eth0 udp or icmp &
ip netns exec server nc -u -l 5000 &
ip netns exec client nc -u -v -z -w 1 10.0.2.2 5000
ip netns exec server ip route add default via 10.0.2.1
ip netns exec client nc -u -v -z -w 1 10.0.2.2 5000
ip netns exec server conntrack -L
