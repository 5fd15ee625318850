/*
 * accident_type.c — the GB 6441 category lists (see accident_type.h).
 *
 * GB 6441-2025 list: DOMAIN.md §2b (✅ three sources agree on 27 types). The
 * 8-character codes follow the single transcription DOMAIN.md cites (⚠️): "WSA1" +
 * 4 digits, basic types 0001–0026 and 其他 0099.
 * GB 6441-1986 list: DOMAIN.md §2a (✅), codes 01–20.
 */
#include "accident_type.h"

#include <string.h>

const struct accident_type accident_types_2025[27] = {
	{ "2025:01", 1, "物体打击", "WSA10001" },
	{ "2025:02", 2, "厂(场)内车辆致害", "WSA10002" },
	{ "2025:03", 3, "道路(轨道)车辆致害", "WSA10003" },
	{ "2025:04", 4, "机械致害", "WSA10004" },
	{ "2025:05", 5, "起重致害", "WSA10005" },
	{ "2025:06", 6, "触电", "WSA10006" },
	{ "2025:07", 7, "淹溺", "WSA10007" },
	{ "2025:08", 8, "灼烫", "WSA10008" },
	{ "2025:09", 9, "火灾", "WSA10009" },
	{ "2025:10", 10, "高处坠落", "WSA10010" },
	{ "2025:11", 11, "跌落", "WSA10011" },
	{ "2025:12", 12, "坍塌", "WSA10012" },
	{ "2025:13", 13, "水害", "WSA10013" },
	{ "2025:14", 14, "容器爆炸", "WSA10014" },
	{ "2025:15", 15, "管道爆炸", "WSA10015" },
	{ "2025:16", 16, "可燃气体爆炸", "WSA10016" },
	{ "2025:17", 17, "可燃液体蒸气爆炸", "WSA10017" },
	{ "2025:18", 18, "粉尘爆炸", "WSA10018" },
	{ "2025:19", 19, "民用爆炸物品爆炸", "WSA10019" },
	{ "2025:20", 20, "烟花爆竹爆炸", "WSA10020" },
	{ "2025:21", 21, "其他可燃固体爆炸", "WSA10021" },
	{ "2025:22", 22, "高温熔融物爆炸", "WSA10022" },
	{ "2025:23", 23, "中毒", "WSA10023" },
	{ "2025:24", 24, "窒息", "WSA10024" },
	{ "2025:25", 25, "滑坡", "WSA10025" },
	{ "2025:26", 26, "泄漏", "WSA10026" },
	{ "2025:27", 27, "其他", "WSA10099" },
};

const struct accident_type accident_types_1986[20] = {
	{ "1986:01", 1, "物体打击", NULL }, { "1986:02", 2, "车辆伤害", NULL },
	{ "1986:03", 3, "机械伤害", NULL }, { "1986:04", 4, "起重伤害", NULL },
	{ "1986:05", 5, "触电", NULL }, { "1986:06", 6, "淹溺", NULL },
	{ "1986:07", 7, "灼烫", NULL }, { "1986:08", 8, "火灾", NULL },
	{ "1986:09", 9, "高处坠落", NULL }, { "1986:10", 10, "坍塌", NULL },
	{ "1986:11", 11, "冒顶片帮", NULL }, { "1986:12", 12, "透水", NULL },
	{ "1986:13", 13, "放炮", NULL }, { "1986:14", 14, "火药爆炸", NULL },
	{ "1986:15", 15, "瓦斯爆炸", NULL }, { "1986:16", 16, "锅炉爆炸", NULL },
	{ "1986:17", 17, "容器爆炸", NULL }, { "1986:18", 18, "其他爆炸", NULL },
	{ "1986:19", 19, "中毒和窒息", NULL }, { "1986:20", 20, "其他伤害", NULL },
};

const struct accident_type *accident_type_find(const char *code)
{
	if (!code)
		return NULL;
	for (int i = 0; i < 27; i++)
		if (!strcmp(code, accident_types_2025[i].code))
			return &accident_types_2025[i];
	for (int i = 0; i < 20; i++)
		if (!strcmp(code, accident_types_1986[i].code))
			return &accident_types_1986[i];
	return NULL;
}

int accident_type_is_current(const char *code)
{
	return code && !strncmp(code, "2025:", 5) && accident_type_find(code) != NULL;
}
