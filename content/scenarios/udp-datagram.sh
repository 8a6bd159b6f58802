# UDP: datagrams to a listening port and to a closed one, and what conntrack holds
# claims: none
#
# server runs a UDP listener on port 5000 (`nc -u -l 5000 &`). client probes it with
# `nc -u -v -z -w 1`, which writes one-byte datagrams ("X") to see if anything complains; then
# the same probe goes to port 5001, where nothing listens. conntrack -L runs in server at the
# end.
# tcpdump listens on eth0 in client.
#
#   client eth0 10.0.0.1/24 --- eth0 10.0.0.2/24 server (nc -u -l 5000)
ip netns add client
ip netns add server
ip netns exec client ip link add eth0 type veth peer name eth0 netns server
ip netns exec client ip addr add 10.0.0.1/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec server ip addr add 10.0.0.2/24 dev eth0
ip netns exec server ip link set eth0 up
ip netns exec server iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
ip netns exec client tcpdump -n -i eth0 &
ip netns exec server nc -u -l 5000 &
ip netns exec client nc -u -v -z -w 1 10.0.0.2 5000
ip netns exec client nc -u -v -z 10.0.0.2 5001
ip netns exec server conntrack -L
