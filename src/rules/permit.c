/*
 * permit.c — the hazardous-work permit rules of permit.h (GB 30871-2022, DOMAIN.md §5;
 * seeds/004 item 15). Chapters cited: 4 通用要求 (4.10 监护人), 5 动火, 6 受限空间,
 * 7 盲板抽堵, 8 高处, 9 吊装, 10 临时用电, 11 动土, 12 断路, Appendix B Table B.1
 * (approval).
 */
#include <stdio.h>
#include <string.h>

#include "rules/permit.h"

#define CHEM PMT_SET_CHEM
#define GEN PMT_SET_GENERAL

const struct pmt_kind pmt_kinds[] = {
	/* GB 30871-2022: the eight special operations (危化 enterprises) */
	{"hot", "动火作业", CHEM | GEN, 1},
	{"confined", "受限空间作业", CHEM | GEN, 1},
	{"blind", "盲板抽堵作业", CHEM, 0},
	{"height", "高处作业", CHEM, 0},
	{"lifting", "吊装作业", CHEM | GEN, 0},
	{"power", "临时用电作业", CHEM | GEN, 0},
	{"excavation", "动土作业", CHEM, 0},
	{"road", "断路作业", CHEM, 0},
	/* seeds/004 item 15 for the others: 爆破、吊装、动火、登高、受限空间、设备检维修、
	 * 涂装、临时用电 (吊装, 动火, 受限空间, 临时用电 shared above) */
	{"blasting", "爆破作业", GEN, 0},
	{"climbing", "登高作业", GEN, 0},
	{"maintenance", "设备检维修作业", GEN, 0},
	{"coating", "涂装作业", GEN, 0},
	{NULL, NULL, 0, 0}
};

static int eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

const struct pmt_kind *pmt_kind_find(const char *code)
{
	for (const struct pmt_kind *k = pmt_kinds; code && k->code; k++)
		if (strcmp(k->code, code) == 0)
			return k;
	return NULL;
}

int pmt_kind_in_set(const char *kind, int chem)
{
	const struct pmt_kind *k = pmt_kind_find(kind);

	if (!k)
		return -1;
	return (k->sets & (chem ? CHEM : GEN)) != 0;
}

/* ------------------------------------------------------------------ grades */

const char *pmt_hot_grade(enum pmt_hot_place place, int shutdown_isolated, int raise)
{
	int g;			/* 0 特级, 1 一级, 2 二级 */

	switch (place) {
	case PMT_HOT_RUNNING:
		g = 0;
		break;
	case PMT_HOT_HAZARD_AREA:
		/* a fully shut-down, cleaned and isolated unit may be handled as 二级 */
		g = shutdown_isolated ? 2 : 1;
		break;
	case PMT_HOT_OTHER:
		g = 2;
		break;
	default:
		return NULL;
	}
	if (raise && g > 0)
		g--;
	return g == 0 ? "special" : g == 1 ? "first" : "second";
}

/* Parses "YYYY-MM-DD HH:MM[:SS]" into minutes since 1970-01-01 (civil, no zone). */
static int parse_min(const char *s, long *out)
{
	int y, mo, d, h, mi, sec = 0, n = 0;
	long days;

	if (!s || (sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 &&
		   sscanf(s, "%4d-%2d-%2d %2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    sec < 0 || sec > 59)
		return -1;
	/* days from civil (H. Hinnant) */
	y -= mo <= 2;
	{
		long era = (y >= 0 ? y : y - 399) / 400;
		long yoe = y - era * 400;
		long doy = (153L * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
		long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		days = era * 146097 + doe - 719468;
	}
	*out = days * 1440 + h * 60 + mi;
	return 0;
}

long pmt_minutes_between(const char *a, const char *b)
{
	long x, y;

	if (parse_min(a, &x) != 0 || parse_min(b, &y) != 0)
		return PMT_BAD_MINUTES;
	return y - x;
}

int pmt_time_raises(const char *start, int cal_workday, int night_from, int night_to)
{
	long m;
	int hour;

	if (parse_min(start, &m) != 0 || cal_workday < 0 || night_from < 0 || night_from > 24 ||
	    night_to < 0 || night_to > 24)
		return -1;
	if (cal_workday == 0)
		return 1;
	hour = (int)((m % 1440) / 60);
	return hour >= night_from || hour < night_to;
}

const char *pmt_height_grade(double h, int factor)
{
	static const char *const a[] = { "I", "II", "III", "IV" };
	int band;

	if (!(h >= 2.0))
		return NULL;
	band = h <= 5.0 ? 0 : h <= 15.0 ? 1 : h <= 30.0 ? 2 : 3;
	/* method B (one or more objective hazard factors) is one grade up, IV at most */
	if (factor && band < 3)
		band++;
	return a[band];
}

const char *pmt_lift_grade(double m)
{
	if (!(m >= 0.0))
		return NULL;
	return m > 100.0 ? "first" : m >= 40.0 ? "second" : "third";
}

int pmt_lift_needs_permit(double m)
{
	if (!(m >= 0.0))
		return -1;
	return m >= 10.0;
}

/* ---------------------------------------------------------------- validity */

int pmt_max_hours(const char *kind, const char *grade)
{
	if (eq(kind, "hot"))
		return eq(grade, "second") ? 72 : 8;	/* ch. 5: 特级/一级 8 h, 二级 72 h */
	if (eq(kind, "confined"))
		return 24;				/* ch. 6 */
	if (eq(kind, "height") || eq(kind, "climbing"))
		return 7 * 24;				/* ch. 8: 7 days */
	if (eq(kind, "power"))
		return 15 * 24;				/* ch. 10: 15 days (30 at most) */
	return 0;
}

int pmt_validity_ok(const char *kind, const char *grade, const char *from, const char *to)
{
	long m = pmt_minutes_between(from, to);
	int h;

	if (m == PMT_BAD_MINUTES || !pmt_kind_find(kind))
		return -1;
	if (m <= 0)
		return 0;
	h = pmt_max_hours(kind, grade);
	return h == 0 || m <= (long)h * 60;
}

/* ---------------------------------------------------------------- gas tests */

const char *pmt_gas_fail(const char *kind, const struct pmt_gas *g)
{
	const struct pmt_kind *k = pmt_kind_find(kind);

	if (!k || !g)
		return "作业类别无效";
	if (eq(kind, "confined") && g->o2_pct < 0)
		return "受限空间作业须检测氧含量";
	if (g->o2_pct >= 0) {
		double hi = g->oxygen_rich ? 23.5 : 21.0;
		if (g->o2_pct < 19.5)
			return "氧含量低于19.5%";
		if (g->o2_pct > hi)
			return g->oxygen_rich ? "氧含量高于23.5%" : "氧含量高于21%";
	}
	if ((eq(kind, "hot") || eq(kind, "confined")) && g->comb_pct < 0)
		return "须检测可燃气体浓度";
	if (g->comb_pct >= 0) {
		/* ch. 5: LEL ≥ 4 % → ≤ 0.5 % vol; LEL < 4 % → ≤ 0.2 % vol; an unknown LEL
		 * takes the stricter bound */
		double lim = g->medium_lel >= 4.0 ? 0.5 : 0.2;
		if (g->comb_pct > lim)
			return g->medium_lel >= 4.0 ? "可燃气体浓度超过0.5%（爆炸下限≥4%的介质）"
						    : "可燃气体浓度超过0.2%（爆炸下限<4%的介质）";
	}
	if (g->toxic_ppm >= 0) {
		if (!(g->toxic_limit_ppm > 0))
			return "有毒气体检测须给出GBZ 2.1容许浓度";
		if (g->toxic_ppm > g->toxic_limit_ppm)
			return "有毒气体浓度超过GBZ 2.1容许浓度";
	}
	return NULL;
}

int pmt_retest_minutes(const char *kind, const char *grade)
{
	if (eq(kind, "hot"))
		return eq(grade, "second") ? 60 : 30;
	if (eq(kind, "confined"))
		return 60;
	return 0;
}

/* ---------------------------------------------------------------- approvals */

static const char *const ch_leader[] = { "leader", NULL };
static const char *const ch_safety[] = { "safety_dept", NULL };
static const char *const ch_base[] = { "base_unit", NULL };
static const char *const ch_specialty[] = { "specialty_dept", NULL };
static const char *const ch_plant[] = { "plant_head", NULL };
static const char *const ch_power[] = { "power_unit", NULL };
/* 动土: countersigned by water, power, steam, process, equipment, fire and safety */
static const char *const ch_dig[] = {
	"cs_water", "cs_power", "cs_steam", "cs_process", "cs_equipment", "cs_fire", "cs_safety",
	"specialty_dept", NULL
};
/* 断路: countersigned by fire and safety */
static const char *const ch_road[] = { "cs_fire", "cs_safety", "specialty_dept", NULL };

const char *const *pmt_chain(const char *kind, const char *grade)
{
	if (eq(kind, "hot"))
		return eq(grade, "special") ? ch_leader : eq(grade, "first") ? ch_safety : ch_base;
	if (eq(kind, "confined") || eq(kind, "blind"))
		return ch_base;
	if (eq(kind, "height") || eq(kind, "climbing"))
		return eq(grade, "I") ? ch_base : eq(grade, "IV") ? ch_plant : ch_specialty;
	if (eq(kind, "lifting"))
		return eq(grade, "first") ? ch_plant : ch_specialty;
	if (eq(kind, "power"))
		return ch_power;
	if (eq(kind, "excavation"))
		return ch_dig;
	if (eq(kind, "road"))
		return ch_road;
	/* 004 item 15 kinds outside GB 30871: the enterprise's safety department
	 * (爆破 by the leader in charge) — configuration */
	if (eq(kind, "blasting"))
		return ch_leader;
	if (eq(kind, "maintenance") || eq(kind, "coating"))
		return ch_safety;
	return NULL;
}

const char *pmt_step_label(const char *s)
{
	static const struct { const char *code, *label; } t[] = {
		{"leader", "主管领导"}, {"safety_dept", "安全管理部门"},
		{"base_unit", "所在基层单位"}, {"specialty_dept", "专业部门"},
		{"plant_head", "主管厂长/总工程师"}, {"power_unit", "配送电单位"},
		{"cs_water", "给排水部门会签"}, {"cs_power", "电力部门会签"},
		{"cs_steam", "蒸汽部门会签"}, {"cs_process", "工艺部门会签"},
		{"cs_equipment", "设备部门会签"}, {"cs_fire", "消防部门会签"},
		{"cs_safety", "安全部门会签"},
	};
	for (size_t i = 0; s && i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].code, s) == 0)
			return t[i].label;
	return s;
}

int pmt_step_leader(const char *s)
{
	return eq(s, "leader") || eq(s, "plant_head");
}

const char *pmt_grade_label(const char *g)
{
	static const struct { const char *code, *label; } t[] = {
		{"special", "特级"}, {"first", "一级"}, {"second", "二级"}, {"third", "三级"},
		{"I", "Ⅰ级"}, {"II", "Ⅱ级"}, {"III", "Ⅲ级"}, {"IV", "Ⅳ级"}, {"none", "不分级"},
	};
	for (size_t i = 0; g && i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].code, g) == 0)
			return t[i].label;
	return g;
}

/* ----------------------------------------------- 临时用电, 盲板, 监护人 */

int pmt_power_within(const char *from, const char *to, const char *sfrom, const char *sto)
{
	long a, b, sa, sb;

	if (parse_min(from, &a) != 0 || parse_min(to, &b) != 0 || parse_min(sfrom, &sa) != 0 ||
	    parse_min(sto, &sb) != 0)
		return -1;
	return b > a && a >= sa && b <= sb;
}

int pmt_blind_no_norm(const char *in, char *out, size_t n)
{
	size_t k = 0;

	if (!in || !out || n == 0)
		return -1;
	for (const unsigned char *s = (const unsigned char *)in; *s;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
			s++;
			continue;
		}
		if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) {	/* U+3000 全角空格 */
			s += 3;
			continue;
		}
		if (k + 1 >= n)
			return -1;
		out[k++] = (char)(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s);
		s++;
	}
	out[k] = 0;
	return k ? 0 : -1;
}

/* The length of the separator at s (0: none): ASCII , ; / space tab CR LF, and the
 * UTF-8 、(U+3001) ，(U+FF0C) ；(U+FF1B) ／(U+FF0F) and the full-width space. */
static size_t sep_len(const unsigned char *s)
{
	if (*s == ',' || *s == ';' || *s == '/' || *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if (s[0] == 0xE3 && s[1] == 0x80 && (s[2] == 0x81 || s[2] == 0x80))
		return 3;
	if (s[0] == 0xEF && s[1] == 0xBC && (s[2] == 0x8C || s[2] == 0x9B || s[2] == 0x8F))
		return 3;
	return 0;
}

int pmt_name_in_list(const char *name, const char *list)
{
	const unsigned char *s = (const unsigned char *)list;
	size_t nl;

	if (!name || !list)
		return -1;
	/* the name itself without surrounding spaces */
	while (*name == ' ')
		name++;
	nl = strlen(name);
	while (nl && name[nl - 1] == ' ')
		nl--;
	if (!nl)
		return -1;
	while (*s) {
		const unsigned char *t = s;
		size_t k;
		while (*t && !sep_len(t))
			t++;
		if ((size_t)(t - s) == nl && memcmp(s, name, nl) == 0)
			return 1;
		s = t;
		while (*s && (k = sep_len(s)) != 0)
			s += k;
	}
	return 0;
}
