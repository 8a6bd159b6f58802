# The Docker-style host with hand-written rules: find the two mistakes with tcpdump and counters
# claims: S5, S9
#
# The same host as capstone-docker-host, but its owner wrote the rules by hand: a DNAT of
# ICMP for 203.0.113.1 to web, a MASQUERADE with -o docker0 meant for "the containers'
# traffic", and under a FORWARD policy DROP an ACCEPT for replies, an ACCEPT for the published
# address 203.0.113.1 and an ACCEPT for what comes from docker0. web pings 8.8.8.8 twice;
# outside pings 203.0.113.1 twice.
# tcpdump listens on eth0 and vethW.
#
#   web eth0 172.17.0.2/24 --- vethW -+[docker0 172.17.0.1/24]
#   db  eth0 172.17.0.3/24 --- vethD -+                          default (the host, ip_forward=1)
#   app eth0 172.18.0.2/24 --- vethP --[br-app 172.18.0.1/24]   eth0 203.0.113.1/24 --- eth0 203.0.113.10/24 outside
#   web, db: default via 172.17.0.1   app: default via 172.18.0.1   outside: 8.8.8.8 on lo
ip netns add web
ip netns add db
ip netns add app
ip netns add outside
ip link add docker0 type bridge
ip link add br-app type bridge
sysctl -w net.bridge.bridge-nf-call-iptables=1
ip link add vethW type veth peer name eth0 netns web
ip link add vethD type veth peer name eth0 netns db
ip link add vethP type veth peer name eth0 netns app
ip link add eth0 type veth peer name eth0 netns outside
ip link set vethW master docker0
ip link set vethD master docker0
ip link set vethP master br-app
ip addr add 172.17.0.1/24 dev docker0
ip addr add 172.18.0.1/24 dev br-app
ip addr add 203.0.113.1/24 dev eth0
ip link set docker0 up
ip link set br-app up
ip link set vethW up
ip link set vethD up
ip link set vethP up
ip link set eth0 up
ip route add default via 203.0.113.10
sysctl -w net.ipv4.ip_forward=1
ip netns exec web ip addr add 172.17.0.2/24 dev eth0
ip netns exec web ip link set eth0 up
ip netns exec web ip route add default via 172.17.0.1
ip netns exec db ip addr add 172.17.0.3/24 dev eth0
ip netns exec db ip link set eth0 up
ip netns exec db ip route add default via 172.17.0.1
ip netns exec app ip addr add 172.18.0.2/24 dev eth0
ip netns exec app ip link set eth0 up
ip netns exec app ip route add default via 172.18.0.1
ip netns exec outside ip addr add 203.0.113.10/24 dev eth0
ip netns exec outside ip addr add 8.8.8.8/32 dev lo
ip netns exec outside ip link set lo up
ip netns exec outside ip link set eth0 up
sleep 2.5
iptables -t nat -A PREROUTING -d 203.0.113.1 -p icmp -j DNAT --to-destination 172.17.0.2
iptables -t nat -A POSTROUTING -o docker0 -j MASQUERADE
iptables -P FORWARD DROP
iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A FORWARD -d 203.0.113.1 -p icmp -j ACCEPT
iptables -A FORWARD -i docker0 -j ACCEPT
tcpdump -n -i eth0 icmp &
tcpdump -n -i vethW icmp &
ip netns exec web ping -c 2 -i 0.2 -W 1 8.8.8.8
ip netns exec outside ping -c 2 -i 0.2 -W 1 203.0.113.1
iptables -t nat -L PREROUTING -v -n -x
iptables -t nat -L POSTROUTING -v -n -x
iptables -L FORWARD -v -n -x
conntrack -L
