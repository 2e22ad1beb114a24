#ifndef SWGATE_OPENSSL_SETUP_H
#define SWGATE_OPENSSL_SETUP_H

/// 1 when OpenSSL was told, before `main`, to keep its global state at exit (see OpenSSLSetup.c).
int swgate_openssl_exit_cleanup_disabled(void);

#endif
