# A plain routed veth instead of br1: the reply is captured before it is de-NATed
# claims: S4, S9
#
# ns2 sits behind a veth whose host end (veth2) carries 172.19.0.1/24 itself; there is no
# bridge in front of ns2 (bridge-nf-call-iptables stays 1, it only affects bridged frames).
# The veth2 capture comes before PREROUTING, so it shows "172.19.0.2 > 172.17.0.1", like br1
# with bridge-nf-call-iptables=0. Only the bridge device with br_netfilter is different.
#
#   ns1 eth0 172.17.0.4/24 --- veth1 -[br0 172.17.0.1/24]   default (the host, ip_forward=1)
#   ns2 eth1 172.19.0.2/24 --- veth2 172.19.0.1/24
ip netns add ns1
ip netns add ns2
ip link add br0 type bridge
ip link add veth1 type veth peer name eth0 netns ns1
ip link add veth2 type veth peer name eth1 netns ns2
ip link set veth1 master br0
ip addr add 172.17.0.1/24 dev br0
ip addr add 172.19.0.1/24 dev veth2
ip link set br0 up
ip link set veth1 up
ip link set veth2 up
ip netns exec ns1 ip addr add 172.17.0.4/24 dev eth0
ip netns exec ns1 ip link set eth0 up
ip netns exec ns1 ip route add default via 172.17.0.1
ip netns exec ns2 ip addr add 172.19.0.2/24 dev eth1
ip netns exec ns2 ip link set eth1 up
ip netns exec ns2 ip route add default via 172.19.0.1
sysctl -w net.ipv4.ip_forward=1
sysctl -w net.bridge.bridge-nf-call-iptables=1
sleep 2.5
iptables -t nat -A POSTROUTING -s 172.17.0.0/24 -j SNAT --to-source 172.17.0.1
tcpdump -n -i veth1 &
tcpdump -n -i br0 &
tcpdump -n -i veth2 &
ip netns exec ns1 ping -c 2 -i 0.2 172.19.0.2
iptables -t nat -L POSTROUTING -v -n -x
conntrack -L
