# A ping to a subnet's broadcast address without -b is refused, and the script stops
# claims: none
#
# fib_add_ifaddr gives every primary address shorter than /31 a broadcast route for the last
# address of its subnet, whether or not `brd` was given. ping's connect() probe towards
# 10.0.0.255 finds that broadcast route; a socket without SO_BROADCAST gets EACCES, and ping
# says "Do you want to ping broadcast? Then -b." (status 2). The local table shows the route.
#
#   default v0 10.0.0.1/24 --- v1
ip link add v0 type veth peer name v1
ip addr add 10.0.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
ip route show table local
ping -c 1 10.0.0.255
ip route
