# A SYN-ACK timer and a SYN retransmission due at one tick: the SYN-ACK timer fires first
# claims: none
#
# Found by the kernel fuzzer (seeds 5167 and 8193). c's INPUT drops the server's SYN-ACKs, so c
# retransmits its SYN and s its SYN-ACK. Both timers were armed in the same millisecond with a
# 1 s timeout, so the timer wheel fires them at one tick, a few milliseconds after 1 s. s's
# timer belongs to a request socket and is pinned to its CPU, and pinned timers run first: its
# SYN-ACK leaves before c's SYN, whose own SYN-ACK follows. s's timeout then doubles to 2 s: its
# next SYN-ACK comes about 3 s after the first, while c's ping is still running (nc -w 2 gave
# up at 2 s). The capture shows the order, the counter all four SYN-ACKs.
#
#   c eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 s (nc -l 5000)
ip netns add c
ip netns add s
ip netns exec c ip link add eth0 type veth peer name eth0 netns s
ip netns exec c ip addr add 10.0.0.1/24 dev eth0
ip netns exec c ip link set eth0 up
ip netns exec s ip addr add 10.0.0.2/24 dev eth0
ip netns exec s ip link set eth0 up
ip netns exec c ping -c 1 10.0.0.2
ip netns exec c iptables -A INPUT -p tcp --sport 5000 -j DROP
ip netns exec c tcpdump -n -i eth0 tcp &
ip netns exec s nc -l 5000 &
ip netns exec c nc -w 2 10.0.0.2 5000
ip netns exec c ping -c 4 -i 0.5 10.0.0.2
ip netns exec c iptables -L INPUT -v -n -x
