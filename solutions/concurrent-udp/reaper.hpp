#pragma once
// Collecting the exit status of every child a forking server leaves behind, so that none
// lingers as a zombie.

namespace concurrent {

// Installs a SIGCHLD handler that reaps every child that has exited. Signals of one kind
// do not queue: one SIGCHLD may stand for several children, so the handler reaps in a
// loop until none is left, never just one per signal.
void reap_children_on_sigchld();

}  // namespace concurrent
