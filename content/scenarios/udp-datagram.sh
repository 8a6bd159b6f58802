# UDP sends datagrams without a handshake; a closed port answers with ICMP port unreachable
# claims: none
#
# UDP has no connection to open: the first datagram is already the data. server runs a UDP
# listener on port 5000 (`nc -u -l 5000 &`). client probes it with `nc -u -v -z -w 1`, which
# writes one-byte datagrams ("X") to see if anything complains: two at once, then one more after
# a second (-w 1). Nothing answers them: a UDP receiver says nothing unless its program does.
# The same probe to port 5001, where nothing listens, gets an ICMP port unreachable from
# server's kernel; the error reaches client's socket, the probe's next write fails with
# "connection refused", so only one datagram goes. conntrack in server keeps an entry for each
# flow, both [UNREPLIED]: the ICMP error is RELATED to the flow, not a reply.
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
