#ifndef SWGATE_CLIBPQ_SHIM_H
#define SWGATE_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
