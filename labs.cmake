# Every lab, one line each: np_add_lab(<directory> TOOL <program> | TOOLS <programs...> [LIBS <targets>...]).
# A lab whose directory is missing from NP_LABS_DIR is skipped.
np_add_lab(ping TOOL np-ping)
np_add_lab(daemons TOOL np-daemond)
np_add_lab(traceroute TOOL np-traceroute)
np_add_lab(raw-sockets TOOLS np-rawsend np-rawrecv)
np_add_lab(event-loop TOOLS np-echod np-httpd LIBS uring)
np_add_lab(concurrent-udp TOOLS np-udpd np-tftpd np-tftp)
np_add_lab(inetd TOOLS np-inetd np-daytimed LIBS lab:daemons)
np_add_lab(syslog TOOLS np-syslogd np-logger LIBS lab:daemons)
np_add_lab(icmpd TOOLS np-icmpd np-udpcli LIBS lab:daemons)
np_add_lab(datalink TOOLS np-capture np-pfcapture LIBS pcap)
