/*
 * campaign_data.c — the campaigns of the documents, shipped as templates
 * (campaign_int.h): a regulator launches one for a chosen year and every date
 * moves to that year (rules/campaign.c cmp_move_date).
 *
 *   baiday   XX区落实企业安全生产主体责任百日攻坚行动 (seeds/004): four phases —
 *            动员部署 6月20日-30日, 排查整治 7月1日-8月15日, 集中攻坚 8月16日-9月15日,
 *            巩固提升 9月16日-9月30日 (三、方法步骤); the 25条 self-check (自查自改,
 *            posted on site) by the end of 排查整治; the 25条 宣讲 with the principal by
 *            6月30日 (四、工作要求(一)); the self-check list posted on site.
 *   six_one  “责任主体谈主体责任”安全生产“六个一”系列活动 (seeds/002): 活动时间
 *            8月-11月 (四); 一学, 一拍, 一交流 every month with one theme (三(一)3),
 *            一讲, 一谈 (an article ≤ 2000字 published, 三(二)2), 一检查; the summary
 *            and one article to 区安委办 and 区国资委 by 12月5日 (五).
 */
#include <string.h>

#include "core/util.h"
#include "mod/campaign_int.h"

static const struct cmp_tpl_phase baiday_phases[] = {
	{"动员部署阶段", "2025-06-20", "2025-06-30"},
	{"排查整治阶段", "2025-07-01", "2025-08-15"},
	{"集中攻坚阶段", "2025-08-16", "2025-09-15"},
	{"巩固提升阶段", "2025-09-16", "2025-09-30"},
};

static const struct cmp_tpl_item baiday_items[] = {
	{"六大责任25条宣讲（主要负责人参加）", "document", NULL, NULL, "2025-06-30",
	 "seeds/004 四(一)：开展六大责任25条攻坚内容宣讲，必须要求企业主要负责人参加，6月30日前全面完成。上传宣讲记录、签到表。"},
	{"六大责任25条对标自查自改", "selfcheck", NULL, "duty25", "2025-08-15",
	 "seeds/004 三(二)：严格对照六大责任25条逐条逐项自查自改，每项工作都要有开展痕迹和材料印证，全面填写内容清单。以“百日攻坚六大责任25条自查清单”完成一次检查即为完成。"},
	{"自查自改清单厂区公示", "document", NULL, NULL, "2025-08-15",
	 "seeds/004 三(二)：填写完成的《六大责任25条内容清单》自查自改情况留档备查，并在厂区醒目位置公示。上传公示照片。"},
	{"百日攻坚工作总结", "document", NULL, NULL, "2025-09-30",
	 "seeds/004 三(四)：总结提炼落实主体责任经验做法和典型成果。"},
};

static const struct cmp_tpl_phase six_one_phases[] = {
	{"活动开展", "2022-08-01", "2022-11-30"},
	{"总结报送", "2022-12-01", "2022-12-05"},
};

#define S61 "seeds/002 三"
static const struct cmp_tpl_item six_one_items[] = {
	{"一学：领导干部安全生产培训", "activity", "study", NULL, "2022-11-30",
	 S61 "(一)1：企业班子成员集体参加领导干部安全生产专题培训班重点课程，组织学习体会讨论。填写日期、参加人数，上传签到表。"},
	{"一拍：随申拍/随手拍查找身边的隐患", "activity", "snapshot", NULL, "2022-11-30",
	 S61 "(一)2：动员员工拍摄照片或视频，发现和报告风险隐患。上传照片。"},
	{"一交流：8月“大家谈”", "activity", "exchange", NULL, "2022-08-31",
	 S61 "(一)3：每月围绕一个主题开展安全生产“大家谈”交流活动。填写本月主题。"},
	{"一交流：9月“大家谈”", "activity", "exchange", NULL, "2022-09-30",
	 S61 "(一)3：每月围绕一个主题开展安全生产“大家谈”交流活动。填写本月主题。"},
	{"一交流：10月“大家谈”", "activity", "exchange", NULL, "2022-10-31",
	 S61 "(一)3：每月围绕一个主题开展安全生产“大家谈”交流活动。填写本月主题。"},
	{"一交流：11月“大家谈”", "activity", "exchange", NULL, "2022-11-30",
	 S61 "(一)3：每月围绕一个主题开展安全生产“大家谈”交流活动。填写本月主题。"},
	{"一讲：主要负责人讲安全精品课", "activity", "lecture", NULL, "2022-11-30",
	 S61 "(二)1：企业安全生产“第一责任人”活动期间至少完成一次安全生产主题授课。填写授课日期、课程主题、听课人数。"},
	{"一谈：班子成员谈“一岗双责”安全观", "activity", "article", NULL, "2022-12-05",
	 S61 "(二)2、五：每位班子成员至少形成一篇文章（2000字以内），通过展示栏、内刊、官网、官微等公开；非分管安全生产的班子成员文章一篇，12月5日前报区安委办和区国资委。"},
	{"一检查：班子成员带头安全生产大检查", "activity", "inspection", NULL, "2022-11-30",
	 S61 "(二)3：企业班子全体成员带头开展安全生产大检查。填写检查日期和检查情况。"},
	{"“六个一”活动总结", "document", NULL, NULL, "2022-12-05",
	 "seeds/002 五：各参与单位至少提交一份活动总结，12月5日前报区安委会办公室和区国资委。"},
};

const struct cmp_template cmp_templates[] = {
	{"baiday", "落实企业安全生产主体责任百日攻坚行动", "区应急管理局",
	 "seeds/004 XX区落实企业安全生产主体责任百日攻坚行动方案",
	 "推动企业将六大责任25条逐条逐项落实到位：企业对标自查自改、板块对标宣贯引导、部门对标监督执法。",
	 2025, "2025-06-20", "2025-09-30", "all",
	 baiday_phases, ARRAY_SIZE(baiday_phases), baiday_items, ARRAY_SIZE(baiday_items)},
	{"six_one", "“责任主体谈主体责任”安全生产“六个一”系列活动", "区安委会办公室、区国资委、区应急局",
	 "seeds/002 青安委办〔2022〕35号",
	 "一学、一拍、一交流，一讲、一谈、一检查；活动总结和一篇文章12月5日前报区安委办和区国资委。",
	 2022, "2022-08-01", "2022-12-05", "all",
	 six_one_phases, ARRAY_SIZE(six_one_phases), six_one_items, ARRAY_SIZE(six_one_items)},
};
const size_t cmp_ntemplates = ARRAY_SIZE(cmp_templates);

const struct cmp_template *cmp_template_find(const char *code)
{
	for (size_t i = 0; code && i < cmp_ntemplates; i++)
		if (strcmp(cmp_templates[i].code, code) == 0)
			return &cmp_templates[i];
	return NULL;
}
