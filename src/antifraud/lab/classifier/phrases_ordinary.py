"""Ordinary messages (`none`): notices, marketing, chats, and anti-fraud publicity that quotes scripts."""

from __future__ import annotations

from antifraud.lab.classifier.grammar import Family

NONE = "none"

CARRIER = Family(
    name="carrier_marketing",
    label=NONE,
    slots={"op": ["中国移动", "中国联通", "中国电信", "浙江移动", "金华电信", "广电5G"],
           "offer": ["{num2}GB流量包仅需{small}", "5G畅享套餐月费立减{num2}元", "充100送{num2}", "宽带续约享{num2}折",
                     "话费余额不足{num2}元", "本月已使用流量{num2}GB", "家庭融合套餐限时优惠", "积分可在营业厅兑换礼品"]},
    sms=(
        "【{op}】尊敬的客户，{offer}，回复KT办理，退订回TD。",
        "【{op}】您好，截至{date}，{offer}。详情请登录{op}APP查询。",
        "【{op}】{offer}，活动截止{date}，详询10086。拒收请回复R",
        "尊敬的用户，您的话费余额为{num2}.{num2}元，为避免停机请及时充值。【{op}】",
        "【{op}】您本月套餐内流量已使用80%，如需加量可订购{offer}。",
        "【{op}】感谢您使用我们的服务，您的账单已出，本月消费{num2}.{num2}元。",
    ),
)

SHOP_MARKETING = Family(
    name="shop_marketing",
    label=NONE,
    slots={"shop": ["{platform}", "优衣库", "屈臣氏", "瑞幸咖啡", "肯德基", "麦当劳", "星巴克", "盒马", "永辉超市",
                    "名创优品", "海底捞", "蜜雪冰城", "银泰百货", "万达广场"],
           "deal": ["618年中大促", "双十一狂欢", "会员日全场{count}折", "满{num3}减{num2}", "新品上市第二杯半价",
                    "{num2}元无门槛优惠券已到账", "周年庆买一送一", "积分翻倍", "年货节", "清凉一夏满减"]},
    sms=(
        "【{shop}】{deal}，{date}开抢，戳{url}，退订回T",
        "【{shop}】亲爱的会员，{deal}，您的专属优惠券即将过期，快来使用吧~退订回TD",
        "{shop}：{deal}，到店出示短信再享9折，地址：{city}{district}万达{count}楼。回T退订",
        "【{shop}】您的{num2}元优惠券已到账，{deal}，有效期至{date}。",
        "【{shop}】{deal}！爆款低至{num2}元，点击{url}抢购，拒收请回复R",
    ),
)

DELIVERY = Family(
    name="delivery_notice",
    label=NONE,
    roles=("快递员", "驿站"),
    slots={"station": ["菜鸟驿站", "妈妈驿站", "兔喜生活", "丰巢快递柜", "{courier}网点", "小区快递超市", "中邮驿站"]},
    sms=(
        "【{station}】您的{courier}包裹已到{city}{district}{station}，取件码{num2}-{count}-{code4}，请于{clock}前取件。",
        "【{courier}】您的快件{order_no}已签收，签收人：门卫，如有疑问请联系快递员{phone}。",
        "【{courier}】您的快件正在派送中，快递员{surname}师傅{phone}，请保持电话畅通。",
        "【丰巢】凭取件码{code6}至{district}小区{count}号柜取件，超时将收取保管费。",
        "{courier}快递：您的包裹已由{station}代收，取件码{code4}，营业时间8:00-21:00",
        "您好，我是{courier}快递员，您的快递放门口了还是放驿站？",
        "【{courier}】您寄出的包裹已揽收，单号{order_no}，可在APP查看物流。",
    ),
    turns=(
        ("您好，{courier}快递，您家里有人吗", "你好，送快递的，你在家吗"),
        ("那我给你放驿站了", "放门口可以吗", "我放丰巢了，取件码发你手机上"),
    ),
    replies=("不在家，放驿站吧", "放门口就行，谢谢", "好的", "我晚上去拿"),
)

BANK_TXN = Family(
    name="bank_transaction",
    label=NONE,
    slots={"op_type": ["支出", "入账", "转入", "消费", "收入（工资）", "转出", "退款入账", "代扣", "快捷支付"],
           "card": ["储蓄卡", "借记卡", "信用卡", "账户", "卡"]},
    sms=(
        "【{bank}】您尾号{tail}的{card}{date}{clock}{op_type}人民币{amount}，余额{amount}。",
        "您账户{tail}于{date}{clock}{op_type}{amount}，当前余额{amount}。【{bank}】",
        "【{bank}】您尾号{tail}卡{date}通过微信支付{op_type}{small}，如非本人操作请致电95588。",
        "【{bank}】{mname}，您尾号{tail}账户收到{name}转账{amount}，附言：房租。",
        "【{bank}】您尾号{tail}的账户{date}{op_type}{amount}，交易后余额{amount}。详询客服95533",
    ),
)

BANK_BILL = Family(
    name="bank_bill",
    label=NONE,
    slots={"bill_state": ["本期账单金额{amount}，最低还款{small}，到期还款日{date}", "已还款{amount}，感谢您的使用",
                          "账单已出，请于{date}前还款", "您的分期手续费已入账"]},
    sms=(
        "【{bank}信用卡】尊敬的{mname}，您尾号{tail}的信用卡{bill_state}。",
        "【{bank}】温馨提示：您尾号{tail}信用卡{bill_state}，可通过手机银行还款。",
        "{bank}信用卡中心：您的账单{bill_state}，已经还过的请忽略本提醒。",
        "【{bank}】您的贷款本期应还{small}，扣款日{date}，请确保账户余额充足。",
    ),
)

OTP = Family(
    name="otp",
    label=NONE,
    slots={"svc": ["{platform}", "支付宝", "微信", "{bank}", "12306", "美团", "滴滴出行", "国家政务服务平台", "浙里办",
                   "个人所得税APP", "钉钉", "哈啰出行"]},
    sms=(
        "【{svc}】验证码{code6}，5分钟内有效，请勿泄露给他人。",
        "【{svc}】您正在登录，验证码为{code6}，切勿告知他人，如非本人操作请忽略。",
        "【{svc}】{code4}（动态验证码），您正在进行身份验证，{num2}分钟内有效。",
        "验证码：{code6}，您正在修改登录密码，请勿将验证码转发他人。【{svc}】",
        "【{svc}】您的验证码是{code6}。工作人员不会向您索要，请勿泄露。",
    ),
)

PREVENTION = Family(
    name="prevention_publicity",
    label=NONE,
    roles=("民警", "社区"),
    slots={"org": ["{city}市公安局", "{city}反诈中心", "{city}公安", "国家反诈中心", "{district}派出所", "{city}市反诈骗中心",
                   "{bank}", "中国移动", "社区民警", "{city}警方"],
           "rule": [
               "公检法机关不会通过电话办案，更不存在所谓的安全账户",
               "凡是要求垫付资金做任务的兼职刷单都是诈骗",
               "凡是自称电商物流客服，主动提出退款理赔的都是诈骗",
               "凡是网络贷款要求先交保证金、解冻费的都是诈骗",
               "凡是自称领导熟人要求转账汇款的，务必当面或电话核实",
               "凡是要求注销校园贷、清空额度否则影响征信的都是诈骗",
               "凡是推荐稳赚不赔投资理财的都是诈骗",
               "快递丢失理赔请通过官方平台核实，不要点击陌生链接",
               "不要下载陌生APP，不要开启屏幕共享",
               "验证码是您的资金钥匙，任何人索要都不要给",
               "网恋对象让你投资、借钱，都是诈骗",
               "冒充公检法诈骗常以涉嫌洗钱为由要求转账",
               "任何以冻结、通缉为名要求转账的都是骗子",
               "征信问题只能到人民银行征信中心申请异议，不存在所谓修复征信",
               "凡是自称客服说您开通了百万保障、直播会员要扣费的都是诈骗",
               "游戏账号交易请走官方平台，谨防低价诱惑",
           ],
           "advice": ["遇到可疑情况请拨打96110咨询", "请下载国家反诈中心APP", "如遇诈骗请立即拨打110报警", "不听不信不转账",
                      "守好钱袋子", "提高防范意识", "发现可疑请及时报警", "谨防上当受骗", "请转告家中老人"]},
    sms=(
        "【{org}】温馨提示：{rule}。{advice}。",
        "{org}提醒您：{rule}，{advice}！",
        "【{org}】反诈提醒：{rule}；{rule}。{advice}。",
        "警方提示：{rule}。{advice}。",
        "【全民反诈】{rule}，{advice}。",
        "{org}反诈宣传：谨防刷单诈骗！{rule}。{advice}。",
        "【{org}】您好，近期冒充客服诈骗高发，{rule}，{advice}。",
        "防骗小课堂：{rule}。{advice}！",
        "{org}：{rule}，请广大市民提高警惕。",
        "今天差点上当，还好想起民警说的：{rule}。",
    ),
    turns=(
        ("您好，我是{org}的民警，这是反诈回访电话", "您好，这里是{org}，我们在做反诈宣传"),
        ("最近冒充公检法和客服的诈骗比较多", "我们发现您接到过可疑电话，提醒您注意"),
        ("{rule}", "记住，{rule}"),
        ("{advice}", "您家里有老人的话也转告一下，{advice}"),
    ),
    replies=("好的，谢谢提醒", "知道了", "我没转钱", "我会注意的", "辛苦了"),
    story=(
        "社区民警来小区做反诈宣传，告诉大家{rule}",
        "参加了单位组织的反诈讲座，民警讲了很多案例，{rule}",
    ),
    weight=2.0,
)

CASE_NEWS = Family(
    name="case_news",
    label=NONE,
    slots={"victim_kind": ["一市民", "一名大学生", "一名退休教师", "一位宝妈", "某公司财务人员", "一名老人"],
           "scam": ["冒充公检法", "刷单返利", "虚假贷款", "冒充客服", "冒充领导", "虚假投资理财", "注销校园贷"],
           "org": ["{city}警方", "{city}市公安局", "{district}派出所", "反诈中心"],
           "role2": ["公安民警", "法院工作人员", "电商客服", "快递客服", "公司领导", "老同学", "贷款平台客服", "京东金融客服",
                     "医保局工作人员", "班主任"],
           "pretext2": ["涉嫌洗钱需资金核查", "快递丢失要理赔", "贷款需交解冻金", "注销校园贷", "急需用钱周转",
                        "取消会员自动扣费", "身份证被冒用", "商品质量问题退款", "为贷款走一遍流水"]},
    sms=(
        "【警情通报】近日，我市{victim_kind}遭遇{scam}诈骗，被骗{amount}。{org}提醒：凡是要求转账到安全账户的都是诈骗。",
        "{org}发布典型案例：{victim_kind}接到自称客服的电话，被骗{amount}。警方提醒广大市民谨防此类骗局。",
        "案例警示：{victim_kind}轻信“{scam}”话术转账{amount}，所幸民警及时劝阻止付。请大家提高警惕。",
        "{org}成功拦截一起{scam}诈骗，为{victim_kind}挽回损失{amount}。",
        "{org}提醒：近期{scam}类诈骗高发，骗子常称“你涉嫌洗钱”“快递丢了要赔钱”，请勿轻信。",
        "警方通报：犯罪嫌疑人冒充{role2}，谎称{pretext2}，诱骗{victim_kind}转账{amount}，目前已被刑事拘留。",
        "新闻：{city}警方打掉一个{scam}诈骗团伙，抓获犯罪嫌疑人{num2}名，该团伙以{pretext2}为由实施诈骗。",
        "{victim_kind}接到电话，对方冒充{role2}称{pretext2}，幸好柜员及时发现并报警，保住了{amount}。",
    ),
)

FRIEND_CHAT = Family(
    name="friend_chat",
    label=NONE,
    roles=("A", "朋友", "对方"),
    slots={"plan": ["周末去爬山吗", "晚上一起吃火锅", "明天去看电影不", "下班去打球吗", "周六去{city}玩", "一起去吃烧烤",
                    "我们去KTV吧", "要不要拼个奶茶"],
           "chat": ["哈哈哈笑死我了", "今天好累啊", "我到了，你在哪", "刚下班", "晚点说", "这个周末有空吗", "你看那个新闻了吗",
                    "帮我带份早餐", "我在路上了，十分钟到", "生日快乐呀{emoji}", "昨天的钱我转你了，收一下", "AA吧，每人{small}",
                    "你上次借我的书还在吗", "我手机快没电了", "等你好久了", "今天天气真好", "晚安", "明天见"]},
    sms=("{chat}", "{plan}？", "{chat}，{plan}", "{hello}，{chat}", "{chat}{emoji}", "{plan}，{chat}"),
    turns=(
        ("{plan}", "{chat}", "在干嘛"),
        ("好啊，几点", "可以，我叫上{given}", "今天不行，改天吧", "{chat}"),
        ("{clock}在老地方见", "那就这么定了", "{chat}"),
    ),
    replies=("好的", "哈哈", "行", "OK", "没问题", "收到", "好呀", "等我一下", "嗯嗯", "{emoji}"),
    story=("{when}和朋友{plan_past}，很开心", "{when}跟{given}约了吃饭，聊了很久"),
    weight=1.5,
)

FAMILY_CHAT = Family(
    name="family_chat",
    label=NONE,
    roles=("妈妈", "爸爸", "儿子", "女儿"),
    slots={"fam": ["妈", "爸", "老公", "老婆", "宝贝", "奶奶", "儿子", "闺女"],
           "home": ["晚上回来吃饭吗", "记得多穿点衣服", "我买了菜，你下班顺路带瓶酱油", "孩子作业写完了吗",
                    "周末回家一趟吧", "你爸血压药吃了吗", "钱够不够用，不够跟我说", "生活费给你转过去了，注意查收",
                    "到学校了报个平安", "我在超市，要买什么吗", "明天降温了", "你奶奶想你了", "快递到了我帮你拿了"]},
    sms=("{fam}，{home}", "{home}", "{home}{emoji}", "{fam}，{home}，{home}"),
    turns=(("{fam}，{home}", "{home}"), ("知道了", "好的{fam}", "不用啦", "晚点回", "{home}")),
    replies=("好的", "知道了", "嗯", "放心吧", "收到啦", "爱你"),
    story=("{when}回家看了爸妈，{fam_story}",),
    weight=1.5,
)

WORK_CHAT = Family(
    name="work_chat",
    label=NONE,
    roles=("同事", "领导", "经理"),
    slots={"task": ["下午三点开会，地点{count}楼会议室", "报表今天下班前发我", "合同已经盖章了", "明天出差去{city}，车票订好了",
                    "客户那边回复了，方案通过", "周报记得交", "这个发票拿去财务报销", "领导说明天的会改到下午",
                    "项目进度表更新一下", "{surname}总让你去一下他办公室", "今天加班，晚饭公司订了", "年会节目报名截止周五",
                    "工资条发邮箱了", "打卡机坏了，找行政登记一下", "请假单我批了"]},
    sms=("{task}", "{hello}，{task}", "@所有人 {task}", "{task}，收到回复", "{surname}经理：{task}"),
    turns=(("{task}", "{hello}，{task}"), ("收到", "好的，马上", "明白", "{task}"), ("辛苦了", "谢谢", "OK")),
    replies=("收到", "好的", "明白", "马上处理", "已完成"),
    story=("{when}{me}在公司加班改方案，{task}",),
    weight=1.5,
)

APPOINTMENT = Family(
    name="appointment",
    label=NONE,
    slots={"hosp": ["{city}市中心医院", "{city}市人民医院", "浙大二院", "{district}社区卫生服务中心", "口腔医院", "妇幼保健院"],
           "dept2": ["内科", "口腔科", "眼科", "儿科", "皮肤科", "骨科", "体检中心"],
           "biz": ["4S店", "美发店", "健身房", "驾校", "车管所", "律师事务所", "家政公司"]},
    sms=(
        "【{hosp}】{mname}您好，您已成功预约{date}{clock}{dept2}门诊，就诊号{num2}，请携带医保卡提前到院。",
        "【{hosp}】您的检查报告已出，可登录公众号查看，如有疑问请咨询医生。",
        "【{biz}】您好，提醒您{date}{clock}的预约，如需改期请提前联系。",
        "【{biz}】您的车辆保养预约已确认，时间{date}{clock}，地址{city}{district}。",
        "{hosp}提醒：{date}复诊，请空腹前来抽血。",
        "【{hosp}】挂号成功：{dept2}，{date}上午，序号{num2}。",
    ),
)

TRAVEL = Family(
    name="travel",
    label=NONE,
    slots={"train": ["G{num3}", "D{num3}", "K{num3}", "Z{num2}"], "air": ["南方航空", "东方航空", "国航", "吉祥航空"]},
    sms=(
        "【铁路12306】订单E{code6}，{mname}您已购{date}{train}次{count}车{num2}F号，{city}站{clock}开，检票口{num2}。",
        "【铁路12306】您的候补订单已兑现，{date}{train}次，请按时乘车。",
        "【{air}】您预订的{date}{city}-{city2}航班已出票，请于起飞前45分钟办理值机。",
        "【{air}】尊敬的旅客，您乘坐的航班登机口变更为{num2}号，请留意广播。",
        "【{air}】您的航班预计延误，最新起飞时间{clock}，敬请旅客谅解。",
        "【携程旅行】您预订的{city}酒店已确认，入住日期{date}，祝您旅途愉快。",
        "【滴滴出行】司机{surname}师傅已接单，车牌浙G{code4}，预计{num2}分钟到达。",
    ),
)

SCHOOL = Family(
    name="school_notice",
    label=NONE,
    slots={"school": ["{city}市实验小学", "{city}一中", "{district}中学", "第{count}幼儿园", "{city}职业技术学院"],
           "note": ["本周五下午召开家长会，请准时参加", "{date}起放寒假，开学时间另行通知", "明天期中考试，请提醒孩子带好文具",
                    "本学期课后服务费通过学校统一缴费平台缴纳，请勿向个人转账", "请家长督促孩子完成暑假作业",
                    "因天气原因明天停课一天", "秋季运动会下周举行，请准备白色运动服", "请于本周内完成学生医保缴费"]},
    sms=("【{school}】各位家长：{note}。", "{school}通知：{note}。谢谢配合！", "家长您好，{note}。班主任{surname}老师",
         "【{school}】{note}，收到请回复。"),
)

GOV_SERVICE = Family(
    name="gov_service",
    label=NONE,
    slots={"gov": ["{city}市医保局", "{city}人社局", "{city}市公积金中心", "国家税务总局{city}市税务局", "浙里办", "{city}市政务服务中心",
                   "{city}市不动产登记中心", "{city}市交警支队"],
           "gnote": ["您{date}的城乡居民医保已缴费成功", "您的公积金本月已到账", "您的个人所得税年度汇算已完成，退税将于近日到账",
                     "您申请的业务已办结，请到窗口领取证件", "您的社保卡已制作完成，请到网点领取",
                     "您的驾驶证将于{date}到期，请及时换证", "您的车辆年检将于下月到期"]},
    sms=("【{gov}】{gnote}。", "【{gov}】{mname}：{gnote}，详询12345。", "{gov}提醒您：{gnote}，可通过浙里办APP查询。"),
)

REAL_POLICE = Family(
    name="police_service",
    label=NONE,
    slots={"pnote": ["您申请的居住证已办理完成，请到{district}派出所领取",
                     "您的身份证已制作完成，请携带回执到户籍窗口领取",
                     "您的报警已受理，民警将尽快与您联系，回执编号{case_no}",
                     "您的车辆在{district}路段违停，请在{num2}日内通过交管12123处理",
                     "您的户口迁移业务已办结",
                     "您好，您遗失的钱包已有人交到我所，请携带身份证前来认领"]},
    sms=("【{city}公安】{pnote}。", "【{district}派出所】{mname}，{pnote}。", "【交管12123】{pnote}。",
         "{city}市公安局出入境：您的护照已签发，请按约定方式领取。"),
)

REAL_COURT = Family(
    name="court_service",
    label=NONE,
    slots={"cnote": ["您的案件{case_no}定于{date}{clock}在第{count}法庭开庭，请准时到庭",
                     "您的案件已调解结案，调解书已送达", "您提交的立案申请已通过审核", "请登录人民法院在线服务查看电子送达文书"]},
    sms=("【{city}市人民法院】{mname}，{cnote}。", "【{city}法院】{cnote}，有疑问可致电承办法官助理，电话{landline}。"),
)

LEGIT_LOAN = Family(
    name="licensed_credit_marketing",
    label=NONE,
    slots={"prod": ["信用卡分期", "消费贷", "经营贷", "房贷", "车贷", "闪电贷", "e分期"]},
    sms=(
        "【{bank}】尊敬的客户，我行{prod}年化利率{percent}起，详询网点或{bank}手机银行，退订回T。",
        "【{bank}】您的{prod}申请已受理，审批结果将以短信通知，请勿向任何人支付费用。",
        "【{bank}】您本月{prod}还款{small}已扣款成功，感谢您的支持。",
        "【{bank}】温馨提示：我行不会以任何名义收取贷款手续费或保证金，谨防诈骗。",
        "{bank}：您的房贷利率已于{date}调整，详情请致电95588或登录手机银行查询。",
    ),
)

REAL_SERVICE = Family(
    name="real_customer_service",
    label=NONE,
    roles=("客服", "商家"),
    slots={"goods": ["外套", "耳机", "奶粉", "洗衣液", "书", "鞋子", "手机壳"]},
    sms=(
        "【{platform}】您的订单已发货，{courier}运单号{order_no}，请注意查收。",
        "【{platform}】您申请的退款{small}已原路退回，预计1-3个工作日到账。",
        "【{platform}】您购买的{goods}已签收，欢迎评价。",
        "亲，您拍的{goods}今天发出哦，有问题随时联系在线客服~",
        "【{platform}】您的售后申请已通过，请在7天内寄回商品。",
        "【{platform}】您的会员将于{date}到期，可在APP内自主选择续费。",
    ),
    turns=(
        ("您好，这里是{platform}在线客服，请问有什么可以帮您", "亲，在的哦"),
        ("您的退款已经处理了，原路退回", "这个需要您在订单页面申请售后", "已经帮您催促快递了"),
        ("还有其他问题吗", "祝您生活愉快"),
    ),
    replies=("我的快递怎么还没到", "我想退货", "好的谢谢", "退款什么时候到", "没有了"),
)

UTILITY = Family(
    name="utility",
    label=NONE,
    slots={"util": ["国网浙江电力", "{city}水务", "{city}燃气", "物业服务中心", "华数电视"]},
    sms=(
        "【{util}】您户号{code6}本月电费{small}，请于{date}前缴纳。",
        "【{util}】因管道维修，{date}{clock}起{district}片区停水{count}小时，请提前储水。",
        "【{util}】您的缴费{small}已成功，感谢使用。",
        "【物业】各位业主：本周六对电梯进行年检，届时暂停使用，敬请谅解。",
    ),
)

WEATHER_NEWS = Family(
    name="weather_news",
    label=NONE,
    slots={"alert": ["暴雨黄色预警", "高温橙色预警", "大风蓝色预警", "寒潮预警", "台风蓝色预警"]},
    sms=(
        "【{city}气象】{city}市气象台发布{alert}，请注意防范，减少外出。",
        "【应急管理局】{alert}生效中，请市民关注天气变化，注意安全。",
        "今日{city}多云转晴，最高气温{num2}度，适宜出行。",
        "【{city}发布】{date}起地铁{count}号线延长运营时间至23:00。",
    ),
)

JOB_REAL = Family(
    name="job_real",
    label=NONE,
    slots={"co": ["{city}某科技公司", "{city}人力资源市场", "前程无忧", "BOSS直聘", "智联招聘"]},
    sms=(
        "【{co}】{mname}您好，诚邀您于{date}{clock}参加面试，地址{city}{district}，请携带简历。",
        "【{co}】您投递的岗位有新进展，请登录APP查看。",
        "您好，我是{co}的HR，看到您的简历，想约您电话聊一下岗位情况，方便吗？",
    ),
)

INVEST_REAL = Family(
    name="investment_notice",
    label=NONE,
    slots={"broker": ["{bank}", "华泰证券", "中信证券", "天天基金", "支付宝理财", "国泰君安"]},
    sms=(
        "【{broker}】您定投的基金已于{date}扣款{small}，请留意账户余额。",
        "【{broker}】您持有的理财产品已到期，本息{amount}已转入您的账户。",
        "【{broker}】投资有风险，入市需谨慎。您的风险测评将于{date}到期，请及时更新。",
        "【{broker}】您的证券账户于{date}成交一笔，详情请登录APP查询。",
    ),
)

CHITCHAT = Family(
    name="small_talk",
    label=NONE,
    roles=("A", "B"),
    slots={"topic": ["最近在追一部剧，挺好看的", "今天食堂的饭太难吃了", "我家猫又把杯子打碎了", "下周要考试了好紧张",
                     "楼下新开了一家面馆", "孩子今天学会骑自行车了", "周末在家大扫除", "刚跑完步，累死了",
                     "这个手机用了三年了想换", "今年过年回老家吗", "菜价又涨了", "我报了个瑜伽班",
                     "今天地铁好挤", "刚看完球赛，太精彩了", "我种的番茄结果了"]},
    sms=("{topic}", "{topic}{emoji}", "{topic}，你呢", "{hello}，{topic}"),
    turns=(("{topic}", "{hello}，{topic}"), ("真的吗", "哈哈哈", "我也是", "{topic}"), ("改天聊", "好的", "嗯嗯")),
    replies=("哈哈", "是啊", "对", "羡慕", "我也想", "不错"),
    story=("{when}{topic}",),
    weight=1.5,
)

SECURITY_NOTICE = Family(
    name="account_security",
    label=NONE,
    slots={"app2": ["微信", "支付宝", "QQ", "淘宝", "抖音", "{bank}手机银行"]},
    sms=(
        "【{app2}】您的账号于{date}{clock}在新设备登录，如非本人操作，请及时在APP内修改密码。",
        "【{app2}】您已成功修改登录密码，如非本人操作请联系官方客服。",
        "【{app2}】您的实名认证信息已更新。我们不会以任何理由向您索要验证码。",
        "【{app2}】您的账户支付密码已重置成功。",
    ),
)

MONEY_FRIENDS = Family(
    name="money_between_friends",
    label=NONE,
    roles=("朋友", "同事"),
    slots={"money": ["昨天吃饭的钱我转你了，{small}", "房租我转你了，查收一下", "上次借你的{small}还你了", "份子钱我帮你随了，回头给我",
                     "团建费每人{small}，转给我就行", "你先帮我垫一下奶茶钱，回去给你", "红包收一下", "车费AA，每人{small}"]},
    sms=("{money}", "{hello}，{money}", "{money}{emoji}", "{money}，谢啦"),
    turns=(("{money}",), ("收到了", "好的，谢谢", "不用这么急", "OK")),
    replies=("收到", "好嘞", "谢谢", "不客气"),
)

ADS = Family(
    name="commercial_ads",
    label=NONE,
    slots={"biz2": ["{city}万达广场", "{city}某楼盘", "新东方", "学而思", "XX驾校", "美年大健康", "宜家家居", "{city}国际车展",
                    "华为授权店", "小米之家", "周大福", "太平洋保险", "红星美凯龙", "{city}汽车城", "爱尔眼科", "瑜伽馆",
                    "少儿编程", "装修公司", "婚纱摄影", "月子中心", "{city}大酒店", "旅行社"],
           "promo": ["开业大酬宾，全场{count}折起", "首付{count}万起，现房发售，带装修", "暑期班火热报名中，前{num2}名立减{num3}元",
                     "新春特惠，进店即送精美礼品", "会员充{num3}送{num3}", "限时秒杀，{num2}款爆品{count}折", "免费量房设计，签约送家电",
                     "免费试听课，名额有限", "以旧换新最高补贴{num3}元", "套餐{num3}元起，赠送{count}项服务", "国庆黄金周特价线路{num3}元起",
                     "年货大街开市，满{num3}减{num2}", "家庭保障计划，详询您的专属顾问"]},
    sms=(
        "【{biz2}】{promo}，地址{city}{district}，电话{landline}，退订回T",
        "{biz2}{promo}！详询{phone}",
        "【{biz2}】尊敬的客户，{promo}，活动时间{date}至{date}，欢迎莅临。",
        "{promo}，{biz2}期待您的光临，拒收请回复R",
        "【{biz2}】{promo}，点击{url}了解详情，回TD退订",
    ),
)

NEWS = Family(
    name="news_notes",
    label=NONE,
    slots={"actor": ["{city}市政府", "市教育局", "{city}市人大", "市交通局", "{district}街道", "省卫健委", "市文旅局", "{city}海关",
                     "市场监管部门", "{city}市公安局交警支队", "市住建局", "国家统计局", "{city}市法院", "市税务局"],
           "event": ["召开{date}全市经济工作会议", "发布{city}城市更新规划", "启动老旧小区改造工程", "举办第{num2}届文化旅游节",
                     "公布上半年居民收入数据", "开展夏季消防安全检查", "推出{count}项便民服务举措", "完成年度考核工作",
                     "部署春运交通保障工作", "表彰一批优秀志愿者", "开通{count}条公交新线路", "召开新闻发布会介绍营商环境建设情况"],
           "detail": ["预计总投资{amount}", "涉及居民{num3}户", "将于{date}正式实施", "市民可通过政务服务网查询", "吸引游客{num2}万人次",
                      "同比增长{percent}", "相关负责人表示将持续推进", ""]},
    sms=("{actor}{event}，{detail}。", "【{city}新闻】{actor}{event}。", "{date}，{actor}{event}，{detail}。",
         "据了解，{actor}{event}。"),
    story=("{when}看到新闻说{actor}{event}", "{when}在新闻上看到{actor}{event}，{detail}"),
)


def _background(rng):  # type: ignore[no-untyped-def]
    """Ordinary Chinese as a stream of common words (jieba's dictionary, by frequency)."""
    from antifraud.lab.classifier.phrases_common import background_words

    words, cum = background_words()
    n = rng.choice([2, 3, 4, 6, 8, 10, 14, 20, 30])
    out: list[str] = []
    for i in range(n):
        out.append(words[_bisect(cum, rng.random() * cum[-1])])
        if i < n - 1 and rng.random() < 0.15:
            out.append(rng.choice("，，，。！？、 "))
    return "".join(out)


def _bisect(cum, x):  # type: ignore[no-untyped-def]
    import bisect

    return min(bisect.bisect_left(cum, x), len(cum) - 1)


BACKGROUND = Family(name="background_words", label=NONE, sms=("{background}",),
                    slots={"background": _background},
                    weight=3.0)

REAL_BOSS_TEACHER = Family(
    name="boss_teacher_real",
    label=NONE,
    roles=("领导", "老师", "老板", "同事"),
    slots={"line": ["{surname}老师：明天早上7点40到校，记得带数学作业", "{surname}总：合同我签好了，你拿去盖章",
                    "领导让你下午去他办公室一趟，拿上季度报表", "老板说这个月的奖金已经发了，大家查收一下",
                    "校长通知：下周一举行升旗仪式，请穿校服", "{surname}主任：周五下班前把总结交上来",
                    "我是新来的{surname}老师，以后数学课由我来上，请家长多多支持", "领导说今年年会在{city}开，大家准备一下",
                    "老板请大家晚上聚餐，地点{district}那家湘菜馆", "{surname}局长明天来检查，会议室收拾一下",
                    "我换了新手机号，以后打这个，存一下，{given}", "刚才给你转了{small}，是上次聚餐你垫的钱",
                    "妈，生活费收到了，别担心我", "爸，我下周回家，给你买了降压药", "儿子，钱转给你了，省着点花",
                    "老同学聚会定在{date}，来不来", "表哥结婚，份子钱我一起出了",
                    "妈，这个月生活费有点紧，能再转我{small}吗", "老婆，给我转两百，钱包忘带了", "爸，学校要交班费{small}，我微信转给老师了",
                    "哥，借我{small}周转一下，月底发工资还你", "领导，报销单我放您桌上了，麻烦签个字",
                    "老师，孩子今天不舒服，请假一天", "{surname}老师，资料费我已经在学校缴费平台交了"]},
    sms=("{line}", "{hello}，{line}", "{line}，收到回复一下", "{line}{emoji}"),
    turns=(("{line}",), ("好的", "收到", "知道了", "没问题", "谢谢"), ("{line}", "嗯嗯")),
    replies=("收到", "好的", "OK", "知道了"),
    weight=1.5,
)

SERVICE_CALL = Family(
    name="service_call",
    label=NONE,
    roles=("客服", "工作人员", "店员", "前台"),
    slots={"biz3": ["{bank}客服", "{platform}客服", "{city}大酒店前台", "物业客服", "{courier}客服", "肯德基宅急送", "4S店售后",
                    "中国移动客服", "医院预约中心"],
           "need3": ["我想查一下信用卡账单", "我想改一下收货地址", "我订一间明天的大床房", "我家水管漏水了", "快递显示签收了我没收到",
                     "我点一份全家桶", "车子该保养了", "我想改个套餐", "我想预约周三的专家号", "我想挂失一张银行卡"],
           "answer3": ["好的，已经帮您查到了，本期账单{small}", "可以的，已经帮您修改好了", "好的，给您预留了，入住时出示身份证即可",
                       "师傅下午两点上门维修", "帮您联系了快递员，他说放在门卫了", "好的，预计四十分钟送达", "给您约在周六上午十点",
                       "可以，新套餐下月生效", "已经帮您预约好了，请按时就诊", "已为您办理临时挂失，请带身份证到网点补卡"]},
    turns=(
        ("您好，{biz3}，请问有什么可以帮您", "您好，这里是{biz3}，很高兴为您服务"),
        ("{answer3}", "请稍等，我帮您查一下。{answer3}"),
        ("还有其他可以帮您的吗", "感谢您的来电，祝您生活愉快"),
    ),
    replies=("{need3}", "好的谢谢", "没有了", "麻烦你了"),
    weight=1.5,
)

SHORT_REPLY = Family(
    name="short_reply",
    label=NONE,
    sms=("{hello}", "{hello}！", "{hello}{emoji}", "好的", "收到", "嗯嗯", "谢谢", "OK", "好", "哈哈", "在", "在的", "马上到",
         "{emoji}", "晚安", "早上好", "早", "辛苦了", "没问题", "知道了", "好的，谢谢", "你好，请问你是", "哪位？", "稍等",
         "在开会，晚点回你", "刚看到", "不用了，谢谢", "你好，有什么事吗", "喂？", "行", "可以", "明白"),
    weight=1.0,
)

LINK_SHARE = Family(
    name="link_share",
    label=NONE,
    slots={"doc": ["会议链接", "文档链接", "问卷", "这个视频", "报名表", "这篇文章", "群接龙", "共享文档", "直播回放", "网盘链接"]},
    sms=("{url}", "{doc}：{url}", "看看这个 {url}", "{hello}，{doc}发你了 {url}", "{doc}在这里：{url}，大家填一下",
         "这个挺有意思的 {url}", "{doc} {url} 提取码{code4}", "明天的{doc}：{url}"),
    weight=1.0,
)

FAMILIES = (SHORT_REPLY, LINK_SHARE, SERVICE_CALL, REAL_BOSS_TEACHER, BACKGROUND, ADS, NEWS, CARRIER, SHOP_MARKETING, DELIVERY,
            BANK_TXN, BANK_BILL, OTP, PREVENTION, CASE_NEWS, FRIEND_CHAT, FAMILY_CHAT, WORK_CHAT, APPOINTMENT,
            TRAVEL, SCHOOL, GOV_SERVICE, REAL_POLICE, REAL_COURT, LEGIT_LOAN, REAL_SERVICE, UTILITY,
            WEATHER_NEWS, JOB_REAL, INVEST_REAL, CHITCHAT, SECURITY_NOTICE, MONEY_FRIENDS)
SHARED = {
    "plan_past": ["去爬山了", "吃了火锅", "看了场电影", "打了一下午球", "去逛街了"],
    "fam_story": ["妈妈做了一桌子菜", "陪爸爸下了盘棋", "一家人聊到很晚"],
}
