/*
 * equipment.h — the inspection dates of equipment and special equipment (特种设备):
 * the next periodic inspection is the last one plus the interval in months
 * (《特种设备安全法》第四十条: 在检验合格有效期届满前一个月向检验机构提出定期检验要求;
 * TSG 08-2017《特种设备使用管理规则》), a date past the end of a shorter month
 * falling on its last day (2026-01-31 + 1 month = 2026-02-28).
 */
#ifndef ANJIAN_RULES_EQUIPMENT_H
#define ANJIAN_RULES_EQUIPMENT_H

/* last ("YYYY-MM-DD") plus months (1..240) into out. 0 ok, -1 bad input. */
int equip_next_inspection(const char *last, int months, char out[11]);

#endif
