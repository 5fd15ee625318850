/* permit_int.h — what permit.c, permit_flow.c and permit_demo.c share. */
#ifndef ANJIAN_MOD_PERMIT_INT_H
#define ANJIAN_MOD_PERMIT_INT_H

#include <jansson.h>

struct entity_def;
struct workflow;
struct enum_opt;

extern const struct entity_def permit_def, permit_gas_def, permit_approval_def;
extern const struct workflow permit_workflow;
extern const struct enum_opt permit_status_opts[];
extern const struct enum_opt permit_step_opts[];

/* The guardian's certificate kinds of the training module that qualify a person as
 * 监护人 (GB 30871 4.10: trained and certified): configuration. */
#define PMT_GUARDIAN_CERTS { "special_op", "safety_manager", NULL }

struct ectx;

/* 10.8: NULL when the 临时用电 permit row serves no permit or may serve the one it
 * names (same enterprise, open, another kind, the power's time within its validity),
 * else the Chinese reason and *field (served_permit_id or valid_to). permit.c. */
const char *permit_served_refusal(struct ectx *c, const json_t *row, const char **field);

/* A real member of a row; dflt when absent or null. */
double pmt_row_real(const json_t *o, const char *k, double dflt);

#endif
