/* Preloaded under valgrind by scripts/bench_cli.py (instruction counts). Valgrind
   3.19 writes to sigsuspend's mask, and libdispatch (where an async Swift main
   parks its thread) passes one in read-only memory: valgrind itself then dies
   with SIGSEGV. Passing a copy on the stack changes nothing else. */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, sizeof(long));
}
