# A Docker-style host: two bridges, MASQUERADE out, a published "port" (ICMP DNAT), FORWARD policy DROP
# claims: S5, S6, S9
#
# The host has Docker's shape: containers web (172.17.0.2) and db (172.17.0.3) on docker0,
# app (172.18.0.2) on a second bridge br-app, the outside on eth0 (203.0.113.1). The rules
# are Docker's, with ICMP standing in for a published TCP port: nat PREROUTING sends
# everything for 203.0.113.1 to the DOCKER chain, which DNATs ICMP to web (except traffic
# from docker0 itself); nat POSTROUTING masquerades 172.17.0.0/16 unless it leaves by
# docker0; filter FORWARD has policy DROP, lets replies into docker0, lets docker0 out, and
# sends new connections into docker0 through the DOCKER chain.
# 1. web pings 8.8.8.8.   2. outside pings 203.0.113.1.   3. web pings app on br-app.
# 4. web pings db.        5. app pings db.
# tcpdump listens on eth0, vethW, eth0 in app and eth0 in db.
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
iptables -t nat -N DOCKER
iptables -t nat -A PREROUTING -d 203.0.113.1 -j DOCKER
iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
iptables -t nat -A DOCKER -i docker0 -j RETURN
iptables -t nat -A DOCKER -p icmp -j DNAT --to-destination 172.17.0.2
iptables -N DOCKER
iptables -P FORWARD DROP
iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A FORWARD -o docker0 -j DOCKER
iptables -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
iptables -A FORWARD -i docker0 -o docker0 -j ACCEPT
iptables -A DOCKER -d 172.17.0.2 ! -i docker0 -p icmp -j ACCEPT
tcpdump -n -i eth0 icmp &
tcpdump -n -i vethW icmp &
ip netns exec app tcpdump -n -i eth0 icmp &
ip netns exec db tcpdump -n -i eth0 icmp &
ip netns exec web ping -c 1 8.8.8.8
ip netns exec outside ping -c 1 203.0.113.1
ip netns exec web ping -c 1 172.18.0.2
ip netns exec web ping -c 1 172.17.0.3
ip netns exec app ping -c 1 -W 1 172.17.0.3
iptables -L FORWARD -v -n -x
iptables -L DOCKER -v -n -x
iptables -t nat -L POSTROUTING -v -n -x
conntrack -L
