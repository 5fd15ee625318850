/*
 * enterprise.h — what import.c and demo.c need from enterprise.c beyond mod.h.
 */
#ifndef ANJIAN_ENTERPRISE_H
#define ANJIAN_ENTERPRISE_H

struct entity_def;

/* The "enterprise" declaration (static data of enterprise.c; never freed). */
const struct entity_def *enterprise_entity(void);

#endif
