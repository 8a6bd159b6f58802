# Timers of one tick: a pinned SYN-ACK timer fires before the SYN's, and both packets are received after
# claims: none
#
# b listens on port 80; a's SYN-ACKs are dropped in a's INPUT, so neither side's handshake
# completes and both retransmit. a's SYN timer and b's SYN-ACK timer are kernel timers with the
# same 1 s timeout armed in the same millisecond, so they share a bucket of the timer wheel and
# fire at one tick, a few milliseconds after 1 s (the wheel rounds a 1 s timer up to a 32 ms
# boundary). b's timer belongs to a request socket and is pinned to its CPU, and pinned timers
# run first: b's SYN-ACK leaves, then a's SYN. Neither is received before the tick's timers are
# done, so a's capture shows its own SYN first (a capture sees a packet as it leaves), then b's
# timer SYN-ACK, then the SYN-ACK that answers the repeated SYN: two SYN-ACKs at once. From then
# on b's timeout has doubled to 2 s and every repeated SYN restarts it (tcp_check_req), so only
# a's retransmissions, 1 s apart for the first four (tcp_syn_linear_timeouts), draw SYN-ACKs
# until nc -w 5 gives up. The counters show what a's rule dropped.
#
#   a eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 b (nc -l 80)
ip netns add a
ip netns add b
ip netns exec a ip link add eth0 type veth peer name eth0 netns b
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec a ping -c 1 10.0.0.2
ip netns exec a iptables -A INPUT -p tcp --sport 80 -j DROP
ip netns exec a tcpdump -n -i eth0 tcp &
ip netns exec b nc -l 80 &
ip netns exec a nc -w 5 10.0.0.2 80
ip netns exec a iptables -L INPUT -v -n -x
