# A closed port, TCP and UDP: what comes back when nothing listens
# claims: S8
#
# Nothing listens in web. client first tries TCP port 81 (`nc -z`), then sends a UDP probe to
# port 5001 (`nc -u -z`).
# tcpdump listens on eth0 in client.
#
#   client eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 web (nothing listening)
ip netns add client
ip netns add web
ip netns exec client ip link add eth0 type veth peer name eth0 netns web
ip netns exec client ip addr add 10.0.0.1/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec web ip addr add 10.0.0.2/24 dev eth0
ip netns exec web ip link set eth0 up
ip netns exec client tcpdump -n -i eth0 &
ip netns exec client nc -z 10.0.0.2 81
ip netns exec client nc -u -v -z 10.0.0.2 5001
