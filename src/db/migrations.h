/* migrations.h — the numbered migrations embedded by scripts/embed-sql.sh from
 * sql/migrations/NNNN_name.sql (build/gen/migrations.c), applied by db_migrate(). */
#ifndef ANJIAN_MIGRATIONS_H
#define ANJIAN_MIGRATIONS_H
#include <stddef.h>
struct migration {
	int version;
	const char *name;
	const char *sql;	/* portable SQL with {{PK}} {{INT}} {{REAL}} {{BLOB}} tokens */
};
extern const struct migration migrations[];
extern const size_t migrations_count;
#endif
