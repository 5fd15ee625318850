/*
 * pending.c — weak no-op definitions of the issue-3 module entry points declared in
 * mod.h, so the binary links while risk.c, hazard.c and dashboard.c are being
 * written. A module's real (strong) definition overrides these at link time.
 */
#include "mod/mod.h"

__attribute__((weak)) void risk_init(void) {}
__attribute__((weak)) int risk_demo_build(struct ectx *c) { (void)c; return 0; }
__attribute__((weak)) void hazard_init(void) {}
__attribute__((weak)) int hazard_demo_build(struct ectx *c) { (void)c; return 0; }
__attribute__((weak)) void dashboard_init(void) {}
__attribute__((weak)) int dashboard_schema(struct db *db) { (void)db; return 0; }
