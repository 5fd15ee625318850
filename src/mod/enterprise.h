/*
 * enterprise.h — what import.c and demo.c need from enterprise.c beyond mod.h.
 */
#ifndef ANJIAN_ENTERPRISE_H
#define ANJIAN_ENTERPRISE_H

#include <stdint.h>
#include <jansson.h>

struct ectx;
struct entity_def;
struct field_def;
struct verr;

/* The "enterprise" declaration (static data of enterprise.c; never freed). */
const struct entity_def *enterprise_entity(void);

/* 监管类型 (supervision_kind): the input of a registration that names the kind of
 * the registering regulator's supervision (an enum of investor | industry |
 * territorial; static). */
const struct field_def *enterprise_kind_field(void);
/* Checks value v (NULL when absent) of 监管类型 for a registration by c: a regulator
 * must give one of the kinds, anyone else none. *kind gets the code (static) or NULL
 * (no supervision to create). 0 ok, -1 with a field error in e. */
int enterprise_kind_check(struct ectx *c, const json_t *v, const char **kind, struct verr *e);
/* Registers enterprise obj (stored form, as entity_create_tx takes it) inside the
 * caller's transaction and, when kind is given, the supervision of c's org over it
 * of that kind. Returns the id, or -1 with err filled. */
int64_t enterprise_register_tx(struct ectx *c, json_t *obj, const char *kind, struct verr *err);

#endif
