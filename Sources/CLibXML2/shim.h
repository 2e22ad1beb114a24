#ifndef SWGATE_CLIBXML2_SHIM_H
#define SWGATE_CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU; its headers then pull in ICU types that clash with
// Foundation's. swgate never uses libxml2's ICU encoders, so switch them off first.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlIO.h>
#include <libxml/c14n.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

static inline void swgate_xml_free(void *pointer) { xmlFree(pointer); }

#endif
