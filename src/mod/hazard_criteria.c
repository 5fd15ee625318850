/*
 * hazard_criteria.c — the catalogue of major-hazard determination criteria
 * (重大事故隐患判定标准条款) as shipped data: the entity hazard_criterion, the static
 * table of items, and the start-up step that keeps the table in the database equal
 * to the shipped rows (hazard_criteria_schema). A hazard registered as 重大隐患
 * cites one row (hazard.major_criterion_id); a criterion outside the catalogue is
 * the hazard module's free-text "其他" reason.
 *
 * Sources (DOMAIN.md §9; every wording below was transcribed from these, converted
 * from traditional to simplified characters where the copy was traditional):
 *   - 工贸企业重大事故隐患判定标准, 中华人民共和国应急管理部令第10号, adopted by the
 *     7th ministerial meeting 2023-03-20, published 2023-04-14 (部长 王祥喜), in force
 *     2023-05-15; it repealed 工贸行业重大生产安全事故隐患判定标准（2017版）
 *     (安监总管四〔2017〕129号) — whose wording public code still carries and which
 *     is NOT used here. Official copy: 国务院公报 2023年第19号 (gov.cn). 64 items:
 *     管理类 3 (第三条), 行业类 47 (第四条 to 第十条: 冶金, 有色, 建材, 机械, 轻工, 纺织,
 *     烟草), 专项类 14 (第十一条 粉尘爆炸 10, 第十二条 液氨制冷 2, 第十三条 有限空间 2)
 *     — the 3/47/14 split is from 中新网 2023-04-19. 第十四条 (a monitoring, alarm or
 *     protective device named in any item that fails or is ineffective counts as the
 *     hazard itself) is a rule for all items, not an item, and has no row.
 *     Copies read: the full text serialised by the newspaper page 第04版「应急与安全」
 *     2023-06-01 (第一条–第四条第（四）项) and 2023-06-22 (第六条–第七条第（二）项);
 *     by1723.com 2023-04-19; hftpay.net (第十二条, 第十三条); loushibaike.cn;
 *     916176.cn (the end of 第四条第（四）项, the start of （五）);
 *     jiangmen.gov.cn and zhengzhou.gov.cn (第三条); czlst.com.cn (第十一条（一）–（五）);
 *     ynjnrc.com 2023-05-16 (烟草 items); a page 「铝加工企业重大事故隐患判定」 (the seven
 *     aluminium items of 第五条); enforcement cases citing item numbers (fiytu.com
 *     第七条第七项; 九龙坡区应急管理局 第五条第十二项; 应急管理部 金属冶炼 cases 第七条第
 *     三项、第四项); PerryLink/dsh-hidden-risk-map (the lead-in of every article).
 *   - 化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）, 安监总管三
 *     〔2017〕121号 (still in force; its 2017 wording is the current one): 20 items.
 *     Items 1–14 from the newspaper page 2023-05-25 and 163.com 2024-08-22; items
 *     15–20 from two public code transcriptions that agree word for word (the page
 *     copies were cut after 「（十五）安全阀、爆破」, which matches).
 *
 * Verification. Each row says how much of its wording was read in a source
 * (enum hazard_criterion_check). Where the source was cut off the row keeps the
 * verified words and ends in HC_CUT; where no source had the item at all the row
 * is a placeholder (HC_TBD) — nothing here is reconstructed from memory or from the
 * 2017 text. Rows marked ⚠️ below must be completed from the official text; the
 * per-article counts of 第四条、第五条、第七条、第八条、第九条 are ⚠️ too (see each
 * article). Codes are stable: "gm10-<条>-<项>", "hg121-<项>".
 *
 * The item text is stored without its closing 「；」 or 「。」.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/hazard_criteria.h"

/* ---------------------------------------------------------------- standards */

#define STD_GM10 "gm10"
#define STD_HG121 "hg121"
#define STD_GM10_LABEL "工贸企业重大事故隐患判定标准（应急管理部令第10号）"
#define STD_HG121_LABEL \
	"化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）（安监总管三〔2017〕121号）"

const struct hazard_criteria_standard hazard_criteria_standards[] = {
	{STD_GM10, STD_GM10_LABEL},
	{STD_HG121, STD_HG121_LABEL},
};
const size_t hazard_criteria_nstandards = ARRAY_SIZE(hazard_criteria_standards);

/* What a row shows where its wording could not be verified. */
#define HC_TBD "〔条文待核实〕本项原文尚未与应急管理部令第10号公布文本核对，判定时请以原文为准"
#define HC_CUT "……〔后文待核实，判定时请以原文为准〕"

/* ------------------------------------------------------------------- table */

#define GM(art, no, part, article, item, industry, check, text) \
	{"gm10-" #art "-" #no, STD_GM10, part, article, item, text, industry, check}
#define HG(no, item, check, text) \
	{"hg121-" #no, STD_HG121, "化工和危险化学品", NULL, item, text, "化工、危险化学品", check}

#define P_MGMT "管理类"
#define P_YJ "行业类·冶金"
#define P_YS "行业类·有色"
#define P_JC "行业类·建材"
#define P_JX "行业类·机械"
#define P_QG "行业类·轻工"
#define P_FZ "行业类·纺织"
#define P_YC "行业类·烟草"
#define P_DUST "专项类·粉尘涉爆"
#define P_NH3 "专项类·液氨制冷"
#define P_SPACE "专项类·有限空间"

const struct hazard_criterion hazard_criteria[] = {
	/* 第三条 工贸企业有下列情形之一的，应当判定为重大事故隐患： (3 items ✅) */
	GM(3, 1, P_MGMT, "第三条", "第（一）项", NULL, HC_VERIFIED,
	   "未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查的"),
	GM(3, 2, P_MGMT, "第三条", "第（二）项", NULL, HC_VERIFIED,
	   "特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业的"),
	GM(3, 3, P_MGMT, "第三条", "第（三）项", "金属冶炼", HC_VERIFIED,
	   "金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格的"),

	/* 第四条 冶金企业有下列情形之一的，应当判定为重大事故隐患：
	 * ⚠️ 10 items: the number follows from 47 行业类 items minus the other six
	 * articles and is not confirmed by a source; （一）–（四） ✅, （五） cut off,
	 * （六）–（十） not found. */
	GM(4, 1, P_YJ, "第四条", "第（一）项", "冶金", HC_VERIFIED,
	   "会议室、活动室、休息室、操作室、交接班室、更衣室（含澡堂）等6类人员聚集场所，"
	   "以及钢铁水罐冷（热）修工位设置在铁水、钢水、液渣吊运跨的地坪区域内的"),
	GM(4, 2, P_YJ, "第四条", "第（二）项", "冶金", HC_VERIFIED,
	   "生产期间冶炼、精炼和铸造生产区域的事故坑、炉下渣坑，以及熔融金属泄漏和喷溅"
	   "影响范围内的炉前平台、炉基区域、厂房内吊运和地面运输通道等6类区域存在积水的"),
	GM(4, 3, P_YJ, "第四条", "第（三）项", "冶金", HC_VERIFIED,
	   "炼钢连铸流程未设置事故钢水罐、中间罐漏钢坑（槽）、中间罐溢流坑（槽）、"
	   "漏钢回转溜槽，或者模铸流程未设置事故钢水罐（坑、槽）的"),
	GM(4, 4, P_YJ, "第四条", "第（四）项", "冶金", HC_VERIFIED,
	   "转炉、电弧炉、AOD炉、LF炉、RH炉、VOD炉等炼钢炉的水冷元件未设置出水温度、"
	   "进出水流量差等监测报警装置，或者监测报警装置未与炉体倾动、氧（副）枪自动提升、"
	   "电极自动断电和升起装置联锁的"),
	/* ⚠️ cut off after 「或者炉顶」 in every copy read */
	GM(4, 5, P_YJ, "第四条", "第（五）项", "冶金", HC_PARTIAL,
	   "高炉生产期间炉顶工作压力设定值超过设计文件规定的最高工作压力，或者炉顶" HC_CUT),
	/* ⚠️ 第四条（六）–（十）: no source had them (their subjects are believed to be
	 * the gas system: CO alarms, isolation devices, drain seals — unconfirmed). */
	GM(4, 6, P_YJ, "第四条", "第（六）项", "冶金", HC_UNVERIFIED, HC_TBD),
	GM(4, 7, P_YJ, "第四条", "第（七）项", "冶金", HC_UNVERIFIED, HC_TBD),
	GM(4, 8, P_YJ, "第四条", "第（八）项", "冶金", HC_UNVERIFIED, HC_TBD),
	GM(4, 9, P_YJ, "第四条", "第（九）项", "冶金", HC_UNVERIFIED, HC_TBD),
	GM(4, 10, P_YJ, "第四条", "第（十）项", "冶金", HC_UNVERIFIED, HC_TBD),

	/* 第五条 有色企业有下列情形之一的，应当判定为重大事故隐患：
	 * ⚠️ 13 items: at least 12 exist (an enforcement case cites 第五条第十二项, a gas
	 * main without pressure monitoring); 13 is not confirmed. （四）–（十） ✅ as
	 * wording: the source lists the seven aluminium items under its own numbering
	 * （一）–（七）; their place as （四）–（十） is ⚠️ inferred. （一）–（三） and
	 * （十一）–（十三） not found. */
	GM(5, 1, P_YS, "第五条", "第（一）项", "有色", HC_UNVERIFIED, HC_TBD),
	GM(5, 2, P_YS, "第五条", "第（二）项", "有色", HC_UNVERIFIED, HC_TBD),
	GM(5, 3, P_YS, "第五条", "第（三）项", "有色", HC_UNVERIFIED, HC_TBD),
	GM(5, 4, P_YS, "第五条", "第（四）项", "有色", HC_VERIFIED,
	   "采用水冷冷却的冶炼炉窑、铸造机（铝加工深井铸造工艺的结晶器除外）、"
	   "加热炉未设置应急水源的"),
	GM(5, 5, P_YS, "第五条", "第（五）项", "有色", HC_VERIFIED,
	   "熔融金属冶炼炉窑的闭路循环水冷元件未设置出水温度、进出水流量差监测报警装置，"
	   "或者开路水冷元件未设置进水流量、压力监测报警装置，"
	   "或者未监测开路水冷元件出水温度的"),
	GM(5, 6, P_YS, "第五条", "第（六）项", "有色", HC_VERIFIED,
	   "铝加工深井铸造工艺的结晶器冷却水系统未设置进水压力、进水流量监测报警装置，"
	   "或者监测报警装置未与快速切断阀、紧急排放阀、流槽断开装置联锁，"
	   "或者监测报警装置未与倾动式浇铸炉控制系统联锁的"),
	GM(5, 7, P_YS, "第五条", "第（七）项", "有色", HC_VERIFIED,
	   "铝加工深井铸造工艺的浇铸炉铝液出口流槽、流槽与模盘（分配流槽）入口连接处"
	   "未设置液位监测报警装置，或者固定式浇铸炉的铝液出口未设置机械锁紧装置的"),
	GM(5, 8, P_YS, "第五条", "第（八）项", "有色", HC_VERIFIED,
	   "铝加工深井铸造工艺的固定式浇铸炉的铝液流槽未设置紧急排放阀，"
	   "或者流槽与模盘（分配流槽）入口连接处未设置快速切断阀（断开装置），"
	   "或者流槽与模盘（分配流槽）入口连接处的液位监测报警装置未与快速切断阀"
	   "（断开装置）、紧急排放阀联锁的"),
	GM(5, 9, P_YS, "第五条", "第（九）项", "有色", HC_VERIFIED,
	   "铝加工深井铸造工艺的倾动式浇铸炉流槽与模盘（分配流槽）入口连接处未设置"
	   "快速切断阀（断开装置），或者流槽与模盘（分配流槽）入口连接处的液位监测报警"
	   "装置未与浇铸炉倾动控制系统、快速切断阀（断开装置）联锁的"),
	GM(5, 10, P_YS, "第五条", "第（十）项", "有色", HC_VERIFIED,
	   "铝加工深井铸造机钢丝卷扬系统选用非钢芯钢丝绳，"
	   "或者未落实钢丝绳定期检查、更换制度的"),
	GM(5, 11, P_YS, "第五条", "第（十一）项", "有色", HC_UNVERIFIED, HC_TBD),
	/* ⚠️ subject known from the case above (gas main pressure monitoring), wording not */
	GM(5, 12, P_YS, "第五条", "第（十二）项", "有色", HC_UNVERIFIED, HC_TBD),
	GM(5, 13, P_YS, "第五条", "第（十三）项", "有色", HC_UNVERIFIED, HC_TBD),

	/* 第六条 建材企业有下列情形之一的，应当判定为重大事故隐患： (8 items ✅,
	 * the newspaper page 2023-06-22 runs on into 第七条 after （八）) */
	GM(6, 1, P_JC, "第六条", "第（一）项", "建材", HC_VERIFIED,
	   "煤磨袋式收尘器、煤粉仓未设置温度和固定式一氧化碳浓度监测报警装置，"
	   "或者未设置气体灭火装置的"),
	GM(6, 2, P_JC, "第六条", "第（二）项", "建材", HC_VERIFIED,
	   "筒型储库人工清库作业未落实清库方案中防止高处坠落、坍塌等安全措施的"),
	GM(6, 3, P_JC, "第六条", "第（三）项", "建材", HC_VERIFIED,
	   "水泥企业电石渣原料筒型储库未设置固定式可燃气体浓度监测报警装置，"
	   "或者监测报警装置未与事故通风装置联锁的"),
	GM(6, 4, P_JC, "第六条", "第（四）项", "建材", HC_VERIFIED,
	   "进入筒型储库、焙烧窑、预热器旋风筒、分解炉、竖炉、篦冷机、磨机、破碎机前，"
	   "未对可能意外启动的设备和涌入的物料、高温气体、有毒有害气体等采取隔离措施，"
	   "或者未落实防止高处坠落、坍塌等安全措施的"),
	GM(6, 5, P_JC, "第六条", "第（五）项", "建材", HC_VERIFIED,
	   "采用预混燃烧方式的燃气窑炉（热发生炉煤气窑炉除外）的燃气总管未设置管道压力"
	   "监测报警装置，或者监测报警装置未与紧急自动切断装置联锁的"),
	GM(6, 6, P_JC, "第六条", "第（六）项", "建材", HC_VERIFIED,
	   "制氢站、氮氢保护气体配气间、燃气配气间等3类场所未设置固定式可燃气体浓度"
	   "监测报警装置的"),
	GM(6, 7, P_JC, "第六条", "第（七）项", "建材", HC_VERIFIED,
	   "电熔制品电炉的水冷设备失效的"),
	GM(6, 8, P_JC, "第六条", "第（八）项", "建材", HC_VERIFIED,
	   "玻璃窑炉、玻璃锡槽等设备未设置水冷和风冷保护系统的监测报警装置的"),

	/* 第七条 机械企业有下列情形之一的，应当判定为重大事故隐患：
	 * ⚠️ 7 items: at least 7 exist (a case cites 第七条第七项); 7 is not confirmed.
	 * （一）（二） ✅; （三） (water under a holding furnace, per a case) and （四）
	 * (cooling-water alarms of an electric furnace, per a case) and （五）（六) not
	 * found; （七） cut off. */
	GM(7, 1, P_JX, "第七条", "第（一）项", "机械", HC_VERIFIED,
	   "会议室、活动室、休息室、更衣室、交接班室等5类人员聚集场所设置在熔融金属"
	   "吊运跨或者浇注跨的地坪区域内的"),
	GM(7, 2, P_JX, "第七条", "第（二）项", "机械", HC_VERIFIED,
	   "铸造用熔炼炉、精炼炉、保温炉未设置紧急排放和应急储存设施的"),
	GM(7, 3, P_JX, "第七条", "第（三）项", "机械", HC_UNVERIFIED, HC_TBD),
	GM(7, 4, P_JX, "第七条", "第（四）项", "机械", HC_UNVERIFIED, HC_TBD),
	GM(7, 5, P_JX, "第七条", "第（五）项", "机械", HC_UNVERIFIED, HC_TBD),
	GM(7, 6, P_JX, "第七条", "第（六）项", "机械", HC_UNVERIFIED, HC_TBD),
	/* ⚠️ the case quotes only 「（七）使用非水性漆的调漆间」 */
	GM(7, 7, P_JX, "第七条", "第（七）项", "机械", HC_PARTIAL,
	   "使用非水性漆的调漆间" HC_CUT),

	/* 第八条 轻工企业有下列情形之一的，应当判定为重大事故隐患：
	 * ⚠️ 5 items (not confirmed); no item found. */
	GM(8, 1, P_QG, "第八条", "第（一）项", "轻工", HC_UNVERIFIED, HC_TBD),
	GM(8, 2, P_QG, "第八条", "第（二）项", "轻工", HC_UNVERIFIED, HC_TBD),
	GM(8, 3, P_QG, "第八条", "第（三）项", "轻工", HC_UNVERIFIED, HC_TBD),
	GM(8, 4, P_QG, "第八条", "第（四）项", "轻工", HC_UNVERIFIED, HC_TBD),
	GM(8, 5, P_QG, "第八条", "第（五）项", "轻工", HC_UNVERIFIED, HC_TBD),

	/* 第九条 纺织企业有下列情形之一的，应当判定为重大事故隐患：
	 * ⚠️ 2 items (not confirmed); no item found. */
	GM(9, 1, P_FZ, "第九条", "第（一）项", "纺织", HC_UNVERIFIED, HC_TBD),
	GM(9, 2, P_FZ, "第九条", "第（二）项", "纺织", HC_UNVERIFIED, HC_TBD),

	/* 第十条 烟草企业有下列情形之一的，应当判定为重大事故隐患： (2 items ✅: the
	 * source lists exactly these two as the 烟草 cases) */
	GM(10, 1, P_YC, "第十条", "第（一）项", "烟草", HC_VERIFIED,
	   "熏蒸作业场所未配备磷化氢气体浓度监测报警仪器，或者未配备防毒面具，"
	   "或者熏蒸杀虫作业前未确认无关人员全部撤离熏蒸作业场所的"),
	GM(10, 2, P_YC, "第十条", "第（二）项", "烟草", HC_VERIFIED,
	   "使用液态二氧化碳制造膨胀烟丝的生产线和场所未设置固定式二氧化碳浓度监测报警"
	   "装置，或者监测报警装置未与事故通风设施联锁的"),

	/* 第十一条 存在粉尘爆炸危险的工贸企业有下列情形之一的，应当判定为重大事故
	 * 隐患： (10 items ✅ count; （一）–（五） ✅, （六）–（十） not found in the 2023
	 * wording — the 2017 wording that public code carries differs and is not used) */
	GM(11, 1, P_DUST, "第十一条", "第（一）项", NULL, HC_VERIFIED,
	   "粉尘爆炸危险场所设置在非框架结构的多层建（构）筑物内，或者粉尘爆炸危险场所内"
	   "设有员工宿舍、会议室、办公室、休息室等人员聚集场所的"),
	GM(11, 2, P_DUST, "第十一条", "第（二）项", NULL, HC_VERIFIED,
	   "不同类别的可燃性粉尘、可燃性粉尘与可燃气体等易加剧爆炸危险的介质共用一套除尘"
	   "系统，或者不同建（构）筑物、不同防火分区共用一套除尘系统、除尘系统互联互通的"),
	GM(11, 3, P_DUST, "第十一条", "第（三）项", NULL, HC_VERIFIED,
	   "干式除尘系统未采取泄爆、惰化、抑爆等任一种爆炸防控措施的"),
	GM(11, 4, P_DUST, "第十一条", "第（四）项", NULL, HC_VERIFIED,
	   "铝镁等金属粉尘除尘系统采用正压除尘方式，或者其他可燃性粉尘除尘系统采用正压"
	   "吹送粉尘时，未采取火花探测消除等防范点燃源措施的"),
	GM(11, 5, P_DUST, "第十一条", "第（五）项", NULL, HC_VERIFIED,
	   "除尘系统采用重力沉降室除尘，或者采用干式巷道式构筑物作为除尘风道的"),
	GM(11, 6, P_DUST, "第十一条", "第（六）项", NULL, HC_UNVERIFIED, HC_TBD),
	GM(11, 7, P_DUST, "第十一条", "第（七）项", NULL, HC_UNVERIFIED, HC_TBD),
	GM(11, 8, P_DUST, "第十一条", "第（八）项", NULL, HC_UNVERIFIED, HC_TBD),
	GM(11, 9, P_DUST, "第十一条", "第（九）项", NULL, HC_UNVERIFIED, HC_TBD),
	GM(11, 10, P_DUST, "第十一条", "第（十）项", NULL, HC_UNVERIFIED, HC_TBD),

	/* 第十二条 使用液氨制冷的工贸企业有下列情形之一的，应当判定为重大事故隐患：
	 * (2 items ✅) */
	GM(12, 1, P_NH3, "第十二条", "第（一）项", NULL, HC_VERIFIED,
	   "包装、分割、产品整理场所的空调系统采用氨直接蒸发制冷的"),
	GM(12, 2, P_NH3, "第十二条", "第（二）项", NULL, HC_VERIFIED,
	   "快速冻结装置未设置在单独的作业间内，或者快速冻结装置作业间内作业人员数量"
	   "超过9人的"),

	/* 第十三条 存在硫化氢、一氧化碳等中毒风险的有限空间作业的工贸企业有下列情形
	 * 之一的，应当判定为重大事故隐患： (2 items ✅ count; （二） cut off) */
	GM(13, 1, P_SPACE, "第十三条", "第（一）项", NULL, HC_VERIFIED,
	   "未对有限空间进行辨识、建立安全管理台账，并且未设置明显的安全警示标志的"),
	/* ⚠️ cut off after 「或者未」 */
	GM(13, 2, P_SPACE, "第十三条", "第（二）项", NULL, HC_PARTIAL,
	   "未落实有限空间作业审批，或者未" HC_CUT),

	/* 化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）：依据有关
	 * 法律法规、部门规章和国家标准，以下情形应当判定为重大事故隐患： (20 items ✅) */
	HG(1, "第一项", HC_VERIFIED,
	   "危险化学品生产、经营单位主要负责人和安全生产管理人员未依法经考核合格"),
	HG(2, "第二项", HC_VERIFIED, "特种作业人员未持证上岗"),
	HG(3, "第三项", HC_VERIFIED,
	   "涉及“两重点一重大”的生产装置、储存设施外部安全防护距离不符合国家标准要求"),
	HG(4, "第四项", HC_VERIFIED,
	   "涉及重点监管危险化工工艺的装置未实现自动化控制，系统未实现紧急停车功能，"
	   "装备的自动化控制系统、紧急停车系统未投入使用"),
	HG(5, "第五项", HC_VERIFIED,
	   "构成一级、二级重大危险源的危险化学品罐区未实现紧急切断功能；涉及毒性气体、"
	   "液化气体、剧毒液体的一级、二级重大危险源的危险化学品罐区未配备独立的安全仪表系统"),
	HG(6, "第六项", HC_VERIFIED, "全压力式液化烃储罐未按国家标准设置注水措施"),
	HG(7, "第七项", HC_VERIFIED,
	   "液化烃、液氨、液氯等易燃易爆、有毒有害液化气体的充装未使用万向管道充装系统"),
	HG(8, "第八项", HC_VERIFIED,
	   "光气、氯气等剧毒气体及硫化氢气体管道穿越除厂区（包括化工园区、工业园区）外的"
	   "公共区域"),
	HG(9, "第九项", HC_VERIFIED, "地区架空电力线路穿越生产区且不符合国家标准要求"),
	HG(10, "第十项", HC_VERIFIED, "在役化工装置未经正规设计且未进行安全设计诊断"),
	HG(11, "第十一项", HC_VERIFIED, "使用淘汰落后安全技术工艺、设备目录列出的工艺、设备"),
	HG(12, "第十二项", HC_VERIFIED,
	   "涉及可燃和有毒有害气体泄漏的场所未按国家标准设置检测报警装置，爆炸危险场所未按"
	   "国家标准安装使用防爆电气设备"),
	HG(13, "第十三项", HC_VERIFIED,
	   "控制室或机柜间面向具有火灾、爆炸危险性装置一侧不满足国家标准关于防火防爆的要求"),
	HG(14, "第十四项", HC_VERIFIED,
	   "化工生产装置未按国家标准要求设置双重电源供电，自动化控制系统未设置不间断电源"),
	HG(15, "第十五项", HC_VERIFIED, "安全阀、爆破片等安全附件未正常投用"),
	HG(16, "第十六项", HC_VERIFIED,
	   "未建立与岗位相匹配的全员安全生产责任制或者未制定实施生产安全事故隐患排查治理制度"),
	HG(17, "第十七项", HC_VERIFIED, "未制定操作规程和工艺控制指标"),
	HG(18, "第十八项", HC_VERIFIED,
	   "未按照国家标准制定动火、进入受限空间等特殊作业管理制度，或者制度未有效执行"),
	HG(19, "第十九项", HC_VERIFIED,
	   "新开发的危险化学品生产工艺未经小试、中试、工业化试验直接进行工业化生产；国内首次"
	   "使用的化工工艺未经过省级人民政府有关部门组织的安全可靠性论证；新建装置未制定试生产"
	   "方案投料开车；精细化工企业未按规范性文件要求开展反应安全风险评估"),
	HG(20, "第二十项", HC_VERIFIED,
	   "未按国家标准分区分类储存危险化学品，超量、超品种储存危险化学品，相互禁配物质"
	   "混放混存"),
};
const size_t hazard_criteria_n = ARRAY_SIZE(hazard_criteria);

/* ------------------------------------------------------------- declaration */

static const struct enum_opt standard_opts[] = {
	{STD_GM10, STD_GM10_LABEL},
	{STD_HG121, STD_HG121_LABEL},
	{NULL, NULL}
};

/* Catalogue order: the table index + 1 (codes sort as text, gm10-10-1 before
 * gm10-3-1, so the list is ordered by seq instead). */
static const struct field_def criterion_fields[] = {
	{.name = "code", .label = "条款编号", .type = FT_TEXT, .max_len = 40,
	 .flags = F_REQUIRED | F_UNIQUE | F_FILTER | F_LIST | F_SORT,
	 .help = "稳定编号，如 gm10-11-3 即应急管理部令第10号第十一条第（三）项"},
	{.name = "standard", .label = "判定标准", .type = FT_ENUM, .opts = standard_opts,
	 .flags = F_REQUIRED | F_FILTER | F_LIST},
	{.name = "part", .label = "类别", .type = FT_TEXT, .max_len = 40,
	 .flags = F_FILTER | F_LIST},
	{.name = "article", .label = "条", .type = FT_TEXT, .max_len = 20, .flags = F_LIST},
	{.name = "item", .label = "项", .type = FT_TEXT, .max_len = 20, .flags = F_LIST},
	{.name = "text", .label = "条款内容", .type = FT_LONGTEXT,
	 .flags = F_REQUIRED | F_SEARCH | F_LIST},
	{.name = "industry", .label = "适用行业", .type = FT_TEXT, .max_len = 40,
	 .flags = F_FILTER | F_EXPORT, .help = "为空表示该类别适用于所有相关企业"},
	{.name = "active", .label = "启用", .type = FT_BOOL, .flags = F_FILTER},
	{.name = "seq", .label = "排序号", .type = FT_INT, .min = 0, .max = 1e6,
	 .flags = F_SORT | F_READONLY | F_HIDDEN},
};

/* Shipped data: nobody writes it through the API (hazard_criteria_schema does). */
static const struct entity_def criterion_entity = {
	.name = "hazard_criterion", .table = "hazard_criterion",
	.label = "重大事故隐患判定标准条款",
	.fields = criterion_fields, .nfields = ARRAY_SIZE(criterion_fields),
	.flags = E_NO_CREATE | E_NO_UPDATE | E_NO_DELETE | E_NO_ORG,
	.read_roles = 0, .write_roles = 1u << ROLE_ADMIN,
	.display_field = "text", .default_sort = "seq",
};

/* Registers hazard_criterion. */
void hazard_criteria_init(void)
{
	entity_register(&criterion_entity);
}

/* The declaration of hazard_criterion. */
const struct entity_def *hazard_criteria_entity(void)
{
	return &criterion_entity;
}

/* ----------------------------------------------------------------- lookups */

/* Number of shipped rows of standard_code, or of every standard when NULL. */
int hazard_criteria_count(const char *standard_code)
{
	int n = 0;

	for (size_t i = 0; i < hazard_criteria_n; i++)
		if (!standard_code || strcmp(hazard_criteria[i].standard, standard_code) == 0)
			n++;
	return n;
}

/* The shipped row with code, or NULL (a linear scan of < 100 rows). */
const struct hazard_criterion *hazard_criterion_find(const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < hazard_criteria_n; i++)
		if (strcmp(hazard_criteria[i].code, code) == 0)
			return &hazard_criteria[i];
	return NULL;
}

/* The Chinese name of standard code, or NULL. */
const char *hazard_criteria_standard_label(const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < hazard_criteria_nstandards; i++)
		if (strcmp(hazard_criteria_standards[i].code, code) == 0)
			return hazard_criteria_standards[i].label;
	return NULL;
}

/* ------------------------------------------------------------------- seed */

/* The stored columns the seed owns, in this order in every statement below. */
#define HC_COLS "code, standard, part, article, item, text, industry, active, seq"

static const char hc_sql_select[] =
	"SELECT id, " HC_COLS " FROM hazard_criterion";
static const char hc_sql_insert[] =
	"INSERT INTO hazard_criterion (" HC_COLS ", created_at, updated_at, created_by,"
	" updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)";
static const char hc_sql_update[] =
	"UPDATE hazard_criterion SET standard = ?, part = ?, article = ?, item = ?, text = ?,"
	" industry = ?, active = ?, seq = ?, updated_at = ?, updated_by = 0 WHERE code = ?";
static const char hc_sql_retire[] =
	"UPDATE hazard_criterion SET active = 0, updated_at = ?, updated_by = 0 WHERE id = ?";

/* 1 if the column text equals the shipped string (NULL and "" are both absent). */
static int hc_same(const char *col, const char *want)
{
	if (!col || !*col)
		return !want || !*want;
	return want && strcmp(col, want) == 0;
}

/* 1 if the current row of st (hc_sql_select) equals shipped row r at position seq. */
static int hc_row_same(struct db_stmt *st, const struct hazard_criterion *r, int64_t seq)
{
	return hc_same(db_col_text(st, 2), r->standard) &&
	       hc_same(db_col_text(st, 3), r->part) &&
	       hc_same(db_col_text(st, 4), r->article) &&
	       hc_same(db_col_text(st, 5), r->item) &&
	       hc_same(db_col_text(st, 6), r->text) &&
	       hc_same(db_col_text(st, 7), r->industry) &&
	       !db_col_isnull(st, 8) && db_col_int64(st, 8) == 1 &&
	       !db_col_isnull(st, 9) && db_col_int64(st, 9) == seq;
}

/* Binds the shipped columns of r (standard … seq) from parameter idx on. */
static int hc_bind_row(struct db_stmt *st, int idx, const struct hazard_criterion *r,
		       int64_t seq)
{
	return db_bind_text(st, idx, r->standard) || db_bind_text(st, idx + 1, r->part) ||
	       db_bind_text(st, idx + 2, r->article) || db_bind_text(st, idx + 3, r->item) ||
	       db_bind_text(st, idx + 4, r->text) || db_bind_text(st, idx + 5, r->industry) ||
	       db_bind_int64(st, idx + 6, 1) || db_bind_int64(st, idx + 7, seq);
}

/* Runs a prepared write once; 0 ok, -1 error (logged). */
static int hc_step_done(struct db *db, struct db_stmt *st, const char *what)
{
	if (db_step(st) != DB_DONE) {
		log_err("hazard_criteria: %s: %s", what, db_errmsg(db));
		return -1;
	}
	return 0;
}

/*
 * Compares the table with the shipped rows: state[i] gets 0 (equal), 1 (missing) or
 * 2 (differs) for shipped row i; retire (malloc'd, caller frees; *nretire entries)
 * gets the ids of active rows whose code is not shipped. 0 ok, -1 error.
 */
static int hc_diff(struct db *db, unsigned char *state, int64_t **retire, size_t *nretire)
{
	struct db_stmt *st = db_prepare(db, hc_sql_select);
	size_t cap = 0;
	int s, rc = -1;

	*retire = NULL;
	*nretire = 0;
	memset(state, 1, hazard_criteria_n);
	if (!st)
		goto out;
	while ((s = db_step(st)) == DB_ROW) {
		const char *code = db_col_text(st, 1);
		const struct hazard_criterion *r = hazard_criterion_find(code);

		if (r) {
			size_t i = (size_t)(r - hazard_criteria);
			state[i] = hc_row_same(st, r, (int64_t)i + 1) ? 0 : 2;
		} else if (db_col_int64(st, 8) != 0) {
			if (*nretire == cap) {
				cap = cap ? 2 * cap : 8;
				*retire = xrealloc(*retire, cap * sizeof(**retire));
			}
			(*retire)[(*nretire)++] = db_col_int64(st, 0);
		}
	}
	if (s != DB_DONE)
		goto out;
	rc = 0;
out:
	if (rc)
		log_err("hazard_criteria: read: %s", db_errmsg(db));
	db_finalize(st);
	return rc;
}

/* Writes what hc_diff found, inside the caller's transaction. Returns the number of
 * rows written or -1. */
static int hc_apply(struct db *db, const unsigned char *state, const int64_t *retire,
		    size_t nretire)
{
	struct db_stmt *ins = NULL, *upd = NULL, *ret = NULL;
	char now[20];
	int n = 0, rc = -1;

	time_datetime(now_utc(), now);
	for (size_t i = 0; i < hazard_criteria_n; i++) {
		const struct hazard_criterion *r = &hazard_criteria[i];
		int64_t seq = (int64_t)i + 1;

		if (state[i] == 1) {
			if (!ins && !(ins = db_prepare(db, hc_sql_insert)))
				goto fail;
			db_reset(ins);
			if (db_bind_text(ins, 1, r->code) || hc_bind_row(ins, 2, r, seq) ||
			    db_bind_text(ins, 10, now) || db_bind_text(ins, 11, now) ||
			    hc_step_done(db, ins, r->code))
				goto out;
			n++;
		} else if (state[i] == 2) {
			if (!upd && !(upd = db_prepare(db, hc_sql_update)))
				goto fail;
			db_reset(upd);
			if (hc_bind_row(upd, 1, r, seq) || db_bind_text(upd, 9, now) ||
			    db_bind_text(upd, 10, r->code) || hc_step_done(db, upd, r->code))
				goto out;
			log_warn("hazard_criteria: row %s differed from the shipped catalogue; restored",
				 r->code);
			n++;
		}
	}
	for (size_t i = 0; i < nretire; i++) {
		if (!ret && !(ret = db_prepare(db, hc_sql_retire)))
			goto fail;
		db_reset(ret);
		if (db_bind_text(ret, 1, now) || db_bind_int64(ret, 2, retire[i]) ||
		    hc_step_done(db, ret, "retire"))
			goto out;
		n++;
	}
	rc = n;
	goto out;
fail:
	log_err("hazard_criteria: prepare: %s", db_errmsg(db));
out:
	db_finalize(ins);
	db_finalize(upd);
	db_finalize(ret);
	return rc;
}

/* Makes the table equal to the shipped rows; *written (may be NULL) gets the number
 * of rows written. 0 ok, -1 error. */
int hazard_criteria_seed(struct db *db, int *written)
{
	unsigned char state[ARRAY_SIZE(hazard_criteria)];
	int64_t *retire = NULL;
	size_t nretire = 0, i;
	int n = 0, rc = -1;

	if (written)
		*written = 0;
	if (hc_diff(db, state, &retire, &nretire) < 0)
		goto out;
	for (i = 0; i < hazard_criteria_n && !state[i]; i++)
		;
	if (i == hazard_criteria_n && nretire == 0) {
		rc = 0;		/* nothing changed: no transaction, no write */
		goto out;
	}
	if (db_begin(db) != 0)
		goto out;
	n = hc_apply(db, state, retire, nretire);
	if (n < 0 || db_commit(db) != 0) {
		db_rollback(db);
		goto out;
	}
	log_info("hazard_criteria: %d catalogue rows written", n);
	if (written)
		*written = n;
	rc = 0;
out:
	free(retire);
	return rc;
}

/* The module's schema step (after entity_schema_sync): the shipped catalogue. */
int hazard_criteria_schema(struct db *db)
{
	return hazard_criteria_seed(db, NULL);
}

/* The id of the stored row with code: > 0, 0 when there is none, -1 on error. */
int64_t hazard_criterion_id(struct db *db, const char *code)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM hazard_criterion WHERE code = ?");
	int64_t id = -1;
	int s;

	if (!st || db_bind_text(st, 1, code))
		goto out;
	s = db_step(st);
	if (s == DB_ROW)
		id = db_col_int64(st, 0);
	else if (s == DB_DONE)
		id = 0;
out:
	if (id < 0)
		log_err("hazard_criteria: id of %s: %s", code ? code : "(null)", db_errmsg(db));
	db_finalize(st);
	return id;
}
