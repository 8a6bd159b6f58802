# A TCP connection opened and closed: the segments on the wire
# claims: none
#
# web listens on port 80 (`nc -l 80 &`); client connects and closes at once (`nc -z`:
# connect, then close).
# tcpdump listens on eth0 in client and eth0 in web.
#
#   client eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 web (nc -l 80)
ip netns add client
ip netns add web
ip netns exec client ip link add eth0 type veth peer name eth0 netns web
ip netns exec client ip addr add 10.0.0.1/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec web ip addr add 10.0.0.2/24 dev eth0
ip netns exec web ip link set eth0 up
ip netns exec client tcpdump -n -i eth0 &
ip netns exec web tcpdump -n -i eth0 tcp &
ip netns exec web nc -l 80 &
ip netns exec client nc -z 10.0.0.2 80
