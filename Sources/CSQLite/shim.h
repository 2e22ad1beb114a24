#ifndef SWGATE_CSQLITE_SHIM_H
#define SWGATE_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot import.
static inline int swgate_bind_text(sqlite3_stmt *statement, int index, const char *text, int length) {
    return sqlite3_bind_text(statement, index, text, length, SQLITE_TRANSIENT);
}

static inline int swgate_bind_blob(sqlite3_stmt *statement, int index, const void *bytes, int length) {
    return sqlite3_bind_blob(statement, index, bytes, length, SQLITE_TRANSIENT);
}

// sqlite3_config and sqlite3_db_config are variadic, which Swift cannot call.

/// Turns off SQLite's memory statistics: with them on, every allocation takes a global mutex
/// and updates counters, which swgate never reads. Only valid before SQLite is initialised.
static inline int swgate_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// Gives a connection a larger lookaside pool (small allocations served without malloc).
static inline int swgate_set_lookaside(sqlite3 *db, int slotSize, int slotCount) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_LOOKASIDE, (void *)0, slotSize, slotCount);
}
#endif
