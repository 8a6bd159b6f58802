# A SYN retransmission due 4 s after connect() comes after another nc's 4 s deadline
# claims: none
#
# Found by the kernel fuzzer (seed 8015). s drops every TCP segment, so both of c's nc processes
# retransmit their SYNs, 1 s apart for the first four (tcp_syn_linear_timeouts). The first nc
# starts in the background, the second a moment later with -w 4. A retransmission timer is a
# timer-wheel timer: a 1 s timeout fires on a tick 4-32 ms after the second, and each next one
# 1.024 s after the last, so the first nc's fifth SYN, due at 4 s, leaves at about 4.08 s: after
# the second nc gave up at 4 s (poll's timeout is precise). When the counter is printed, s has
# dropped four SYNs of each nc, not nine SYNs.
#
#   c eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 s (INPUT: tcp DROP)
ip netns add c
ip netns add s
ip netns exec c ip link add eth0 type veth peer name eth0 netns s
ip netns exec c ip addr add 10.0.0.1/24 dev eth0
ip netns exec c ip link set eth0 up
ip netns exec s ip addr add 10.0.0.2/24 dev eth0
ip netns exec s ip link set eth0 up
ip netns exec c ping -c 1 10.0.0.2
ip netns exec s iptables -A INPUT -p tcp -j DROP
ip netns exec c nc -w 6 10.0.0.2 80 &
ip netns exec c nc -w 4 10.0.0.2 81
ip netns exec s iptables -L INPUT -v -n -x
