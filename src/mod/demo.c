/*
 * demo.c — a realistic demo district in the style of Shanghai's 青浦区, so that a
 * new installation (`anjian demo`) shows every screen with plausible data:
 *
 *   - regulators: 青浦区国资委 (出资监管 of every enterprise) and 区安委办
 *     (属地监管 of every enterprise);
 *   - 14 enterprises of several industries and high-risk categories, two of them
 *     groups with subsidiaries, each with a valid 统一社会信用代码 (GB 32100-2015:
 *     "91" enterprise, "310118" 青浦区, 9-character body, check character);
 *   - for each: 安委会 and 安全管理部门 with members (青国资委〔2025〕40号 二(二)),
 *     a 网点 ledger with self-operated / leased-out / leased-in premises, some
 *     leased out without a signed safety agreement (宝国资委〔2024〕11号 一: the gaps
 *     the ledger exists to reveal), and 相关方 of which some have expired
 *     qualifications (安全生产法 第四十九条);
 *   - 成员单位 of the district's safety committee (区应急局, 区建管委, 区消防救援支队,
 *     区市场监管局: the units of the seeds/003 annex) under the regulator's node,
 *     the 区应急局 and 区建管委 with 行业监管 of the enterprises of their industries;
 *   - the accounts of demo_accounts[] (区领导 肖立's own, a regulator account of
 *     the 国资委 where the district keeps its leaders, among them).
 *
 * Every record goes through the entity core with a system context, so hooks (org
 * nodes, org-change reports) and audit rows are those of real use. Everything but
 * the users is one transaction; users come after it because hashing eight
 * passwords with argon2id is the slow part and needs no lock.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "mod/enterprise.h"
#include "mod/mod.h"
#include "rules/uscc.h"

#define REG_NAME "青浦区国资委"
#define COMMITTEE_NAME "青浦区安委办"

struct demo_ent {
	int parent;		/* index of the group in demo_ents, -1 none */
	const char *name, *short_name, *address;
	const char *section, *division, *high_risk, *scale, *grade;
	int employees;
	double lat, lng;
};

/* The district. Coordinates lie in 青浦 (31.08–31.25 N, 120.90–121.30 E). */
static const struct demo_ent demo_ents[] = {
	/* 0: enterprise A of the demo accounts, a group */
	{-1, "上海青浦城市建设投资集团有限公司", "青浦城投", "上海市青浦区公园路100号",
	 "L", "72", "none", "above", "level2", 1860, 31.1512, 121.1245},
	{0, "上海青浦城投建设工程有限公司", "城投建设", "上海市青浦区盈港东路1388号",
	 "E", "48", "construction", "above", "level3", 640, 31.1568, 121.1332},
	{0, "上海青浦燃气有限公司", "青浦燃气", "上海市青浦区外青松公路5200号",
	 "D", "45", "gas", "above", "level2", 420, 31.1697, 121.1189},
	{0, "上海青浦城投物业管理有限公司", "城投物业", "上海市青浦区城中东路585号",
	 "K", "70", "none", "below", "none", 380, 31.1498, 121.1173},
	/* 4: a transport group with its bus company */
	{-1, "上海青浦交通运输集团有限公司", "青浦交运", "上海市青浦区青安路1088号",
	 "G", "54", "transport", "above", "level2", 960, 31.1623, 121.1041},
	{4, "上海青浦公共交通有限公司", "青浦公交", "上海市青浦区青赵公路4888号",
	 "G", "54", "transport", "above", "level3", 1250, 31.1405, 121.1012},
	/* 6: enterprise B of the demo accounts */
	{-1, "上海青浦精工金属制品有限公司", "精工金属", "上海市青浦区华新镇华腾路1299号",
	 "C", "33", "metal_smelting", "above", "level3", 260, 31.2214, 121.2176},
	{-1, "上海青浦华新木业家具有限公司", "华新木业", "上海市青浦区华新镇嘉松中路5555号",
	 "C", "21", "dust_explosion", "below", "none", 145, 31.2352, 121.2268},
	{-1, "上海青浦化工物资贸易有限公司", "青浦化贸", "上海市青浦区白鹤镇鹤祥路188号",
	 "F", "51", "hazardous_chemicals", "below", "level3", 38, 31.2451, 121.0876},
	{-1, "上海青浦冷链食品有限公司", "青浦冷链", "上海市青浦区重固镇北青公路6666号",
	 "C", "13", "ammonia_refrigeration", "above", "level3", 210, 31.1987, 121.1663},
	{-1, "上海青浦淀山湖购物中心有限公司", "淀湖购物", "上海市青浦区淀山湖大道888号",
	 "F", "52", "crowded_place", "above", "none", 520, 31.1133, 121.0482},
	{-1, "上海青浦淀山湖大酒店有限公司", "淀湖酒店", "上海市青浦区朱家角镇沪青平公路6868号",
	 "H", "61", "crowded_place", "below", "level3", 185, 31.1089, 120.9521},
	{-1, "上海青浦自来水有限公司", "青浦自来水", "上海市青浦区青松路1200号",
	 "D", "46", "none", "above", "level2", 330, 31.1746, 121.1295},
	{-1, "上海青浦彩印包装有限公司", "青浦彩印", "上海市青浦区香花桥街道天辰路2288号",
	 "C", "23", "none", "below", "none", 96, 31.1902, 121.1548},
};
#define NENTS ((int)ARRAY_SIZE(demo_ents))
#define ENT_A 0
#define ENT_B 6

const struct demo_account demo_accounts[] = {
	{"admin", "系统管理员", REG_NAME},
	{"regulator", "监管部门", REG_NAME},
	{"manager", "企业安全管理员", "上海青浦城市建设投资集团有限公司"},
	{"principal", "企业主要负责人", "上海青浦城市建设投资集团有限公司"},
	{"staff", "企业员工", "上海青浦城市建设投资集团有限公司"},
	{"manager2", "企业安全管理员", "上海青浦精工金属制品有限公司"},
	{"principal2", "企业主要负责人", "上海青浦精工金属制品有限公司"},
	{"department", "成员单位", "区应急局"},
	{"leader", "监管部门（区领导）", REG_NAME},
};
const int demo_accounts_count = (int)ARRAY_SIZE(demo_accounts);

/* 行政执法证 of the demo accounts that enforce (number, valid for days from today). */
static const struct {
	const char *username, *no;
	int days;
} demo_certs[] = {
	{"regulator", "沪执310118000231", 730},
	{"department", "沪执310118000457", 400},
};

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
	"徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "沈",
};
static const char *const given[] = {
	"伟", "芳", "建华", "敏", "静", "志强", "磊", "军", "海燕", "勇",
	"晓东", "杰", "国庆", "明", "秀英", "卫东", "丽", "春生", "文斌", "燕",
};
static const char *const streets[] = {
	"城中东路", "公园路", "青安路", "盈港路", "淀山湖大道", "华青路", "崧泽大道", "漕盈路",
};
static const char *const uses[] = {
	"沿街商铺", "仓库", "办公用房", "餐饮", "厂房", "停车场",
};
static const char *const tenants[] = {
	"上海青浦鑫隆餐饮管理有限公司", "上海沪青平物流有限公司", "上海佳乐便利店有限公司",
	"上海青浦恒信汽修有限公司", "上海朱家角文旅发展有限公司", "上海华新仓储服务有限公司",
};
static const char *const contractors[][2] = {
	{"上海申青建设工程有限公司", "建筑工程施工总承包二级"},
	{"上海青松机电安装有限公司", "机电工程施工总承包三级"},
	{"上海安捷消防工程有限公司", "消防设施工程专业承包二级"},
	{"上海华新保洁服务有限公司", "无（清洁服务）"},
	{"上海沪西电梯维保有限公司", "特种设备安装改造修理许可"},
	{"上海青浦绿化养护有限公司", "城市园林绿化养护"},
};

/* A person's name, deterministic in k. */
static const char *person(struct arena *a, int k)
{
	return arena_printf(a, "%s%s", surnames[(k * 7 + 3) % 20], given[(k * 13 + 5) % 20]);
}

/* A mobile number, deterministic in k. */
static const char *mobile(struct arena *a, int k)
{
	return arena_printf(a, "1381600%04d", (k * 37 + 11) % 10000);
}

/* A valid USCC (GB 32100-2015 §4): 9 = 市场监管, 1 = 企业, 310118 = 青浦区, the
 * 9-character body "MA1G" + digits, then the check character (rules/uscc.c). */
static const char *demo_uscc(struct arena *a, int k)
{
	char s17[24];

	snprintf(s17, sizeof(s17), "91310118MA1G%05u", (unsigned)(20170 + k * 137) % 100000u);
	return arena_printf(a, "%s%c", s17, uscc_check_char(s17));
}

/* Creates a row through the entity core (takes obj). Returns the id or -1. */
static int64_t mk(struct ectx *c, const char *entity, json_t *obj)
{
	const struct entity_def *d = entity_find(entity);
	struct verr e;
	int64_t id;

	verr_init(&e, c->arena);
	if (!d || !obj)
		BUG("demo: unknown entity or bad object");
	id = entity_create_tx(c, d, obj, &e);
	if (id < 0)
		log_err("demo: %s: %s %s", entity, e.field ? e.field : "",
			e.message ? e.message : "");
	json_decref(obj);
	return id;
}

/* A small PDF standing for a scanned safety-management agreement, stored once per
 * enterprise org (file + file_blob, as files.c stores uploads). Returns the id. */
static int64_t demo_file(struct ectx *c, int64_t org)
{
	static const char pdf[] =
		"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
		"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
		"trailer<</Root 1 0 R>>\n%%EOF\n";
	char sha[65], now[20];
	struct db_stmt *st = NULL;
	int64_t id = -1, have = 0;

	sha256_hex(pdf, sizeof(pdf) - 1, sha);
	time_datetime(now_utc(), now);
	st = db_prepare(c->db, "SELECT COUNT(*) FROM file_blob WHERE sha256 = ?");
	if (!st || db_bind_text(st, 1, sha) || db_step(st) != DB_ROW)
		goto out;
	have = db_col_int64(st, 0);
	db_finalize(st);
	st = NULL;
	if (!have) {
		st = db_prepare(c->db, "INSERT INTO file_blob (sha256, data) VALUES (?, ?)");
		if (!st || db_bind_text(st, 1, sha) || db_bind_blob(st, 2, pdf, sizeof(pdf) - 1) ||
		    db_step(st) < 0)
			goto out;
		db_finalize(st);
	}
	st = db_prepare(c->db, "INSERT INTO file (org_id, sha256, size, mime, name, created_at,"
			" updated_at) VALUES (?, ?, ?, 'application/pdf', '安全生产管理协议.pdf', ?, ?)"
			" RETURNING id");
	if (!st || db_bind_int64(st, 1, org) || db_bind_text(st, 2, sha) ||
	    db_bind_int64(st, 3, (int64_t)sizeof(pdf) - 1) || db_bind_text(st, 4, now) ||
	    db_bind_text(st, 5, now) || db_step(st) != DB_ROW)
		goto out;
	id = db_col_int64(st, 0);
out:
	db_finalize(st);
	return id;
}

/* The safety committee and department of enterprise i (青国资委〔2025〕40号 二(二):
 * 安委会, 专门安全管理机构, 安全管理人员, 注册安全工程师 encouraged). */
static int demo_bodies(struct ectx *c, int i, int64_t org, const char *principal,
		       const char *director)
{
	struct arena *a = c->arena;
	int64_t com, dep;
	int k = i * 10, nmem = 2 + i % 3;

	com = mk(c, "safety_body", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}",
		"org_id", (json_int_t)org, "kind", "committee", "name", "安全生产委员会",
		"duties", "研究部署本单位安全生产工作；审议安全生产责任制、规章制度和年度计划；"
			  "督促重大事故隐患整改；每季度至少召开一次安委会会议。",
		"work_rules", "安委会会议制度；安全生产责任制考核办法；重大事项报告制度。",
		"established", "2019-03-15", "phone", arena_printf(a, "021-5970%04d", 1000 + i)));
	if (com < 0)
		return -1;
	if (mk(c, "safety_member", json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:b}", "org_id",
		(json_int_t)org, "body_id", (json_int_t)com, "name", principal, "body_role",
		"director", "position", "总经理", "phone", mobile(a, k), "registered_engineer", 0)) < 0)
		return -1;
	if (mk(c, "safety_member", json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:b}", "org_id",
		(json_int_t)org, "body_id", (json_int_t)com, "name", director, "body_role",
		"deputy", "position", "安全总监", "phone", mobile(a, k + 1),
		"registered_engineer", 1)) < 0)
		return -1;
	for (int m = 0; m < nmem; m++) {
		static const char *const pos[] = { "生产部经理", "工程部经理", "综合办主任", "财务部经理" };

		if (mk(c, "safety_member", json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:b}",
			"org_id", (json_int_t)org, "body_id", (json_int_t)com, "name",
			person(a, k + 2 + m), "body_role", "member", "position", pos[m % 4],
			"phone", mobile(a, k + 2 + m), "registered_engineer", 0)) < 0)
			return -1;
	}
	dep = mk(c, "safety_body", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "org_id",
		(json_int_t)org, "kind", "department", "name", "安全管理部",
		"duties", "组织或参与拟订安全生产规章制度、操作规程和应急预案；组织安全教育培训；"
			  "检查安全生产状况，及时排查事故隐患并督促落实整改（安全生产法第二十五条）。",
		"established", "2019-03-15", "phone", arena_printf(a, "021-5971%04d", 1000 + i)));
	if (dep < 0)
		return -1;
	if (mk(c, "safety_member", json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:b}", "org_id",
		(json_int_t)org, "body_id", (json_int_t)dep, "name", director, "body_role", "head",
		"position", "安全管理部经理", "phone", mobile(a, k + 1), "registered_engineer", 1)) < 0)
		return -1;
	for (int m = 0; m < 1 + i % 3; m++) {
		if (mk(c, "safety_member", json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:b}",
			"org_id", (json_int_t)org, "body_id", (json_int_t)dep, "name",
			person(a, k + 6 + m), "body_role", m == 0 && i % 2 ? "part_time" : "full_time",
			"position", "安全员", "phone", mobile(a, k + 6 + m),
			"registered_engineer", m == 1)) < 0)
			return -1;
	}
	return 0;
}

/* The 网点 ledger of enterprise i (宝国资委〔2024〕11号 一). */
static int demo_outlets(struct ectx *c, int i, int64_t org, int64_t file)
{
	struct arena *a = c->arena;
	static const char *const kinds[] = { "self_operated", "leased_out", "leased_in" };
	int n = 2 + (i * 3) % 5;

	for (int k = 0; k < n; k++) {
		const char *kind = kinds[(i + k) % 3];
		int out = strcmp(kind, "self_operated") != 0;
		/* every third leased outlet has no signed agreement: a real gap */
		int signed_ = out && (i + k) % 3 != 1;
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:f, s:s, s:b, s:s, s:s}",
			"org_id", (json_int_t)org,
			"name", arena_printf(a, "%s%s%d号", streets[(i + k) % 8], uses[(i * 2 + k) % 6],
					     10 + k * 7 + i),
			"kind", kind,
			"address", arena_printf(a, "上海市青浦区%s%d号", streets[(i + k) % 8],
						100 + i * 17 + k * 3),
			"area", 80.0 + (double)((i * 131 + k * 57) % 2400),
			"use", uses[(i * 2 + k) % 6], "agreement_signed", signed_,
			"contact_name", person(a, i * 10 + k + 40), "contact_phone",
			mobile(a, i * 10 + k + 40));

		if (out) {
			json_object_set_new(o, "tenant", json_string(
				strcmp(kind, "leased_out") == 0 ? tenants[(i + k) % 6] :
				"上海青浦资产经营管理有限公司"));
			json_object_set_new(o, "lease_start", json_string("2023-01-01"));
			json_object_set_new(o, "lease_end", json_string(k % 2 ? "2025-12-31" : "2027-12-31"));
		}
		if (signed_)
			json_object_set_new(o, "agreement_files", json_pack("[I]", (json_int_t)file));
		if (mk(c, "outlet", o) < 0)
			return -1;
	}
	return 0;
}

/* The 相关方 of enterprise i (安全生产法 第四十九条); some qualifications expired. */
static int demo_contractors(struct ectx *c, int i, int64_t org, int64_t file)
{
	struct arena *a = c->arena;
	char past[11], future[11];
	int n = 1 + i % 4;

	time_date(now_utc() - (time_t)75 * 86400, past);
	time_date(now_utc() + (time_t)420 * 86400, future);
	for (int k = 0; k < n; k++) {
		int ci = (i + k * 2) % 6, expired = (i + k) % 4 == 2;
		int signed_ = (i + k) % 5 != 3;
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s}",
			"org_id", (json_int_t)org, "name", contractors[ci][0],
			"uscc", demo_uscc(a, 100 + ci), "kind", ci == 5 ? "lessee" : "contractor",
			"qualification", contractors[ci][1],
			"qualification_no", arena_printf(a, "D%09d", 231000000 + ci * 4321),
			"qualification_expiry", expired ? past : future,
			"agreement_signed", signed_,
			"work_scope", ci == 5 ? "租赁场地用于苗木养护" : "厂区及办公楼维修维护作业",
			"period_start", "2025-01-01", "period_end", "2026-12-31",
			"contact_name", person(a, 60 + ci), "contact_phone", mobile(a, 60 + ci));

		if (signed_)
			json_object_set_new(o, "agreement_files", json_pack("[I]", (json_int_t)file));
		if (mk(c, "contractor", o) < 0)
			return -1;
	}
	return 0;
}

/* Builds the district (see the file comment). 0 ok, -1 error. */
int demo_build(struct db *db, const char *password)
{
	struct arena a;
	struct ectx c;
	int64_t reg, com, ids[NENTS], orgs[NENTS], depts[4];
	struct db_stmt *st = NULL;
	char now[20];
	int rc = -1, began = 0;

	arena_init(&a);
	c = (struct ectx){ .db = db, .arena = &a };
	if (db_begin(db) != 0)
		goto out;
	began = 1;
	reg = org_create(&c, 0, REG_NAME, "regulator");
	com = org_create(&c, 0, COMMITTEE_NAME, "committee");
	if (reg < 0 || com < 0)
		goto out;
	for (int i = 0; i < NENTS; i++) {
		const struct demo_ent *d = &demo_ents[i];
		const char *principal = person(&a, i * 10 + 90), *director = person(&a, i * 10 + 91);
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:f, s:f, s:s, s:s, s:s, s:s, s:i,"
				      " s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s}",
			"name", d->name, "uscc", demo_uscc(&a, i), "short_name", d->short_name,
			"address", d->address, "lat", d->lat, "lng", d->lng,
			"industry_section", d->section, "industry_division", d->division,
			"high_risk", d->high_risk, "scale", d->scale, "employee_count", d->employees,
			"legal_rep", principal, "actual_controller", "上海市青浦区国有资产监督管理委员会",
			"principal_name", principal, "principal_phone", mobile(&a, i * 10 + 90),
			"safety_director_name", director, "safety_director_phone",
			mobile(&a, i * 10 + 91), "safety_engineer_count", 1 + i % 3,
			"standard_grade", d->grade, "status", i == 13 ? "suspended" : "operating");
		int64_t file;

		if (d->parent >= 0)
			json_object_set_new(o, "parent_id", json_integer(ids[d->parent]));
		if (strcmp(d->grade, "none") != 0)
			json_object_set_new(o, "standard_grade_expiry",
					    json_string(i % 3 ? "2027-06-30" : "2026-03-31"));
		if ((ids[i] = mk(&c, "enterprise", o)) < 0)
			goto out;
		orgs[i] = 0;
		st = db_prepare(db, "SELECT org_id FROM enterprise WHERE id = ?");
		if (!st || db_bind_int64(st, 1, ids[i]) || db_step(st) != DB_ROW)
			goto out;
		orgs[i] = db_col_int64(st, 0);
		db_finalize(st);
		st = NULL;
		if (supervision_add(&c, reg, orgs[i], "investor") != 0 ||
		    supervision_add(&c, com, orgs[i], "territorial") != 0)
			goto out;
		if ((file = demo_file(&c, orgs[i])) < 0 ||
		    demo_bodies(&c, i, orgs[i], principal, director) != 0 ||
		    demo_outlets(&c, i, orgs[i], file) != 0 ||
		    demo_contractors(&c, i, orgs[i], file) != 0)
			goto out;
	}
	/* the 成员单位 and their 行业监管 (the industries each answers for: 应急 for
	 * metal smelting, dust, chemicals and ammonia refrigeration; 建管 for
	 * construction and gas) */
	{
		static const char *const units[] = { "区应急局", "区建管委", "区消防救援支队", "区市场监管局" };
		static const struct { int unit, ent; } industry[] = {
			{0, ENT_B}, {0, 7}, {0, 8}, {0, 9}, {1, 1}, {1, 2},
		};

		for (size_t k = 0; k < ARRAY_SIZE(units); k++)
			if ((depts[k] = org_create(&c, reg, units[k], "department")) < 0)
				goto out;
		for (size_t k = 0; k < ARRAY_SIZE(industry); k++)
			if (supervision_add(&c, depts[industry[k].unit], orgs[industry[k].ent], "industry") != 0)
				goto out;
	}
	/* the initial reports of the safety organisation were read long ago, except
	 * those of enterprise A, which wait on the regulator's desk */
	time_datetime(now_utc(), now);
	st = db_prepare(db, "UPDATE org_change SET acknowledged = 1, status = 'acknowledged', acknowledged_at = ?"
			" WHERE org_id <> ?");
	if (!st || db_bind_text(st, 1, now) || db_bind_int64(st, 2, orgs[ENT_A]) ||
	    db_step(st) < 0)
		goto out;
	db_finalize(st);
	st = NULL;
	if (db_commit(db) != 0)
		goto out;
	began = 0;
	if (user_create_system(db, reg, "admin", "系统管理员", "admin", password) < 0 ||
	    user_create_system(db, reg, "regulator", "陈程", "regulator", password) < 0 ||
	    user_create_system(db, orgs[ENT_A], "manager", "沈卫东", "ent_manager", password) < 0 ||
	    user_create_system(db, orgs[ENT_A], "principal", "王建华", "ent_principal",
			       password) < 0 ||
	    user_create_system(db, orgs[ENT_A], "staff", "徐晓东", "staff", password) < 0 ||
	    user_create_system(db, orgs[ENT_B], "manager2", "林文斌", "ent_manager", password) < 0 ||
	    user_create_system(db, orgs[ENT_B], "principal2", "郭志强", "ent_principal",
			       password) < 0 ||
	    user_create_system(db, depts[0], "department", "钱立新", "department", password) < 0 ||
	    /* 区领导 肖立's own account (task_leader_demo.c links it): the reminders of
	     * the yearly report reach the leader too, who reads the district's leaders */
	    user_create_system(db, reg, "leader", "肖立", "regulator", password) < 0)
		goto out;
	/* the 行政执法证 of the regulator and the department's officer: the 双随机 draw
	 * picks inspectors only among holders of a valid one (the leader holds none) */
	for (size_t i = 0; i < ARRAY_SIZE(demo_certs); i++) {
		st = db_prepare(db, "UPDATE users SET enforce_cert = ?, enforce_cert_until = ?"
				" WHERE username = ?");
		if (!st || db_bind_text(st, 1, demo_certs[i].no) ||
		    db_bind_text(st, 2, demo_day(&a, demo_certs[i].days)) ||
		    db_bind_text(st, 3, demo_certs[i].username) || db_step(st) < 0)
			goto out;
		db_finalize(st);
		st = NULL;
	}
	/* The modules' records need the accounts above (responsible persons,
	 * finders). The builders run outside any transaction: each write is its own. */
	if (modules_demo(&c) != 0)
		goto out;
	rc = 0;
out:
	db_finalize(st);
	if (began)
		db_rollback(db);
	if (rc)
		log_err("demo: build failed: %s", db_errmsg(db));
	arena_release(&a);
	return rc;
}

/* The user row of username as the router would load it, for a module demo that
 * acts as a demo account (see mod.h). */
int demo_user(struct ectx *c, const char *username, struct user *u)
{
	struct db_stmt *st = db_prepare(c->db,
		"SELECT u.id, u.name, u.role, u.org_id, o.path, o.name, o.kind FROM users u"
		" JOIN org o ON o.id = u.org_id WHERE u.username = ?");
	int rc = -1;

	memset(u, 0, sizeof(*u));
	if (!st || db_bind_text(st, 1, username) || db_step(st) != DB_ROW)
		goto out;
	u->id = db_col_int64(st, 0);
	u->username = arena_strdup(c->arena, username);
	u->name = arena_strdup(c->arena, db_col_text(st, 1));
	u->role = role_parse(db_col_text(st, 2));
	u->org_id = db_col_int64(st, 3);
	u->org_path = arena_strdup(c->arena, db_col_text(st, 4));
	u->org_name = arena_strdup(c->arena, db_col_text(st, 5));
	u->org_kind = arena_strdup(c->arena, db_col_text(st, 6));
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

int64_t demo_create(struct ectx *c, const struct entity_def *d, json_t *obj)
{
	struct verr e;
	int64_t id;

	verr_init(&e, c->arena);
	if (!obj)
		BUG("demo: bad object");
	id = entity_create_tx(c, d, obj, &e);
	if (id < 0)
		log_err("demo: %s: %s %s", d->name, e.field ? e.field : "", e.message ? e.message : "");
	json_decref(obj);
	return id;
}

const char *demo_day(struct arena *a, int days)
{
	char out[11], now[11];
	int64_t d = 0;

	entity_today(now);
	date_parse(now, &d);
	time_date((time_t)(d + days) * 86400, out);
	return arena_strdup(a, out);
}

int64_t demo_org_of(struct ectx *c, const char *short_name)
{
	struct db_stmt *st = db_prepare(c->db, "SELECT org_id FROM enterprise WHERE short_name = ?");
	int64_t org = 0;

	if (st && db_bind_text(st, 1, short_name) == 0 && db_step(st) == DB_ROW)
		org = db_col_int64(st, 0);
	db_finalize(st);
	return org;
}
