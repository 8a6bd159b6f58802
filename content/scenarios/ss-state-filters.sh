# ss state filters: state, exclude, and the groups (connected, synchronized, bucket, big)
# claims: none
#
# server listens on TCP 80 (`nc -lk`), later on 81 (`nc -l`, one connection), and drops SYNs to 82.
# client holds a connection to 80 open (`nc -w 8 -p 40000 ... &`). `state connected` is every
# state but LISTEN and CLOSE; `synchronized` also leaves out SYN-SENT; `big` is everything but
# SYN-RECV and TIME-WAIT, `bucket` only those two (the minisockets). One state asked for: no
# State column; two: it comes back. `exclude` takes states out of everything. Then client
# closes a connection to 81 (TIME-WAIT) and tries 82 (SYN-SENT, retransmitted: nobody answers).
# Each listing holds at most one connection and one listener: the kernel lists sockets in hash
# order, random per namespace (listeners always first).
#
#   client eth0 10.0.0.2/24 --- eth0 10.0.0.1/24 server (nc -lk 80, nc -l 81; INPUT drops TCP to 82)
ip netns add server
ip netns add client
ip netns exec server ip link add eth0 type veth peer name eth0 netns client
ip netns exec server ip addr add 10.0.0.1/24 dev eth0
ip netns exec server ip link set eth0 up
ip netns exec client ip addr add 10.0.0.2/24 dev eth0
ip netns exec client ip link set eth0 up
ip netns exec server iptables -A INPUT -p tcp --dport 82 -j DROP
ip netns exec server nc -lk 80 &
ip netns exec client nc -w 8 -p 40000 10.0.0.1 80 &
sleep 1
ip netns exec client ss -tan state connected
ip netns exec client ss -tn state synchronized
ip netns exec server ss -tn state established state listening
ip netns exec server ss -tan state big
ip netns exec server ss -tan exclude listening
ip netns exec server ss -tan state bucket
ip netns exec server nc -l 81 &
ip netns exec client nc -z -p 40001 10.0.0.1 81
ip netns exec client nc -w 6 -p 40002 10.0.0.1 82 &
sleep 1.5
ip netns exec client ss -tan state syn-sent
ip netns exec client ss -tan state bucket
ip netns exec client ss -tan exclude established exclude syn-sent
ip netns exec client ss -tn state time-wait state fin-wait-1
ip netns exec server ss -tln
