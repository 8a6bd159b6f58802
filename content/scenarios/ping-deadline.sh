# ping -w DEADLINE: an alarm ends ping, and until then it keeps sending past -c
# claims: none
#
# -w arms a timer (setitimer) before the first request; when it fires ping exits, whatever it
# sent. With a deadline, -c no longer stops the sending: ping stops early only once -c replies
# came. To 10.0.0.9 (a neighbour entry that nobody answers for) `-w 2 -i 0.5 -c 2` sends 4
# requests, at 0, 0.5, 1 and 1.5 s: the alarm at 2 s comes before the fifth. `-c 2 -w 3` sends
# 3 (no -W linger after the last: the alarm ends it). To b, which answers, `-c 2 -w 3` stops
# after the second reply, and `-w 1 -i 0.3` without -c sends 4.
#
#   a eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 b
ip netns add a
ip netns add b
ip netns exec a ip link add eth0 type veth peer name eth0 netns b
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec a ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev eth0
ip netns exec a tcpdump -n -i eth0 icmp &
ip netns exec a ping -w 2 -i 0.5 -c 2 10.0.0.9
ip netns exec a ping -c 2 -w 3 10.0.0.9
ip netns exec a ping -c 2 -w 3 10.0.0.2
ip netns exec a ping -w 1 -i 0.3 10.0.0.2
