#ifndef SWGATE_CLIBCRYPTO_SHIM_H
#define SWGATE_CLIBCRYPTO_SHIM_H

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/asn1.h>
#include <openssl/rand.h>

// Macros and variadic calls Swift cannot import, as small typed functions.

static inline BIO *swgate_bio_from_bytes(const void *bytes, int length) {
    return BIO_new_mem_buf(bytes, length);
}

static inline int swgate_set_sm2_id(EVP_PKEY_CTX *context, const unsigned char *id, size_t length) {
    return EVP_PKEY_CTX_set1_id(context, id, length);
}

static inline int swgate_x509_der(X509 *certificate, unsigned char **out) {
    return i2d_X509(certificate, out);
}

static inline X509 *swgate_x509_from_der(const unsigned char *bytes, long length) {
    const unsigned char *cursor = bytes;
    return d2i_X509(NULL, &cursor, length);
}

static inline void swgate_openssl_free(void *pointer) {
    OPENSSL_free(pointer);
}

/// Seconds from now until the certificate's notAfter (negative when expired); 0 on error.
static inline long long swgate_x509_seconds_left(X509 *certificate) {
    int days = 0, seconds = 0;
    if (!ASN1_TIME_diff(&days, &seconds, NULL, X509_get0_notAfter(certificate))) return 0;
    return (long long)days * 86400LL + (long long)seconds;
}

static inline int swgate_pkey_is_sm2(EVP_PKEY *key) {
    return EVP_PKEY_is_a(key, "SM2");
}
#endif
