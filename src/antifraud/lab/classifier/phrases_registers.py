"""Registers that share fraud's words: marketing that asks for nothing, and the scripts that do ask.

Ordinary marketing of carriers, banks, shops, estate agents and licensed lenders speaks of points,
wealth products, loans and refunds — the topics of frauds — but asks for no transfer, no code, no app
from an unknown source and no secrecy. The fraud families here are the scripts real corpora have more
of than the rest of the generator: bosses and acquaintances on a new account, and customer-service
scripts that walk the victim to a transfer. Each family writes its own phrases, so any of them can be
held out without its sentences leaking into training.
"""

from __future__ import annotations

from antifraud.lab.classifier.grammar import Family

NONE = "none"

CARRIER_POINTS = Family(
    name="carrier_points_offer",
    label=NONE,
    slots={"op": ["中国移动", "中国联通", "中国电信", "移动和包", "联通营业厅"],
           "gift": ["{num2}元话费券", "视频会员月卡", "{num2}GB定向流量", "电饭煲一台", "品牌耳机"]},
    sms=(
        "【{op}】您有{num3}积分将于月底失效，可在掌上营业厅兑换{gift}，退订回TD",
        "【{op}】升级5G套餐首月半价，另赠{gift}，营业厅或官方APP均可办理，回复T退订",
        "【{op}】尊敬的客户，您已获得携号转网免费升级资格，月租不变，到店咨询即可",
        "【{op}】话费满{num2}元抽{gift}，活动详情请咨询当地营业厅，拒收请回复R",
        "【{op}】您的宽带将于{date}到期，续费可享八折，无需操作则按原价续约",
        "{op}会员月：老用户专享{gift}，打开官方客户端点“我的”领取，本短信无需回复",
    ),
    story=("{me}收到{op}的积分兑换提醒，在营业厅APP里换了{gift}",),
)

BANK_WEALTH = Family(
    name="bank_wealth_ad",
    label=NONE,
    slots={"product": ["“稳享”系列理财", "七天通知存款", "大额存单", "养老理财产品", "货币基金", "三年期国债"],
           "rate": ["业绩比较基准{percent}", "年利率{percent}", "近一年年化{percent}"]},
    sms=(
        "【{bank}】{product}{rate}，{num2}万元起购，过往业绩不代表未来表现，理财有风险投资需谨慎。",
        "【{bank}】尊敬的客户，{product}今日开售，{rate}，详询网点理财经理或手机银行。",
        "【{bank}】本行{product}额度有限，如需了解请在手机银行“财富”频道查看产品说明书。",
        "{bank}提醒您：您持有的{product}将于{date}到期，本金和收益将自动返还至原账户。",
        "【{bank}】新客专享{product}，{rate}，请认准本行官方渠道购买，不向个人账户收款。",
    ),
    turns=(
        ("您好，我是{bank}{district}支行的客户经理，最近行里有款{product}", "{surname}先生您好，{bank}网点的，跟您说下{product}"),
        ("{rate}，您有空可以来网点看看说明书", "不需要您现在做什么，感兴趣的话来柜台办就行"),
    ),
    replies=("我考虑一下", "暂时不需要", "好的我周末去看看", "利率多少来着"),
)

ESTATE_PROMO = Family(
    name="estate_agent_promo",
    label=NONE,
    roles=("中介", "置业顾问"),
    slots={"estate": ["{city}壹号院", "江南府", "滨江花园", "未来社区", "锦绣华庭", "学府里"],
           "offer": ["首付{num2}万起", "总价{num3}万起", "买房送车位", "认筹享{num2}折", "精装交付拎包入住"]},
    sms=(
        "【{estate}】{offer}，地铁口学区房，售楼处地址{city}{district}大道{num3}号，看房专线{landline}",
        "{surname}姐您好，我是链家的小{surname}，{district}那套两居室降了{num2}万，周末方便带您看房吗",
        "【{estate}】样板间开放，{offer}，到访有伴手礼相赠，退订回T",
        "您好，{district}新上一套三房，业主急售，{offer}，有兴趣随时联系我看房",
        "【我爱我家】您关注的{estate}有新房源，{offer}，打开APP查看实拍图",
    ),
    turns=(
        ("您好，我是{estate}的置业顾问，您之前留过电话", "哥您好，{district}这边有套房子挺合适的"),
        ("{offer}，周六有空过来看看吗", "您可以先来售楼处看沙盘，不用交任何钱"),
    ),
    replies=("最近不考虑买房", "发我看看户型", "周六下午可以", "别再打了"),
)

LICENSED_LENDER = Family(
    name="licensed_lender_ad",
    label=NONE,
    slots={"lender": ["招联金融", "{bank}信用卡中心", "{bank}个人消费贷", "微众银行", "马上消费金融", "中银消费金融"],
           "term": ["年化利率（单利）{percent}起", "最长可分{num2}期", "额度最高{num2}万", "按日计息随借随还"]},
    sms=(
        "【{lender}】尊敬的客户，您的借款额度已更新，{term}，请通过官方APP查看，实际以审批为准，退订回T",
        "【{lender}】{term}，放款前不收取任何费用，谨防冒充我司人员收取保证金",
        "【{lender}】您本月账单{amount}已出，还款日{date}，可通过官方APP自动扣款，如已还款请忽略",
        "【{lender}】装修、购车有资金需求？{term}，请到网点或官方APP申请，理性借贷按时还款",
        "【{lender}】感谢您按时还款，您的信用良好，{term}，无需操作，本短信仅为通知",
    ),
    story=("{me}在{lender}的官方APP上借了{amount}装修，每月按时还款",),
)

STORE_PROMO = Family(
    name="store_promo",
    label=NONE,
    slots={"store": ["苏宁", "国美", "红星美凯龙", "宜家家居", "小米之家", "华为授权体验店", "屈臣氏"],
           "deal": ["以旧换新补贴{num3}元", "满{num3}减{num2}", "会员积分抵现", "免费上门安装", "老顾客回馈八八折"]},
    sms=(
        "【{store}】{deal}，{date}至月底，门店与官方商城同步，回TD退订",
        "【{store}】亲爱的会员，您有{num3}积分可在收银台抵扣现金，到店出示会员码即可",
        "【{store}】家电节{deal}，{city}{district}店欢迎光临，详询门店",
        "【{store}】您购买的商品已出库，师傅将于{date}上门安装，无需支付额外费用",
    ),
)

BOSS_NEW_ACCOUNT = Family(
    name="boss_new_account",
    label="impersonate_acquaintance",
    roles=("“老板”", "对方"),
    slots={"title": ["{surname}总", "{surname}董", "{surname}局", "{surname}处长", "{surname}院长"],
           "excuse": ["客户在旁边不好打电话", "我这边信号差只能打字", "马上要上飞机了", "陪领导吃饭走不开"],
           "task": ["给合作方付一笔{amount}的定金", "把{amount}打给这个供应商", "给客户的投标保证金先垫上",
                    "从公账上先转{amount}给对方"]},
    sms=(
        "小{surname}，{title}。{excuse}，你{task}，账户我发你，办好回个消息",
        "我{title}，你把公司群里这个新号置顶，{excuse}，有笔款子要你尽快处理",
        "财务在吗，{title}让你{task}，要快，下班前必须到账",
        "{excuse}，你{task}，这事先别在群里说，回头我跟你对账",
    ),
    turns=(
        ("小{surname}，拉你进个群，是{title}", "你好，{title}的新号，存一下"),
        ("{excuse}", "今天事情多"),
        ("你{task}", "对方账户等下发你，{task}"),
        ("办完截图发我，别声张", "抓紧，半小时内要办好"),
    ),
    replies=("收到{title}", "要不要走审批", "我确认一下", "马上办"),
    story=("{me}被拉进一个工作群，群里的“{title}”头像和真的一样，让{me}{task}，{me}照办后才知道是假冒的",
           "冒充{title}的人用新账号联系公司出纳，以{excuse}为由让其{task}"),
)

RELATIVE_NEW_NUMBER = Family(
    name="relative_new_number",
    label="impersonate_acquaintance",
    roles=("“亲戚”", "对方"),
    slots={"kin": ["你侄子", "你外甥", "你小姨", "你二叔", "你干儿子", "你老战友"],
           "trouble": ["学校要交住宿费", "打架把人打伤了要私了", "签证押金不够", "出差钱包被偷了"]},
    sms=(
        "姑姑，我是{kin}啊，原来的号停了，{trouble}，能先借我{amount}吗，下个月就还",
        "叔，听得出我声音吗？{kin}，{trouble}，别告诉我爸妈，钱打到我同学卡上就行",
        "是我，{kin}，{trouble}，急着用，你先转给我，晚点打视频给你解释",
    ),
    turns=(
        ("猜猜我是谁呀", "听不出来了？是{kin}呀"),
        ("{trouble}", "现在实在没办法了"),
        ("你先帮我转{amount}，这是我朋友的卡", "千万别跟家里说，我自己会还"),
    ),
    replies=("你是哪个？", "声音怎么不太像", "我先给你爸打个电话", "多少钱"),
    story=("有人打电话给{me}自称是{kin}，说{trouble}，让{me}往一张陌生的卡里转了{amount}",),
)

CS_REFUND_SCRIPT = Family(
    name="cs_refund_script",
    label="fake_customer_service",
    roles=("“客服”", "对方"),
    slots={"reason": ["您买的儿童鞋检测出荧光剂", "您的订单因仓库爆仓无法发货", "您的店铺保证金需要退还",
                      "您之前开通的百万医疗险要续费"],
           "step": ["打开支付宝的备用金借出来再退回", "下载一个会议软件我一步步教您", "在银行卡里保留足够的余额做验证",
                    "把退款码截图发给我"]},
    sms=(
        "{platform}售后：{reason}，为您办理三倍赔付，请添加专属售后{qq}，按提示操作领取",
        "您好，{reason}，系统需要核对您的收款能力，请{step}",
        "【售后理赔中心】{reason}，赔付金已锁定，逾期未领取将作废，详情联系{phone}",
    ),
    turns=(
        ("您好，这边是{platform}官方售后，{reason}", "请问是{surname}女士吗，{reason}"),
        ("我们要给您原路赔付，但您的账户信用分不够", "赔付需要先核验您的账户"),
        ("您{step}", "接下来{step}"),
        ("钱到账后平台会自动返还，您放心", "过程中不要挂电话也不要告诉别人"),
    ),
    replies=("怎么操作", "我没买过这个", "钱会退回来吗", "要不我去APP里找客服"),
    story=("{me}接到自称{platform}售后的电话，对方说{reason}要赔钱，让{me}{step}，最后被骗{amount}",
           "骗子冒充售后说{reason}，一步步让{me}{step}"),
)

CS_SUBSCRIPTION_SCRIPT = Family(
    name="cs_subscription_script",
    label="fake_customer_service",
    roles=("“客服”", "对方"),
    slots={"service": ["短视频平台的主播会员", "外卖平台的超级会员", "网盘的企业版", "旅行平台的金卡"],
           "hurt": ["每月自动扣{small}", "会连扣十二个月", "会上报您的信用档案"]},
    sms=(
        "尊敬的用户，您误开通了{service}，{hurt}，想取消的话打{landline}找人工",
        "【通知】检测到您是学生却开通了{service}，{hurt}，联系专员关闭",
    ),
    turns=(
        ("您好，您名下早先开了{service}", "这里是会员中心，您名下有{service}"),
        ("不关闭的话{hurt}", "现在关闭还来得及"),
        ("我帮您转接银联的工作人员，按他说的把钱转到核验账户", "您手机银行打开，输入我报的数字，这是关闭码"),
    ),
    replies=("我没开过啊", "怎么关", "转钱干什么", "那你帮我关掉"),
    story=("{me}接到电话说开通了{service}，{hurt}，按对方指引把{amount}转到所谓核验账户",),
)

LOAN_DEPOSIT_CHAT = Family(
    name="loan_deposit_chat",
    label="fake_loan",
    roles=("“信贷员”", "对方"),
    slots={"fee": ["保险金", "履约保证金", "资质认证费", "首期利息"],
           "grant": ["您申请的{amount}已审批", "额度{amount}已批下来了"]},
    sms=(
        "{grant}，放款前需先付{fee}{small}证明还款诚意，到账后随贷款一起返还",
        "您好，{grant}，风控提示您名下流水异常，缴纳{fee}方可解除",
    ),
    turns=(
        ("{grant}", "恭喜您，{grant}"),
        ("按规定先交{fee}{small}", "您先转{fee}到财务账户"),
        ("交完马上放款，最晚今天", "不交的话订单作废还影响征信"),
    ),
    replies=("为什么要先交钱", "直接从款里扣掉行不行", "我没那么多钱", "好吧转哪里"),
    story=("{me}在网上申请借款，对方称{grant}，先后让{me}交{fee}等共{amount}，一直没放款",),
)

CREDIT_ACCOUNT_CANCEL = Family(
    name="credit_account_cancel",
    label="fake_credit",
    roles=("“金融专员”", "对方"),
    slots={"product": ["京东白条", "抖音月付", "美团月付", "分期乐"],
           "threat": ["拖着不销户将来按揭都批不下来", "国家新规不允许学生开通"]},
    sms=("您名下的{product}属违规开通，{threat}，请联系专员处理",),
    turns=(
        ("您好，您的{product}需要注销", "我是{product}的工作人员"),
        ("{threat}", "今天不处理明天就上报"),
        ("销户前要把可用额度全提出来打进清算户归零", "提出来的钱汇进平台监管卡，核完原路退"),
    ),
    replies=("我不记得开过", "怎么注销", "要转钱吗"),
    story=("对方称{me}的{product}违规，{threat}，让{me}借出额度转走{amount}",),
)

FAMILIES: tuple[Family, ...] = (
    CARRIER_POINTS, BANK_WEALTH, ESTATE_PROMO, LICENSED_LENDER, STORE_PROMO,
    BOSS_NEW_ACCOUNT, RELATIVE_NEW_NUMBER, CS_REFUND_SCRIPT, CS_SUBSCRIPTION_SCRIPT,
    LOAN_DEPOSIT_CHAT, CREDIT_ACCOUNT_CANCEL,
)
