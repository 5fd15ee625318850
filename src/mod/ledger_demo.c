/* placeholder, filled below */
#include "mod/ledger.h"
int ledger_demo_build(struct ectx *c) { (void)c; return 0; }
