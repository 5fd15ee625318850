/*
 * duty.c — the rules of the responsibility system (rules/duty.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "rules/duty.h"

/* 安全生产法 (2021) 第二十一条, as quoted in seeds/000 §二(一). */
static const char *const statutory[DUTY_STATUTORY_N] = {
	"建立健全并落实本单位全员安全生产责任制，加强安全生产标准化建设",
	"组织制定并实施本单位安全生产规章制度和操作规程",
	"组织制定并实施本单位安全生产教育和培训计划",
	"保证本单位安全生产投入的有效实施",
	"组织建立并落实安全风险分级管控和隐患排查治理双重预防工作机制，督促、检查本单位的安全生产工作，及时消除生产安全事故隐患",
	"组织制定并实施本单位的生产安全事故应急救援预案",
	"及时、如实报告生产安全事故",
};

const char *duty_statutory_text(int n)
{
	return n >= 1 && n <= DUTY_STATUTORY_N ? statutory[n - 1] : NULL;
}

#define ART33 "上海市安全生产条例第三十三条（seeds/000 二(三)1）"
static const struct duty_system systems[DUTY_SYSTEMS_N] = {
	{"responsibility", "安全生产全员责任制及奖惩制度", ART33},
	{"meeting", "安全生产会议制度", ART33},
	{"funding", "安全生产投入及费用管理制度", ART33},
	{"risk_control", "安全风险分级管控制度", ART33},
	{"hazard_check", "安全检查和事故隐患排查治理制度", ART33},
	{"emergency", "应急管理制度", ART33},
	{"archive", "安全生产档案制度", ART33},
	{"operating", "岗位作业管理制度及操作规程",
	 "seeds/000 二(三)1：涵盖所有生产经营过程和环节的岗位作业管理制度及操作规程"},
};

const struct duty_system *duty_system_at(int i)
{
	return i >= 0 && i < DUTY_SYSTEMS_N ? &systems[i] : NULL;
}

int duty_system_find(const char *code)
{
	for (int i = 0; code && i < DUTY_SYSTEMS_N; i++)
		if (strcmp(systems[i].code, code) == 0)
			return i;
	return -1;
}

int duty_half_of(const char *date, char out[3])
{
	int64_t d;

	if (!date || strlen(date) != 10 || date_parse(date, &d) != 0)
		return -1;
	/* months 01–06 are the first half */
	out[0] = 'H';
	out[1] = (date[5] == '0' && date[6] <= '6') ? '1' : '2';
	out[2] = '\0';
	return 0;
}

int duty_report_due(int year, const char *half, char out[11])
{
	if (year < 1900 || year > 2999 || !half)
		return -1;
	if (strcmp(half, "H1") == 0)
		snprintf(out, 11, "%04d-06-30", year);
	else if (strcmp(half, "H2") == 0)
		snprintf(out, 11, "%04d-12-31", year);
	else
		return -1;
	return 0;
}

int duty_revision_next(const char *approved, int years, char out[11])
{
	int64_t d;
	int y, m, day;
	char buf[24];

	if (!approved || years < 1 || years > 20 || strlen(approved) != 10 ||
	    date_parse(approved, &d) != 0 || sscanf(approved, "%4d-%2d-%2d", &y, &m, &day) != 3)
		return -1;
	y += years;
	if (y > 2999 || m < 1 || m > 12 || day < 1 || day > 31)
		return -1;
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, day);
	if (date_parse(buf, &d) != 0)	/* 29 February of a common year */
		snprintf(buf, sizeof(buf), "%04d-%02d-28", y, m);
	memcpy(out, buf, 10);
	out[10] = '\0';
	return 0;
}
