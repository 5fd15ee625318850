/*
 * industry.c — GB/T 4754-2017《国民经济行业分类》(with amendment No. 1 of 2019,
 * which changed no 门类 or 大类). The standard has four levels: 门类 (20 sections,
 * letters A–T), 大类 (97 divisions, codes 01–97), 中类 and 小类; the enterprise
 * profile (一企一档) records the first two, which is what a district regulator sorts
 * enterprises by. Divisions are numbered consecutively through the sections, so a
 * division's section is found from its number by the table of first codes.
 */
#include <string.h>

#include "rules/industry.h"

struct section {
	char code;		/* 'A'..'T' */
	const char *code_str;	/* "A" */
	int first, last;	/* division numbers of this section, inclusive */
	const char *label;
};

/* GB/T 4754-2017 表 1 门类 with their 大类 ranges. */
static const struct section sections[INDUSTRY_SECTIONS] = {
	{'A', "A", 1, 5, "农、林、牧、渔业"},
	{'B', "B", 6, 12, "采矿业"},
	{'C', "C", 13, 43, "制造业"},
	{'D', "D", 44, 46, "电力、热力、燃气及水生产和供应业"},
	{'E', "E", 47, 50, "建筑业"},
	{'F', "F", 51, 52, "批发和零售业"},
	{'G', "G", 53, 60, "交通运输、仓储和邮政业"},
	{'H', "H", 61, 62, "住宿和餐饮业"},
	{'I', "I", 63, 65, "信息传输、软件和信息技术服务业"},
	{'J', "J", 66, 69, "金融业"},
	{'K', "K", 70, 70, "房地产业"},
	{'L', "L", 71, 72, "租赁和商务服务业"},
	{'M', "M", 73, 75, "科学研究和技术服务业"},
	{'N', "N", 76, 79, "水利、环境和公共设施管理业"},
	{'O', "O", 80, 82, "居民服务、修理和其他服务业"},
	{'P', "P", 83, 83, "教育"},
	{'Q', "Q", 84, 85, "卫生和社会工作"},
	{'R', "R", 86, 90, "文化、体育和娱乐业"},
	{'S', "S", 91, 96, "公共管理、社会保障和社会组织"},
	{'T', "T", 97, 97, "国际组织"},
};

/* GB/T 4754-2017 大类 01–97, index = code - 1. */
static const char *const divisions[INDUSTRY_DIVISIONS][2] = {
	{"01", "农业"},
	{"02", "林业"},
	{"03", "畜牧业"},
	{"04", "渔业"},
	{"05", "农、林、牧、渔专业及辅助性活动"},
	{"06", "煤炭开采和洗选业"},
	{"07", "石油和天然气开采业"},
	{"08", "黑色金属矿采选业"},
	{"09", "有色金属矿采选业"},
	{"10", "非金属矿采选业"},
	{"11", "开采专业及辅助性活动"},
	{"12", "其他采矿业"},
	{"13", "农副食品加工业"},
	{"14", "食品制造业"},
	{"15", "酒、饮料和精制茶制造业"},
	{"16", "烟草制品业"},
	{"17", "纺织业"},
	{"18", "纺织服装、服饰业"},
	{"19", "皮革、毛皮、羽毛及其制品和制鞋业"},
	{"20", "木材加工和木、竹、藤、棕、草制品业"},
	{"21", "家具制造业"},
	{"22", "造纸和纸制品业"},
	{"23", "印刷和记录媒介复制业"},
	{"24", "文教、工美、体育和娱乐用品制造业"},
	{"25", "石油、煤炭及其他燃料加工业"},
	{"26", "化学原料和化学制品制造业"},
	{"27", "医药制造业"},
	{"28", "化学纤维制造业"},
	{"29", "橡胶和塑料制品业"},
	{"30", "非金属矿物制品业"},
	{"31", "黑色金属冶炼和压延加工业"},
	{"32", "有色金属冶炼和压延加工业"},
	{"33", "金属制品业"},
	{"34", "通用设备制造业"},
	{"35", "专用设备制造业"},
	{"36", "汽车制造业"},
	{"37", "铁路、船舶、航空航天和其他运输设备制造业"},
	{"38", "电气机械和器材制造业"},
	{"39", "计算机、通信和其他电子设备制造业"},
	{"40", "仪器仪表制造业"},
	{"41", "其他制造业"},
	{"42", "废弃资源综合利用业"},
	{"43", "金属制品、机械和设备修理业"},
	{"44", "电力、热力生产和供应业"},
	{"45", "燃气生产和供应业"},
	{"46", "水的生产和供应业"},
	{"47", "房屋建筑业"},
	{"48", "土木工程建筑业"},
	{"49", "建筑安装业"},
	{"50", "建筑装饰、装修和其他建筑业"},
	{"51", "批发业"},
	{"52", "零售业"},
	{"53", "铁路运输业"},
	{"54", "道路运输业"},
	{"55", "水上运输业"},
	{"56", "航空运输业"},
	{"57", "管道运输业"},
	{"58", "多式联运和运输代理业"},
	{"59", "装卸搬运和仓储业"},
	{"60", "邮政业"},
	{"61", "住宿业"},
	{"62", "餐饮业"},
	{"63", "电信、广播电视和卫星传输服务"},
	{"64", "互联网和相关服务"},
	{"65", "软件和信息技术服务业"},
	{"66", "货币金融服务"},
	{"67", "资本市场服务"},
	{"68", "保险业"},
	{"69", "其他金融业"},
	{"70", "房地产业"},
	{"71", "租赁业"},
	{"72", "商务服务业"},
	{"73", "研究和试验发展"},
	{"74", "专业技术服务业"},
	{"75", "科技推广和应用服务业"},
	{"76", "水利管理业"},
	{"77", "生态保护和环境治理业"},
	{"78", "公共设施管理业"},
	{"79", "土地管理业"},
	{"80", "居民服务业"},
	{"81", "机动车、电子产品和日用产品修理业"},
	{"82", "其他服务业"},
	{"83", "教育"},
	{"84", "卫生"},
	{"85", "社会工作"},
	{"86", "新闻和出版业"},
	{"87", "广播、电视、电影和录音制作业"},
	{"88", "文化艺术业"},
	{"89", "体育"},
	{"90", "娱乐业"},
	{"91", "中国共产党机关"},
	{"92", "国家机构"},
	{"93", "人民政协、民主党派"},
	{"94", "社会保障"},
	{"95", "群众团体、社会团体和其他成员组织"},
	{"96", "基层群众自治组织及其他组织"},
	{"97", "国际组织"},
};

/* The division number of a two-digit code "01".."97", or 0 when code is not exactly
 * two digits in that range (GB/T 4754-2017 §4.2: 大类 are two Arabic digits). */
static int division_number(const char *code)
{
	int n;

	if (!code || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9' ||
	    code[2] != '\0')
		return 0;
	n = (code[0] - '0') * 10 + (code[1] - '0');
	return n >= 1 && n <= INDUSTRY_DIVISIONS ? n : 0;
}

/* The section row of a one-letter code (GB/T 4754-2017 §4.2: 门类 are one Latin
 * capital letter), or NULL. */
static const struct section *section_find(const char *code)
{
	int i;

	if (!code || code[0] == '\0' || code[1] != '\0')
		return NULL;
	for (i = 0; i < INDUSTRY_SECTIONS; i++)
		if (sections[i].code == code[0])
			return &sections[i];
	return NULL;
}

/* GB/T 4754-2017 表 1: the name of a 门类. */
const char *industry_section_label(const char *code)
{
	const struct section *s = section_find(code);

	return s ? s->label : NULL;
}

/* GB/T 4754-2017 表 1: the name of a 大类. */
const char *industry_division_label(const char *code)
{
	int n = division_number(code);

	return n ? divisions[n - 1][1] : NULL;
}

/* GB/T 4754-2017 表 1: the 门类 a 大类 belongs to. */
char industry_division_section(const char *code)
{
	int i, n = division_number(code);

	if (!n)
		return 0;
	for (i = 0; i < INDUSTRY_SECTIONS; i++)
		if (n >= sections[i].first && n <= sections[i].last)
			return sections[i].code;
	return 0;
}

/* The i-th 门类 code, for building enums and templates. */
const char *industry_section_code_at(int i)
{
	return i >= 0 && i < INDUSTRY_SECTIONS ? sections[i].code_str : NULL;
}

/* The i-th 大类 code, for building templates. */
const char *industry_division_code_at(int i)
{
	return i >= 0 && i < INDUSTRY_DIVISIONS ? divisions[i][0] : NULL;
}

/* Reverse lookup of a 大类 by its exact Chinese name (import of filled-in forms). */
const char *industry_division_by_label(const char *label)
{
	int i;

	if (!label)
		return NULL;
	for (i = 0; i < INDUSTRY_DIVISIONS; i++)
		if (strcmp(divisions[i][1], label) == 0)
			return divisions[i][0];
	return NULL;
}
