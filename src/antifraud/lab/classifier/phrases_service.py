"""Scripts of 冒充电商物流客服 (fake_customer_service): lost parcels, refunds, memberships, tickets."""

from __future__ import annotations

from antifraud.lab.classifier.grammar import Family

LABEL = "fake_customer_service"

_CS = {
    "goods": ["衣服", "面膜", "奶粉", "儿童玩具", "鞋子", "手机壳", "零食", "保健品", "化妆品", "羽绒服", "床单", "充电宝",
              "护肤品", "童装", "电动牙刷", "口红"],
    "cs_self": ["我是{platform}客服", "这边是{platform}官方客服", "我是{courier}快递的理赔专员", "我是{platform}售后",
                "这里是{courier}客服中心", "我是您购买商品的店铺客服", "我是{platform}平台的工作人员，工号{code4}"],
    "verify": [
        "需要您打开支付宝备用金，领取后转到我们的理赔账户验证",
        "麻烦您下载{meeting}，开启屏幕共享，我指导您操作",
        "请提供一下您的银行卡号和收到的验证码",
        "您扫一下这个二维码，按提示填写退款信息",
        "需要您在借呗上借一笔钱验证账户流水，验证完马上退还",
        "您的账户信誉度不够，需要先转一笔钱过来做资金流水验证",
        "点击{url}填写收款银行卡信息",
        "加一下我们的理赔专员微信{wxid}",
    ],
    "meeting": ["腾讯会议", "钉钉", "Zoom", "一个会议软件", "屏幕共享APP", "云视讯"],
}

LOST_PARCEL = Family(
    name="lost_parcel",
    label=LABEL,
    roles=("客服", "快递客服", "对方", "A"),
    slots={**_CS, "lost": ["您的快递在运输途中丢失了", "您的包裹在中转站被损坏", "您的快件被仓库误发，已经找不到了",
                           "您单号{order_no}的包裹丢失", "您的快递因疫情消杀被销毁了"],
           "comp": ["三倍赔偿", "双倍赔付", "{small}的理赔金", "按商品价格的三倍理赔", "全额退款外加{small}补偿"]},
    sms=(
        "【{courier}】{lost}，我司将给予{comp}，请联系理赔专员{phone}办理。",
        "{hello}，{cs_self}，{lost}，现为您办理{comp}，{verify}。",
        "您好，{lost}，给您带来不便深表歉意，{comp}请添加客服微信{wxid}领取。",
        "【快递理赔】{lost}，请点击{url}申请{comp}",
        "亲，{lost}哦，我们会给您{comp}，需要您配合操作一下",
        "您的快递（单号{order_no}）已丢失，理赔请回电{landline}",
    ),
    turns=(
        ("{hello}，请问是{mname}吗？{cs_self}", "喂您好，{cs_self}"),
        ("{lost}", "跟您核实一下，{lost}，真的很抱歉"),
        ("我们这边给您{comp}", "按照规定给您{comp}"),
        ("{verify}", "理赔需要走流程，{verify}"),
        ("操作完钱马上原路退回", "您别挂电话，我一步步教您"),
    ),
    replies=("我的快递丢了？", "要怎么理赔", "好的", "需要我做什么", "为什么要借钱", "我没有支付宝", "哦，那行",
             "钱什么时候到"),
    story=(
        "{me_call}自称{courier}客服的电话，说{me}的快递丢了要三倍赔偿，让{me}开通备用金后转账，结果被骗{amount}",
        "对方说{me}的包裹丢失可以理赔，让{me}下载{meeting}共享屏幕，转走了{me}银行卡里的钱",
        "有人冒充快递客服说要给{me}理赔，让{me}扫码填写银行卡和验证码，随后卡里的{amount}被转走",
    ),
)

QUALITY_REFUND = Family(
    name="quality_refund",
    label=LABEL,
    roles=("客服", "售后", "对方"),
    slots={**_CS, "defect": ["质量问题", "甲醛超标", "检测不合格", "含有致癌物质", "被质检部门抽查不合格", "批次问题被召回",
                             "存在安全隐患"]},
    sms=(
        "【{platform}】亲，您购买的{goods}存在{defect}，现全额退款并补偿{small}，请联系客服{phone}。",
        "{hello}，{cs_self}，您{when}买的{goods}{defect}，我们要给您双倍退款，{verify}。",
        "您在{platform}购买的{goods}因{defect}被召回，请点击{url}办理退款",
        "亲亲，您的订单{order_no}中的{goods}有{defect}，给您办理退款+赔偿，请加微信{wxid}",
        "{platform}售后通知：您购买的商品{defect}，退款需在{soon}办理，逾期作废。",
    ),
    turns=(
        ("{hello}，{cs_self}，您是不是在我们店买了{goods}", "您好亲，{cs_self}"),
        ("您买的这批{goods}{defect}，厂家要召回", "很抱歉，您的{goods}{defect}"),
        ("我们给您退款{small}，另外再赔偿{small}", "给您办理双倍退款"),
        ("{verify}", "退款系统需要您配合，{verify}"),
    ),
    replies=("是买过", "怎么退款", "不用退了", "好的，我要怎么操作", "我用的挺好的啊", "验证码发你了"),
    story=(
        "{me_call}电话说{me}买的{goods}{defect}要退款，对方知道{me}的订单信息，让{me}在支付宝借钱验证，{me}被骗了{amount}",
        "对方冒充{platform}客服说商品{defect}可以双倍赔偿，让{me}点链接填写银行卡信息和验证码",
    ),
)

MEMBERSHIP = Family(
    name="membership_fee",
    label=LABEL,
    roles=("客服", "对方", "工作人员"),
    slots={**_CS, "service": ["百万保障", "直播会员", "代理商身份", "VIP会员", "自动续费服务", "京东金融会员", "抖音商家服务",
                              "分期保险", "旅游会员", "商家入驻服务"],
           "charge": ["每月扣费{small}", "每年收取年费{small}", "今天就要扣费{small}", "将从您的银行卡自动扣除{small}"]},
    sms=(
        "【{platform}】您开通的{service}即将{charge}，如需取消请致电{landline}",
        "{hello}，{cs_self}，系统显示您误操作开通了{service}，{charge}，需要帮您取消吗？",
        "尊敬的用户，您的{service}试用期已满，{charge}，关闭请访问{url}",
        "您的{service}将于{soon}生效，{charge}，如非本人操作请联系客服关闭。",
        "【{platform}】您好，您已开通{service}，{charge}。如非本人操作，请于{soon}拨打{landline}取消，退订回T。",
        "通知：您在{platform}被登记为{service}，{charge}，请尽快办理取消。",
    ),
    turns=(
        ("{hello}，{cs_self}", "您好，这里是{platform}客服中心"),
        ("您之前开通了{service}，马上要{charge}", "系统显示您是{service}，{charge}"),
        ("不取消的话会一直扣费，还会影响征信", "需要在今天帮您关闭，不然就扣钱了"),
        ("{verify}", "取消需要验证，{verify}"),
    ),
    replies=("我没开通过", "赶紧帮我取消", "怎么取消", "扣多少", "不会影响征信吧", "好的你教我"),
    story=(
        "{me_call}自称{platform}客服的电话，说{me}开通了{service}，不取消会{charge}，让{me}共享屏幕操作，结果被转走{amount}",
        "对方说{me}误开通了{service}要取消，引导{me}在多个平台贷款后转账“验证”",
    ),
)

FLIGHT = Family(
    name="flight_change",
    label=LABEL,
    roles=("客服", "航空公司", "对方"),
    slots={**_CS, "airline": ["南方航空", "东方航空", "国航", "海南航空", "春秋航空", "厦门航空", "吉祥航空", "四川航空"],
           "flight": ["CZ{num3}", "MU{num3}", "CA{num3}", "HU{num3}", "9C{num3}"]},
    sms=(
        "【{airline}】尊敬的旅客，您预订的{date}{flight}航班因机械故障已取消，请致电{landline}办理改签，可获补偿{small}。",
        "您好，您的航班{flight}因天气原因取消，请联系客服{phone}办理退票，另赔偿延误金{small}",
        "航班取消通知：{flight}已取消，改签请登录{url}，逾期无法办理。",
        "{airline}提醒您：您的航班延误，理赔款{small}需要您提供银行卡信息领取",
    ),
    turns=(
        ("您好，这里是{airline}客服", "{hello}，我是航空公司的"),
        ("您的{flight}航班取消了", "您订的航班因为故障取消了"),
        ("给您补偿{small}，需要您操作一下", "改签需要先验证您的银行账户"),
        ("{verify}",),
    ),
    replies=("啊？航班取消了？", "那我怎么办", "补偿怎么领", "好的"),
    story=("{me}收到航班取消的短信，打过去对方说可以理赔，让{me}在手机银行上操作，结果被转走了{amount}",),
)

POINTS_ETC = Family(
    name="points_etc",
    label=LABEL,
    roles=("客服", "对方"),
    slots={**_CS, "carrier": ["中国移动", "中国联通", "中国电信", "10086", "ETC服务中心", "高速ETC", "{bank}信用卡中心"],
           "bait": ["您的积分即将清零，可兑换{small}现金", "您的ETC认证已失效，将无法正常通行", "您的ETC卡被冻结",
                    "您的信用卡可提额至{amount}", "您的话费积分可兑换{goods}", "您的ETC需要重新认证"]},
    sms=(
        "【{carrier}】{bait}，请于{soon}登录{url}办理。",
        "尊敬的客户：{bait}，立即办理{url}",
        "{carrier}提醒您：{bait}，逾期作废，点击{url}",
        "【{carrier}】{bait}，回复后客服将联系您，或访问{url}",
        "【{carrier}】{bait}，请登录{url}办理，如非本人操作请忽略。",
    ),
    turns=(
        ("{hello}，这里是{carrier}", "您好，{carrier}客服"),
        ("{bait}", "系统提示{bait}"),
        ("需要您在{url}上输入银行卡号和验证码", "我发您一个链接，您填一下信息"),
    ),
    replies=("好的", "怎么弄", "验证码是多少位的", "我点开了"),
    story=("{me}收到{carrier}的短信，说{bait}，点开链接填了银行卡和验证码后卡里的钱被转走",),
)

GIFT_BAIT = Family(
    name="gift_bait",
    label=LABEL,
    roles=("客服", "对方"),
    slots={**_CS, "gift": ["电风扇", "空气炸锅", "保温杯", "按摩仪", "电饭煲", "床上四件套", "取暖器", "榨汁机", "蓝牙耳机",
                           "小米手环"],
           "why": ["您是我们的优质老客户", "您近一年下单频率较高", "店铺周年庆回馈老客户", "您被抽中为年度幸运用户",
                   "为感谢您对{platform}的支持"]},
    sms=(
        "【{courier}】尊敬的客户，{why}，现免费赠送您{gift}一台，请添加客服支付宝好友{phone}登记领取。",
        "【{platform}】亲，{why}，送您{gift}一份，加客服微信{wxid}登记收货地址即可。",
        "{why}，我们准备了{gift}，只需支付{small}运费即可领取，登记链接{url}",
        "您好，{cs_self}，{why}，赠送您{gift}，需要您加一下我们的福利官微信",
    ),
    turns=(
        ("{hello}，{cs_self}", "您好，这边是{platform}福利中心"),
        ("{why}，给您送一台{gift}", "恭喜您获得免费{gift}"),
        ("您加一下我们客服的支付宝好友，登记一下", "需要您扫码进群领取"),
        ("领取需要验证账户，{verify}",),
    ),
    replies=("真的免费吗", "怎么领", "好的", "要付钱吗"),
    story=("{me_call}自称{courier}客服的电话，说{me}是老客户要送{gift}，让{me}加支付宝好友领取，随后以验证为由骗走{amount}",),
)

ACCOUNT_RISK = Family(
    name="account_risk",
    label=LABEL,
    roles=("客服", "对方", "安全中心"),
    slots={**_CS, "acct": ["支付宝账户", "淘宝账号", "微信支付", "抖音账号", "京东账户", "美团账户", "拼多多店铺"],
           "risk": ["存在异常交易风险，已被限制使用", "涉嫌违规刷单，已被冻结", "被检测到盗号风险", "因违规操作即将被封禁",
                    "信誉分过低，资金无法提现", "订单异常导致退款失败"]},
    sms=(
        "【{platform}】您的{acct}{risk}，请于{soon}联系官方客服{phone}解除限制。",
        "尊敬的用户，您的{acct}{risk}，为保障资金安全请点击{url}完成认证。",
        "{hello}，{cs_self}，您的{acct}{risk}，需要您配合做一下资金验证。",
        "通知：您的{acct}{risk}，如不处理将永久封禁并上报征信，客服{landline}。",
    ),
    turns=(
        ("{hello}，{cs_self}", "您好，这里是{platform}安全中心"),
        ("您的{acct}{risk}", "我们监测到您的{acct}{risk}"),
        ("解除限制需要验证您的资金，{verify}", "{verify}"),
    ),
    replies=("怎么会这样", "我没有违规啊", "好的你说", "要怎么解除"),
    story=("{me_call}自称{platform}客服的电话，说{me}的{acct}{risk}，让{me}按指示操作验证资金，被骗{amount}",),
)

FAMILIES = (ACCOUNT_RISK, GIFT_BAIT, LOST_PARCEL, QUALITY_REFUND, MEMBERSHIP, FLIGHT, POINTS_ETC)
