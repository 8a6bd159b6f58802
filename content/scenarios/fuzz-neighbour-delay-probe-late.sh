# The neighbour DELAY timer: 5 s after the first reply, on a timer-wheel tick up to 256 ms later
# claims: none
#
# Found by the kernel fuzzer (seeds 5026, 5196, 20051: ARP placed against the traffic). b learns
# a's MAC from a's ARP request, as STALE; b's first echo reply moves the entry to DELAY with a
# 5 s timer, and if nothing confirms a's address by then (echo requests do not), b asks a again
# with a unicast ARP request (PROBE). The timer wheel files a 5 s timer in a bucket of 64
# jiffies (256 ms at HZ=250) and fires it on the first tick after its expiry: 5.004-5.256 s
# after the reply. With echo requests 0.9 s apart the probe always falls between the one sent at
# 4.5 s and the one at 5.4 s.
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
ip netns exec a ping -c 7 -i 0.9 10.0.0.2
