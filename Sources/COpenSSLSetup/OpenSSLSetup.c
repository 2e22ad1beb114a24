#include <openssl/crypto.h>

#include "OpenSSLSetup.h"

static int disabled = 0;

// OpenSSL 3 frees its global state in an atexit handler unless told not to. A process that exits
// while other threads are still using OpenSSL, or are exiting themselves, can crash in that
// handler: a SIGSEGV after the work is done, the exit status lost, and output still in stdio's
// buffer never written. swgate's processes always have such threads (Dispatch's pool, the
// worker's send threads, libcurl's and libpq's users), and need no cleanup at exit: the kernel
// frees the memory. This runs before main, so it comes before libcurl or libpq initialise
// OpenSSL, and its choice is the one OpenSSL keeps (it decides once, at its first initialisation).
__attribute__((constructor)) static void swgate_openssl_setup(void) {
    disabled = OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
}

int swgate_openssl_exit_cleanup_disabled(void) {
    return disabled;
}
