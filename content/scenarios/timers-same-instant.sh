# Timers due at the same instant fire newest first: a SYN-ACK timer and a SYN retransmission
# claims: none
#
# b listens on port 80; a's SYN-ACKs are dropped in a's INPUT, so neither side's handshake
# completes and both retransmit. Both timers are kernel timers with the same 1 s timeout, armed
# in the same instant, so they share a bucket of the timer wheel, whose list is LIFO: the timer
# armed last fires first. At 0 s, connect() sends the SYN before it arms its timer, and on a veth
# b's listener receives it and arms its SYN-ACK timer in between: at 1 s a's SYN fires first,
# and b answers the repeated SYN with a SYN-ACK and restarts its timer (tcp_check_req), so its
# own timer stays quiet. At 2 s the order is reversed: a's timer was re-armed inside its own
# callback, b's afterwards (when the repeated SYN arrived): b's SYN-ACK timer fires first, then
# a's SYN comes and is answered again; b's timeout has doubled (next at 4 s). nc -w 5 gives up
# at 5 s. The capture on a's side shows every segment, the counters what a's rule dropped.
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
