# Every lab, one line each: np_add_lab(<directory> TOOL <program> | TOOLS <programs...> [LIBS <targets>...]).
# A lab whose directory is missing from NP_LABS_DIR is skipped.
np_add_lab(ping TOOL np-ping)
np_add_lab(daemons TOOL np-daemond)
np_add_lab(traceroute TOOL np-traceroute)
np_add_lab(raw-sockets TOOLS np-rawsend np-rawrecv)
