# A SYN retransmission due 7 s after connect() comes after another nc's 7 s deadline
# claims: none
#
# Found by the kernel fuzzer (seed 8015). s drops every TCP segment, so both of c's nc processes
# retransmit their SYNs: 1 s apart five times (tcp_syn_linear_timeouts), then after 2 s, so the
# seventh SYN is due 7 s after the first. The first nc starts in the background, the second a
# moment later with -w 7. A retransmission timer is a timer-wheel timer: it fires on a tick
# after its expiry, rounded up to the bucket's granularity (a 1 s timeout 1.024 s after the
# tick that armed it, a 2 s one 2.016 s), so the first nc's seventh SYN leaves at about 7.1 s:
# after the second nc gave up at 7 s (poll's timeout is precise). When the counter is printed,
# s has dropped six SYNs of each nc, not thirteen SYNs.
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
ip netns exec c nc -w 9 10.0.0.2 80 &
ip netns exec c nc -w 7 10.0.0.2 81
ip netns exec s iptables -L INPUT -v -n -x
