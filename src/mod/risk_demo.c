/*
 * risk_demo.c — the demo district's risks (risk_demo_build, mod.h): units
 * (workshops, teams, posts) under several enterprises and realistic risk points —
 * 熔炼炉, 有限空间, 燃气门站, 深基坑, 危险化学品仓库 … — with danger sources of GB
 * 6441-2025 types and control measures of every kind, made through the entity core
 * so scoring, the control-level rule and risk_summary run as in real use.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/util.h"
#include "db/db.h"
#include "entity/entity.h"
#include "http/http.h"
#include "mod/mod.h"
#include "mod/risk.h"
#include "mod/risk_int.h"
#include "rules/accident_type.h"
#include "rules/risk.h"

/* ------------------------------------------------------------------- demo */

/* Internal units of the demo enterprises: parent is an index in this table, or -1
 * for the enterprise itself. */
struct demo_unit {
	int ent;		/* index in demo_ent_names */
	int parent;
	const char *name, *level;
};

/* A demo risk point. For LS, l and e hold L and S. Sources are "NN|危险源|后果" with
 * NN the GB 6441-2025 type number; measures "kind|level|内容". */
struct demo_point {
	int unit, post;		/* indexes in demo_units; post -1 = none */
	const char *name, *kind, *location, *method;
	double l, e, c;
	const char *control, *responsible, *emergency;
	int overdue;		/* last reviewed more than a year ago */
	const char *src[4];
	const char *mea[5];
};

static const char *const demo_ent_names[] = {
	"上海青浦精工金属制品有限公司",		/* 0: enterprise B, metal smelting */
	"上海青浦燃气有限公司",			/* 1 */
	"上海青浦城投建设工程有限公司",		/* 2 */
	"上海青浦城市建设投资集团有限公司",	/* 3: enterprise A, the group */
	"上海青浦化工物资贸易有限公司",		/* 4 */
	"上海青浦冷链食品有限公司",		/* 5 */
	"上海青浦华新木业家具有限公司",		/* 6 */
	"上海青浦城投物业管理有限公司",		/* 7 */
	"上海青浦交通运输集团有限公司",		/* 8 */
	"上海青浦公共交通有限公司",		/* 9 */
	"上海青浦淀山湖购物中心有限公司",	/* 10: crowded place */
	"上海青浦淀山湖大酒店有限公司",		/* 11: crowded place */
	"上海青浦自来水有限公司",		/* 12 */
	"上海青浦彩印包装有限公司",		/* 13 */
};

static const struct demo_unit demo_units[] = {
	/* 0 */ {0, -1, "熔炼车间", "workshop"},
	/* 1 */ {0, 0, "熔炼班", "team"},
	/* 2 */ {0, 1, "熔炼工", "post"},
	/* 3 */ {0, 1, "浇注工", "post"},
	/* 4 */ {0, -1, "机加工车间", "workshop"},
	/* 5 */ {0, 4, "数控车工", "post"},
	/* 6 */ {0, -1, "仓储物流部", "workshop"},
	/* 7 */ {0, 6, "叉车司机", "post"},
	/* 8 */ {0, -1, "设备动力部", "workshop"},
	/* 9 */ {0, 8, "维修电工", "post"},
	/* 10 */ {1, -1, "调压运行部", "workshop"},
	/* 11 */ {1, 10, "调压站巡检工", "post"},
	/* 12 */ {1, -1, "管网抢修队", "team"},
	/* 13 */ {1, 12, "抢修工", "post"},
	/* 14 */ {2, -1, "第一项目部", "workshop"},
	/* 15 */ {2, 14, "架子工班组", "team"},
	/* 16 */ {2, 15, "架子工", "post"},
	/* 17 */ {3, -1, "后勤保障部", "workshop"},
	/* 18 */ {3, 17, "配电值班员", "post"},
	/* 19 */ {4, -1, "仓储部", "workshop"},
	/* 20 */ {4, 19, "危化品保管员", "post"},
	/* 21 */ {5, -1, "制冷车间", "workshop"},
	/* 22 */ {5, 21, "制冷工", "post"},
	/* 23 */ {6, -1, "木工车间", "workshop"},
	/* 24 */ {6, 23, "砂光工", "post"},
	/* 25 */ {7, -1, "物业服务中心", "workshop"},
	/* 26 */ {7, 25, "电梯安全管理员", "post"},
	/* 27 */ {8, -1, "危货运输车队", "workshop"},
	/* 28 */ {9, -1, "车辆保修车间", "workshop"},
	/* 29 */ {9, 28, "修理工", "post"},
	/* 30 */ {9, -1, "营运一公司", "workshop"},
	/* 31 */ {9, 30, "公交驾驶员", "post"},
	/* 32 */ {10, -1, "物业工程部", "workshop"},
	/* 33 */ {10, 32, "消防控制室值班员", "post"},
	/* 34 */ {11, -1, "中餐厨房", "workshop"},
	/* 35 */ {11, 34, "厨师", "post"},
	/* 36 */ {12, -1, "制水车间", "workshop"},
	/* 37 */ {12, 36, "加氯工", "post"},
	/* 38 */ {13, -1, "印刷车间", "workshop"},
	/* 39 */ {13, 38, "印刷机长", "post"},
};

static const struct demo_point demo_points[] = {
	/* 精工金属: metal smelting (冶金企业 熔融金属) */
	{1, 2, "中频感应熔炼炉", "equipment", "熔炼车间东跨 1#、2#炉", "lec", 3, 6, 15,
	 "company", "林文斌", "立即断电停炉，疏散炉前人员；严禁用水扑救熔融金属，用干砂覆盖；烫伤者用冷水冲洗后送医。", 0,
	 {"22|潮湿炉料或冷却水渗漏遇熔融金属|爆炸喷溅，多人伤亡", "08|炉衬侵蚀导致漏炉|钢水喷溅灼烫",
	  "22|感应圈冷却水中断|炉体损坏引发爆炸"},
	 {"engineering|company|设置冷却水断水、漏炉报警和应急水源，炉前及炉坑保持干燥",
	  "management|workshop|炉料入炉前烘干检查，炉衬厚度每班测量并记录",
	  "training|team|熔炼工持证上岗，每季度开展漏炉应急培训",
	  "ppe|post|穿戴阻燃服、防护面罩、隔热鞋", "emergency|company|制定漏炉专项应急预案，每半年演练一次"}},
	{1, 3, "钢水包吊运", "activity", "熔炼车间浇注区", "lec", 1, 6, 40,
	 "workshop", "周建华", "发现吊具异常立即停止吊运，人员撤离至安全区域。", 0,
	 {"05|吊具、钢丝绳失效致钢水包坠落|起重伤害、钢水喷溅", "08|钢水包倾翻|灼烫"},
	 {"engineering|company|使用冶金铸造起重机，设置双制动器和超载限制器",
	  "management|workshop|吊运路线下方禁止人员停留，专人指挥", "ppe|post|穿戴阻燃服和防护面罩"}},
	{0, -1, "炉坑及集水井清理（有限空间作业）", "activity", "熔炼车间炉坑、1#集水井", "lec", 3, 3, 40,
	 "company", "林文斌", "严禁盲目施救；佩戴正压式空气呼吸器救援，立即拨打 120。", 1,
	 {"24|有限空间内氧含量不足|窒息死亡", "23|积聚一氧化碳等有毒气体|中毒"},
	 {"management|company|执行有限空间作业审批，先通风、再检测、后作业，专人监护",
	  "engineering|workshop|配备四合一气体检测仪、强制通风机和三脚架",
	  "emergency|company|配备正压式空气呼吸器，每年开展有限空间救援演练",
	  "training|team|作业和监护人员专项培训合格后方可作业"}},
	{8, 9, "10kV 配电房", "area", "厂区北侧配电房", "lec", 1, 6, 15,
	 "workshop", "吴志强", "立即切断电源，用绝缘物使触电者脱离电源，实施心肺复苏。", 0,
	 {"06|带电设备绝缘老化、误操作|触电", "09|电缆过热|电气火灾"},
	 {"management|workshop|执行工作票、操作票制度，两人操作", "engineering|company|设置挡鼠板、绝缘垫和温度在线监测",
	  "ppe|post|使用绝缘手套、绝缘靴和验电器"}},
	{6, 7, "叉车作业", "activity", "原料库及成品库", "lec", 3, 6, 7,
	 "team", "赵海燕", "立即停车熄火，救治伤员并保护现场。", 0,
	 {"02|叉车倒车、转弯时撞击行人|车辆伤害", "01|货物堆码不稳坠落|物体打击"},
	 {"management|team|叉车司机持证，库区限速 5 km/h，人车分流", "engineering|workshop|叉车加装倒车雷达和蓝光警示灯"}},
	{4, 5, "数控车床", "equipment", "机加工车间 A 线", "lec", 3, 6, 3,
	 "post", "孙磊", "立即按急停按钮，包扎止血后送医。", 0,
	 {"04|旋转部件卷入衣物、手套|机械伤害", "01|铁屑飞溅|眼部伤害"},
	 {"engineering|workshop|防护门联锁，未关门不能启动", "ppe|post|禁止戴手套操作，佩戴防护眼镜"}},
	{0, -1, "天然气管道及烘烤器", "equipment", "熔炼车间西侧", "lec", 1, 6, 40,
	 "company", "林文斌", "关闭总阀，禁止一切火源，疏散人员后检测。", 0,
	 {"16|管道、阀门泄漏遇明火|可燃气体爆炸", "26|天然气泄漏|人员窒息"},
	 {"engineering|company|设置可燃气体报警与紧急切断联锁", "management|workshop|每周巡检管道阀门并记录"}},
	{8, -1, "危险废物暂存间", "area", "厂区东南角", "ls", 3, 3, 0,
	 "team", "吴志强", "穿戴防护用品用吸附棉收集泄漏物，报告环保负责人。", 0,
	 {"26|废矿物油泄漏|污染、火灾", "09|油类遇火源|火灾"},
	 {"management|team|分类贮存、设置防渗托盘和标识", "emergency|workshop|配备吸附棉、灭火器"}},
	/* 青浦燃气: gas */
	{10, 11, "燃气门站及调压站", "area", "外青松公路 5200 号站区", "ls", 4, 5, 0,
	 "company", "何卫东", "关闭进出站阀门，启动紧急放散，设置警戒区，报告 119。", 0,
	 {"16|天然气泄漏遇点火源|可燃气体爆炸、群死群伤", "26|法兰、阀门泄漏|泄漏扩散"},
	 {"engineering|company|站区可燃气体检测报警与紧急切断系统，防爆电气",
	  "management|company|站区动火作业审批，每日巡检三次",
	  "emergency|company|燃气泄漏专项应急预案，每季度演练", "training|team|运行人员持燃气从业资格上岗"}},
	{12, 13, "燃气管网带气抢修作业", "activity", "区内中低压管网", "lec", 3, 3, 40,
	 "company", "何卫东", "抢修现场设警戒区，持续检测浓度，超限立即撤离。", 0,
	 {"16|带气作业时燃气积聚遇火花|爆炸", "24|作业坑内燃气置换空气|窒息"},
	 {"management|company|带气作业方案审批，公司领导现场带班", "engineering|workshop|使用防爆工具和正压通风",
	  "ppe|post|佩戴空气呼吸器和防静电工作服"}},
	{10, 11, "调压箱巡检", "activity", "各小区调压箱", "lec", 1, 3, 15,
	 "team", "马春生", "发现泄漏立即关闭进口阀并上报。", 0,
	 {"26|调压箱泄漏|燃气泄漏"},
	 {"management|team|按巡检路线每周巡检并记录"}},
	{12, -1, "阀门井有限空间作业", "activity", "管网阀门井", "lec", 3, 2, 40,
	 "workshop", "何卫东", "严禁盲目施救，使用三脚架和呼吸器救援。", 1,
	 {"24|井内缺氧|窒息", "23|硫化氢等有毒气体|中毒"},
	 {"management|workshop|有限空间作业审批，先通风再检测后作业", "ppe|post|佩戴安全带和气体检测仪"}},
	{12, 13, "抢修车辆道路行驶", "activity", "区内道路", "lec", 3, 6, 7,
	 "team", "马春生", "发生事故立即报警并设置警示标志。", 0,
	 {"03|紧急行驶超速|道路车辆致害"},
	 {"management|team|驾驶员每日出车前检查，禁止疲劳驾驶"}},
	/* 城投建设: construction */
	{15, 16, "脚手架搭设与拆除（高处作业）", "activity", "青浦新城 C3 地块项目", "lec", 3, 6, 15,
	 "workshop", "郭国庆", "立即停止作业，救护坠落人员，保护现场。", 0,
	 {"10|未系挂安全带或防护栏杆缺失|高处坠落", "01|扣件、钢管坠落|物体打击"},
	 {"management|workshop|专项施工方案审批，作业前安全技术交底", "engineering|workshop|设置防护栏杆和安全平网",
	  "ppe|post|系挂双钩安全带，佩戴安全帽", "training|team|架子工持特种作业操作证上岗"}},
	{14, -1, "塔式起重机", "equipment", "C3 地块 1# 塔吊", "ls", 3, 5, 0,
	 "company", "郭国庆", "停止吊装，疏散塔吊覆盖范围内人员。", 0,
	 {"05|超载、斜拉斜吊|起重伤害", "12|基础沉降或附着失效|塔吊倒塌"},
	 {"engineering|company|安装安全监控系统和限位装置", "management|company|每月第三方检测，司机和信号工持证"}},
	{14, -1, "深基坑开挖", "activity", "C3 地块基坑", "lec", 1, 6, 40,
	 "company", "郭国庆", "发现位移超限立即撤离坑内人员。", 0,
	 {"12|支护失稳|坍塌", "13|承压水突涌|水害"},
	 {"management|company|专家论证方案，第三方监测", "engineering|workshop|设置降水井和临边防护"}},
	{14, -1, "施工临时用电", "activity", "项目施工现场", "lec", 3, 6, 7,
	 "team", "林杰", "切断电源后施救。", 1,
	 {"06|电缆破损、未做三级配电两级保护|触电"},
	 {"management|team|执行三级配电两级保护，每日检查漏电保护器"}},
	/* 城投集团: the group's own premises */
	{17, 18, "集团办公楼配电房", "area", "公园路 100 号地下一层", "lec", 1, 6, 15,
	 "workshop", "沈卫东", "切断电源，使用二氧化碳灭火器灭火。", 0,
	 {"06|误入带电间隔|触电", "09|设备过热|电气火灾"},
	 {"management|workshop|配电房上锁管理，持证电工值班", "engineering|company|安装火灾自动报警系统"}},
	{17, -1, "集团办公楼", "area", "公园路 100 号", "lec", 1, 6, 7,
	 "workshop", "沈卫东", "按疏散路线撤离，拨打 119。", 0,
	 {"09|电器使用不当引发火灾|火灾", "11|楼梯湿滑|跌落"},
	 {"management|workshop|每月消防检查，每年组织疏散演练", "training|team|全员消防安全培训"}},
	{17, -1, "地下车库", "area", "办公楼地下二层", "ls", 2, 3, 0,
	 "team", "沈卫东", "发生碰撞立即停车并报告物业。", 0,
	 {"02|车辆行驶碰撞行人|车辆伤害"},
	 {"management|team|设置限速标志和减速带"}},
	/* 化贸: hazardous chemicals */
	{19, 20, "危险化学品仓库（甲类）", "area", "鹤祥路 188 号 1# 库", "lec", 3, 10, 15,
	 "company", "黄文斌", "启动应急预案，切断火源，用围堵和吸附处置泄漏，疏散下风向人员。", 0,
	 {"17|易燃液体挥发遇火源|可燃液体蒸气爆炸", "09|静电或电气火花|火灾",
	  "23|有毒化学品泄漏|中毒", "26|包装破损|泄漏"},
	 {"engineering|company|防爆电气、可燃气体报警、防静电接地和视频监控",
	  "management|company|双人收发、双人保管，禁配物分区存放", "emergency|company|配备应急池、吸附材料，每季度演练",
	  "ppe|post|穿防静电服，佩戴防毒面具"}},
	{19, -1, "危化品装卸作业", "activity", "1# 库装卸区", "lec", 3, 6, 7,
	 "workshop", "黄文斌", "立即停止装卸，关闭阀门，设置警戒。", 0,
	 {"26|装卸时包装破损|泄漏", "02|运输车辆倒车|车辆伤害"},
	 {"management|workshop|装卸作业专人监护，车辆熄火并接地"}},
	/* 冷链: ammonia refrigeration */
	{21, 22, "液氨制冷机房", "area", "北青公路 6666 号机房", "ls", 4, 5, 0,
	 "company", "高明", "启动氨泄漏报警联锁和事故排风，人员佩戴防化服处置，疏散上风向。", 0,
	 {"23|液氨泄漏|中毒", "14|储氨器超压|容器爆炸", "26|阀门、管道泄漏|泄漏"},
	 {"engineering|company|氨气浓度报警与事故排风、紧急切断联锁",
	  "management|company|压力容器定期检验，安全阀每年校验", "emergency|company|配备重型防化服和正压式空气呼吸器",
	  "training|team|制冷工持证上岗"}},
	{21, -1, "速冻冷库", "area", "冷库 A 区", "lec", 3, 6, 7,
	 "team", "高明", "库内人员按下求救按钮，库外人员开门救援。", 1,
	 {"24|人员被困冷库|窒息、冻伤"},
	 {"engineering|workshop|库门内设开门装置和求救报警按钮"}},
	{21, 22, "氨制冷管道", "equipment", "机房至冷库管廊", "lec", 1, 6, 40,
	 "workshop", "高明", "关闭相关阀门，事故排风，疏散人员。", 0,
	 {"15|管道腐蚀超压|管道爆炸", "26|焊缝泄漏|氨泄漏"},
	 {"management|workshop|每年管道定期检验"}},
	/* 华新木业: combustible dust */
	{23, 24, "除尘系统（木粉尘）", "equipment", "木工车间除尘器", "lec", 3, 6, 40,
	 "company", "胡秀英", "立即停机，切断电源，使用干粉灭火器，严禁用压缩空气吹扫。", 0,
	 {"18|除尘器内木粉尘云遇火花|粉尘爆炸", "09|积尘自燃|火灾"},
	 {"engineering|company|设置泄爆、隔爆和火花探测熄灭装置", "management|workshop|每班清扫积尘并记录",
	  "training|team|涉爆粉尘作业人员专项培训"}},
	{23, 24, "砂光机", "equipment", "木工车间砂光线", "ls", 3, 5, 0,
	 "workshop", "胡秀英", "立即停机，切断电源。", 0,
	 {"18|砂光粉尘积聚|粉尘爆炸", "04|砂带断裂|机械伤害"},
	 {"engineering|workshop|吸尘罩与设备联锁启动"}},
	{23, -1, "木工圆锯", "equipment", "木工车间开料区", "lec", 3, 6, 7,
	 "team", "胡秀英", "按急停，包扎止血送医。", 0,
	 {"04|锯片外露|机械伤害"},
	 {"engineering|team|安装防护罩和分料刀"}},
	/* 城投物业: property services */
	{25, 26, "住宅小区电梯", "equipment", "公园路小区 1#–12# 楼", "lec", 1, 6, 15,
	 "workshop", "何丽萍", "困梯时安抚乘客，由持证人员盘车放人，严禁乘客自行扒门。", 0,
	 {"10|层门锁失效致人员坠入井道|高处坠落", "04|困梯时擅自扒门|机械致害"},
	 {"management|workshop|委托有资质单位每 15 日维保，电梯安全管理员持证", "emergency|workshop|张贴困梯救援电话，每年开展困梯救援演练"}},
	{25, -1, "外墙吊篮作业", "activity", "公园路小区外墙", "lec", 3, 2, 15,
	 "workshop", "何丽萍", "立即停止作业，将吊篮降至地面，救治伤员。", 0,
	 {"10|未系挂独立安全绳|高处坠落", "01|工具材料坠落|物体打击"},
	 {"management|workshop|作业审批，下方设置警戒区", "ppe|post|系挂独立生命绳和安全带"}},
	/* 交运集团: dangerous goods by road */
	{27, -1, "危险货物道路运输", "activity", "全市运输线路", "ls", 3, 5, 0,
	 "company", "邹国平", "立即停车，设置警戒，报告 119 和公司应急值班室，按应急处置卡处置泄漏。", 0,
	 {"26|罐车阀门、管路泄漏|泄漏", "16|液化气体泄漏遇火源|可燃气体爆炸"},
	 {"management|company|危货车辆全程卫星定位和动态监控平台 24 小时值守", "training|team|驾驶员、押运员持证上岗，每月安全教育",
	  "emergency|company|随车配备应急处置卡和堵漏器材"}},
	/* 青浦公交: buses */
	{30, 31, "公交车辆道路营运", "activity", "全区 46 条公交线路", "ls", 3, 4, 0,
	 "company", "陆建明", "发生事故立即停车、开启双闪、疏散乘客，报告调度中心。", 0,
	 {"03|驾驶员疲劳驾驶、分心|道路(轨道)车辆致害", "09|车辆电气线路故障|车辆火灾"},
	 {"engineering|company|车载视频和驾驶员行为监测系统", "management|workshop|排班保证驾驶员休息，每日出车前检查"}},
	{28, 29, "车辆举升维修", "activity", "车辆保修车间 1#–4# 工位", "lec", 3, 6, 7,
	 "workshop", "沈海东", "停止举升，设置支撑，救治伤员。", 1,
	 {"04|举升机锁止失效车辆坠落|机械致害"},
	 {"management|workshop|举升后必须加装安全支撑，举升机定期检验", "training|team|维修工岗前培训"}},
	/* 淀湖购物: a crowded place (应急预案管理办法 Art. 33: drills every six months) */
	{32, -1, "商场营业区（人员密集场所）", "area", "购物中心 B1–5F", "lec", 1, 10, 40,
	 "company", "钱晓东", "启动火灾应急预案，广播引导疏散，消防控制室启动排烟和喷淋。", 0,
	 {"09|商铺电气线路老化、违规动火|火灾", "27|节假日客流拥挤|踩踏"},
	 {"engineering|company|自动喷水灭火、火灾报警和防排烟系统每年检测", "management|company|每日防火巡查，节假日客流管控",
	  "emergency|company|每半年组织一次全员疏散演练", "training|team|商户员工消防培训"}},
	{32, 33, "消防控制室", "area", "购物中心 1F 消防控制室", "ls", 2, 4, 0,
	 "team", "钱晓东", "确认火警后立即启动联动设备并报警。", 0,
	 {"27|值班人员脱岗、误操作|延误报警"},
	 {"management|team|24 小时双人值班，持证上岗"}},
	/* 淀湖酒店: a crowded place */
	{34, 35, "厨房燃气灶具", "equipment", "中餐厨房", "lec", 3, 6, 15,
	 "company", "马丽华", "关闭燃气总阀，开窗通风，严禁开关电器，疏散人员后报警。", 0,
	 {"16|燃气管道、软管泄漏|可燃气体爆炸", "08|热油、蒸汽|灼烫"},
	 {"engineering|company|安装可燃气体报警装置和紧急切断阀", "management|workshop|每日班前检查燃气设施",
	  "ppe|post|配备防烫手套和围裙"}},
	{34, -1, "客房楼层", "area", "酒店 3–12 层客房", "lec", 1, 10, 15,
	 "workshop", "马丽华", "按疏散预案引导住客撤离，关闭防火门。", 0,
	 {"09|客人卧床吸烟引燃|火灾"},
	 {"engineering|company|客房设置感烟探测器和自动喷水灭火", "management|workshop|楼层每两小时巡查"}},
	/* 青浦自来水: water works */
	{36, 37, "加氯间（液氯）", "area", "第二水厂加氯间", "lec", 1, 6, 40,
	 "company", "顾振华", "立即启动漏氯吸收装置，佩戴正压式空气呼吸器处置，疏散下风向人员。", 0,
	 {"23|液氯钢瓶或管道泄漏|中毒", "26|阀门密封失效|泄漏"},
	 {"engineering|company|漏氯检测报警与碱液吸收装置联锁", "emergency|company|配备正压式空气呼吸器，每半年漏氯处置演练",
	  "training|team|加氯工持证上岗"}},
	{36, -1, "清水池清洗（有限空间作业）", "activity", "第二水厂 1# 清水池", "lec", 1, 3, 40,
	 "company", "顾振华", "严禁盲目施救，佩戴呼吸器救援并拨打 120。", 0,
	 {"24|池内缺氧|窒息", "07|池内积水|淹溺"},
	 {"management|company|有限空间作业审批，先通风、再检测、后作业", "engineering|workshop|配备气体检测仪、通风机和救援三脚架"}},
	/* 青浦彩印: printing with solvent inks */
	{38, 39, "凹版印刷机", "equipment", "印刷车间 1#、2# 线", "lec", 3, 6, 7,
	 "workshop", "吴佳明", "按急停按钮，断电后处理。", 0,
	 {"04|辊筒咬入手部|机械致害", "17|油墨溶剂挥发遇静电|可燃液体蒸气爆炸"},
	 {"engineering|workshop|辊筒防护罩和急停装置，设备接地导除静电", "management|team|清洁辊筒必须停机挂牌"}},
	{38, -1, "溶剂仓库", "area", "厂区西侧甲类仓库", "lec", 1, 6, 40,
	 "company", "吴佳明", "切断火源，用砂土围堵泄漏，疏散人员后报警。", 0,
	 {"17|溶剂挥发遇火源|可燃液体蒸气爆炸", "09|静电火花|火灾"},
	 {"engineering|company|防爆电气、可燃气体报警和机械通风", "management|workshop|限量存放，每日巡检"}},
};

/* A date n days from today ("YYYY-MM-DD") in the arena. */
static const char *demo_date(struct arena *a, int days)
{
	char out[11];

	time_date(now_utc() + (time_t)days * 86400, out);
	return arena_strdup(a, out);
}

/*
 * Builds units, risk points, danger sources and measures for seven demo
 * enterprises (see demo_points: 熔炼炉 LEC 3×6×15 = 270 较大, 有限空间作业 360 重大,
 * 燃气门站 LS 4×5 = 20 重大 …), a few of them overdue for review, this year's
 * report of enterprise B, and last year's reports of some enterprises (on time,
 * late, missing). Everything goes through the entity core
 * with the system context c, in one transaction it opens (the caller holds none),
 * so hooks, aggregates and audit rows are those of real use. Enterprises missing
 * from the database are skipped. 0 ok, -1 error.
 */
int risk_demo_build(struct ectx *c)
{
	const struct entity_def *org_def = entity_find("org");
	int64_t ent_org[ARRAY_SIZE(demo_ent_names)], unit_id[ARRAY_SIZE(demo_units)];
	int64_t mgr2 = 0, rid;
	int created, rc = -1, began = 0;
	struct verr e;

	if (!org_def)
		return -1;
	if (db_begin(c->db) != 0)
		goto out;
	began = 1;
	for (size_t i = 0; i < ARRAY_SIZE(demo_ent_names); i++) {
		struct db_stmt *st = db_prepare(c->db, "SELECT org_id FROM enterprise WHERE name = ?");

		ent_org[i] = 0;
		if (st && db_bind_text(st, 1, demo_ent_names[i]) == 0 && db_step(st) == DB_ROW)
			ent_org[i] = db_col_int64(st, 0);
		db_finalize(st);
	}
	{
		struct db_stmt *st = db_prepare(c->db, "SELECT id FROM users WHERE username = ?");

		if (st && db_bind_text(st, 1, "manager2") == 0 && db_step(st) == DB_ROW)
			mgr2 = db_col_int64(st, 0);
		db_finalize(st);
	}
	for (size_t i = 0; i < ARRAY_SIZE(demo_units); i++) {
		const struct demo_unit *u = &demo_units[i];
		int64_t parent = u->parent < 0 ? ent_org[u->ent] : unit_id[u->parent];

		unit_id[i] = 0;
		if (!parent)
			continue;
		unit_id[i] = demo_create(c, org_def, json_pack("{s:s, s:s, s:s, s:I}", "name", u->name,
				     "kind", "unit", "unit_level", u->level, "parent_id",
				     (json_int_t)parent));
		if (unit_id[i] < 0)
			goto out;
	}
	for (size_t i = 0; i < ARRAY_SIZE(demo_points); i++) {
		const struct demo_point *p = &demo_points[i];
		json_t *o;
		int64_t pid;

		if (!unit_id[p->unit])
			continue;
		o = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "name", p->name,
			      "kind", p->kind, "unit_id", (json_int_t)unit_id[p->unit],
			      "location", p->location, "method", p->method,
			      "control_level", p->control, "responsible_name", p->responsible,
			      "emergency_measures", p->emergency, "last_review",
			      demo_date(c->arena, p->overdue ? -400 - (int)i : -30 - 7 * (int)i));
		if (p->post >= 0)
			json_object_set_new(o, "post_id", json_integer(unit_id[p->post]));
		if (strcmp(p->method, "lec") == 0) {
			json_object_set_new(o, "lec_l", json_real(p->l));
			json_object_set_new(o, "lec_e", json_real(p->e));
			json_object_set_new(o, "lec_c", json_real(p->c));
		} else {
			json_object_set_new(o, "ls_l", json_integer((json_int_t)p->l));
			json_object_set_new(o, "ls_s", json_integer((json_int_t)p->e));
		}
		if (demo_units[p->unit].ent == 0 && strcmp(p->control, "company") == 0 && mgr2)
			json_object_set_new(o, "responsible_id", json_integer(mgr2));
		pid = demo_create(c, &risk_point_def, o);
		if (pid < 0)
			goto out;
		for (int k = 0; k < 4 && p->src[k]; k++) {
			const char *bar = strchr(p->src[k], '|'), *bar2 = bar ? strchr(bar + 1, '|') : NULL;

			if (!bar || !bar2)
				BUG("risk demo: bad source");
			o = json_pack("{s:I, s:s, s:s, s:s}", "risk_point_id", (json_int_t)pid,
				      "accident_type", arena_printf(c->arena, "2025:%.2s", p->src[k]),
				      "description", arena_strndup(c->arena, bar + 1, (size_t)(bar2 - bar - 1)),
				      "consequence", bar2 + 1);
			if (demo_create(c, &risk_source_def, o) < 0)
				goto out;
		}
		for (int k = 0; k < 5 && p->mea[k]; k++) {
			const char *bar = strchr(p->mea[k], '|'), *bar2 = bar ? strchr(bar + 1, '|') : NULL;

			if (!bar || !bar2)
				BUG("risk demo: bad measure");
			o = json_pack("{s:I, s:s, s:s, s:s, s:s}", "risk_point_id", (json_int_t)pid,
				      "kind", arena_strndup(c->arena, p->mea[k], (size_t)(bar - p->mea[k])),
				      "level", arena_strndup(c->arena, bar + 1, (size_t)(bar2 - bar - 1)),
				      "description", bar2 + 1, "responsible_name", p->responsible);
			if (demo_create(c, &risk_measure_def, o) < 0)
				goto out;
		}
	}
	/* enterprise B submitted this year's report in the first quarter, on time
	 * (when the demo is built after 20 March; else just now) */
	if (ent_org[0]) {
		char today[11];
		const char *when, *was;
		int year, sub;

		time_date(now_utc(), today);
		year = atoi(today);
		when = strcmp(today + 5, "03-20") > 0 ?
			arena_printf(c->arena, "%04d-03-20 10:00:00", year) : NULL;
		verr_init(&e, c->arena);
		sub = risk_report_save(c, ent_org[0], year, &rid, &created, &e);
		if (sub == 0) {
			/* 上报 through the declared action, on the action's clock set to when */
			was = entity_clock;
			if (when)
				entity_clock = when;
			sub = wf_run_tx(c, &risk_report_def, rid, "submit", NULL, NULL, NULL, NULL, &e);
			entity_clock = was;
		}
		if (sub != 0) {
			log_err("risk demo: report: %s", e.message ? e.message : "");
			goto out;
		}
	}
	/* last year's reports, so the calendar has a judged year to compare: some on
	 * time (April), some late (December, after both the 5月底 and 11月底 dues),
	 * some never submitted (seeds/004 第22项) */
	{
		char today[11];
		int year;

		time_date(now_utc(), today);
		year = atoi(today) - 1;
		for (size_t i = 0; i < ARRAY_SIZE(demo_ent_names); i++) {
			const char *when = i % 3 == 0 ? "%04d-04-28 15:00:00" : i % 3 == 1 ?
				"%04d-12-18 09:30:00" : NULL;
			const char *was = entity_clock;
			int sub;

			if (!ent_org[i] || !when)
				continue;
			verr_init(&e, c->arena);
			sub = risk_report_save(c, ent_org[i], year, &rid, &created, &e);
			if (sub == 0) {
				entity_clock = arena_printf(c->arena, when, year);
				sub = wf_run_tx(c, &risk_report_def, rid, "submit", NULL, NULL, NULL, NULL, &e);
				entity_clock = was;
			}
			if (sub != 0) {
				log_err("risk demo: last year's report: %s", e.message ? e.message : "");
				goto out;
			}
		}
	}
	if (db_commit(c->db) != 0)
		goto out;
	began = 0;
	rc = 0;
out:
	if (began)
		db_rollback(c->db);
	return rc;
}

