# A ping with no route fails before it sends anything, and the script stops there
# claims: none
#
# ping (as root) first connect()s a UDP socket to the destination to learn its source address;
# the route lookup finds nothing for 192.0.2.1, so connect fails with ENETUNREACH: ping prints
# "ping: connect: Network is unreachable" and exits 2. The script stops at that line: the
# conntrack listing after it never runs, and the capture shows nothing was sent. A ping bound
# to a device (-I eth0) that has no route through it is different: the kernel assumes the
# destination is on that link and ARPs for it (a probe a second). A failing command stops the
# captures at once (no settling time): the half second of sleep keeps the second probe, sent a
# few milliseconds after the 1 s mark, clear of that moment.
#
#   a eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 b
ip netns add a
ip netns add b
ip netns exec a ip link add eth0 type veth peer name eth0 netns b
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec b tcpdump -n -i eth0 &
ip netns exec a ping -c 1 -W 1 -I eth0 198.51.100.7
ip netns exec a sleep 0.5
ip netns exec a ip route
ip netns exec a ping -c 1 192.0.2.1
ip netns exec a ip route
