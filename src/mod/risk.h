/*
 * risk.h — what other modules and the CLI need from the risk module (risk.c,
 * 安全风险分级管控). risk_summary is a declared aggregate of risk_point (the entity
 * core keeps and rebuilds it); the module table (modules.c) holds the rest.
 */
#ifndef ANJIAN_MOD_RISK_H
#define ANJIAN_MOD_RISK_H

struct db;


#endif
