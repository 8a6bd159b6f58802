# A SYN to a listener with no route back is dropped: no SYN-ACK, no half-open connection
# claims: none
#
# Found by the kernel fuzzer (seed 20583). c listens on port 8080 but has no route to s's
# network (no default route). s's SYN reaches c through r; before answering, the listener
# routes its SYN-ACK (tcp_conn_request -> inet_csk_route_req), finds no route, and drops the
# SYN without making a half-open connection: after s's nc gave up (it retransmits its SYN until
# -w 2 runs out), ss on c shows the listener alone, not a SYN-RECV socket.
#
#   c eth0 10.0.1.2/24 --- eth1 10.0.1.1/24 r eth2 10.0.2.1/24 --- eth0 10.0.2.2/24 s
ip netns add c
ip netns add r
ip netns add s
ip netns exec r ip link add eth1 type veth peer name eth0 netns c
ip netns exec r ip link add eth2 type veth peer name eth0 netns s
ip netns exec r ip addr add 10.0.1.1/24 dev eth1
ip netns exec r ip addr add 10.0.2.1/24 dev eth2
ip netns exec r ip link set eth1 up
ip netns exec r ip link set eth2 up
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec c ip addr add 10.0.1.2/24 dev eth0
ip netns exec c ip link set eth0 up
ip netns exec s ip addr add 10.0.2.2/24 dev eth0
ip netns exec s ip link set eth0 up
ip netns exec s ip route add default via 10.0.2.1
ip netns exec c nc -lk 8080 &
ip netns exec s nc -z -w 2 10.0.1.2 8080
ip netns exec c ss -tan
