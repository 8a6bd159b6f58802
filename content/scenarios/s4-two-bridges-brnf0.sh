# Two bridges, SNAT in the host, bridge-nf-call-iptables=0
# claims: S4, S9
#
# The same as s4-two-bridges-brnf1 with br_netfilter switched off for this namespace: ns1
# pings ns2 twice through the host, which SNATs 172.17.0.0/24 to its own 172.17.0.1.
# tcpdump listens on veth1, br0, br1 and veth2.
#
#   ns1 eth0 172.17.0.4/24 --- veth1 -[br0 172.17.0.1/24]   default (the host, ip_forward=1)
#   ns2 eth1 172.19.0.2/24 --- veth2 -[br1 172.19.0.1/24]
#   ns1: default via 172.17.0.1      ns2: default via 172.19.0.1
ip netns add ns1
ip netns add ns2
ip link add br0 type bridge
ip link add br1 type bridge
ip link add veth1 type veth peer name eth0 netns ns1
ip link add veth2 type veth peer name eth1 netns ns2
ip link set veth1 master br0
ip link set veth2 master br1
ip addr add 172.17.0.1/24 dev br0
ip addr add 172.19.0.1/24 dev br1
ip link set br0 up
ip link set br1 up
ip link set veth1 up
ip link set veth2 up
ip netns exec ns1 ip addr add 172.17.0.4/24 dev eth0
ip netns exec ns1 ip link set eth0 up
ip netns exec ns1 ip route add default via 172.17.0.1
ip netns exec ns2 ip addr add 172.19.0.2/24 dev eth1
ip netns exec ns2 ip link set eth1 up
ip netns exec ns2 ip route add default via 172.19.0.1
sysctl -w net.ipv4.ip_forward=1
sysctl -w net.bridge.bridge-nf-call-iptables=0
sleep 2.5
iptables -t nat -A POSTROUTING -s 172.17.0.0/24 -j SNAT --to-source 172.17.0.1
tcpdump -n -i veth1 &
tcpdump -n -i br0 &
tcpdump -n -i br1 &
tcpdump -n -i veth2 &
ip netns exec ns1 ping -c 2 -i 0.2 172.19.0.2
iptables -t nat -L POSTROUTING -v -n -x
conntrack -L
