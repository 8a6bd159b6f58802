# What ping prints with its output options: -f (a dot per request, erased by its reply; ipg/ewma
# on the rtt line), -q (no line per packet), -I ADDR ("from ADDR :" in the PING line), a payload
# of 15 bytes (no room for the send time: no time= and no rtt line) against 16, -i 0 (ipg/ewma),
# -D (a time before each line) and -O ("no answer yet for icmp_seq=N").
# Compared as tool output, times masked: content/kernel/ping-output-options.tools.out.
# claims: none
#
#   a eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 b
ip netns add a
ip netns add b
ip link add eth0 netns a type veth peer name eth0 netns b
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec a ping -f -c 5 10.0.0.2
ip netns exec a ping -q -c 2 -i 0.2 10.0.0.2
ip netns exec a ping -c 2 -i 0.2 -I 10.0.0.1 10.0.0.2
ip netns exec a ping -c 1 -s 16 10.0.0.2
ip netns exec a ping -c 1 -s 15 10.0.0.2
ip netns exec a ping -c 2 -i 0 10.0.0.2
# -D: each line starts with the time; -O: "no answer yet" when the next request leaves first
ip netns exec a ping -D -c 2 -i 0.2 10.0.0.2
ip netns exec b iptables -A INPUT -p icmp -j DROP
ip netns exec a ping -O -c 3 -i 0.2 -W 1 10.0.0.2
ip netns exec a ping -O -D -c 2 -i 0.2 -W 1 10.0.0.9
