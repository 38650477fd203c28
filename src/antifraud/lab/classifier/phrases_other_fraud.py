"""Scripts of the other fraud types: brushing, investment, shopping, games, romance, trojans, other."""

from __future__ import annotations

from antifraud.lab.classifier.grammar import Family

_JOB = {
    "job": ["手机兼职", "网络兼职", "点赞员", "刷单员", "淘宝补单", "抖音点赞", "在家兼职", "打字员", "宝妈兼职", "学生兼职"],
    "pay": ["日赚{num3}", "一单一结", "佣金{percent}", "日结{num3}-{num3}元", "每单返{small}", "动动手指月入过万",
            "做一单赚一单"],
    "who_for": ["宝妈", "学生党", "上班族", "闲在家的朋友", "退休人员"],
}

JOB_AD = Family(
    name="job_ad",
    label="brushing_rebate",
    roles=("招聘专员", "对方", "客服"),
    slots=_JOB,
    sms=(
        "【招聘】{job}，{pay}，{who_for}优先，时间自由，详询{wxid}",
        "诚招{job}，{pay}，在家就能做，加微信{wxid}",
        "{hello}，我们在招{job}，{pay}，有兴趣吗？下载{url}",
        "动动手指就能赚钱！{job}，{pay}，当天结算，{who_for}都能做",
        "您已通过{job}初审，首单立返{small}，进群领取任务：{url}",
    ),
    turns=(
        ("{hello}，我们在招{job}，您有兴趣吗", "您好，看到您在找兼职"),
        ("就是帮商家刷单冲销量，{pay}", "给主播点赞关注，截图就能领佣金"),
        ("先做一个体验单，{small}的，马上返", "首单我们先给您返{small}"),
        ("下载这个APP领任务：{url}", "进群接单，群号{qq}"),
    ),
    replies=("怎么做", "需要垫钱吗", "真的能返吗", "好的我试试", "已下载"),
    story=("{me}在网上看到{job}的广告，对方说{pay}，刚开始做了几单有返利，后来垫付了{amount}就提不了现",),
)

TASK_TRAP = Family(
    name="task_trap",
    label="brushing_rebate",
    roles=("接待员", "派单员", "对方"),
    slots=_JOB,
    sms=(
        "您的任务出现卡单，需要再完成{count}单联单才能提现本金和佣金",
        "系统检测到您操作失误，需要再充值{amount}完成任务，否则本金无法退回",
        "恭喜完成前{count}个任务，佣金已到账，下一单为组合任务，需垫付{amount}",
        "【任务平台】您的提现被冻结，原因：任务未完成，请联系接待员处理",
    ),
    turns=(
        ("您好，我是您的专属接待员", "您的任务已派发"),
        ("这一单是联单，要连续做{count}单才能结算", "您操作失误了，卡单了"),
        ("需要再充值{amount}才能提现", "本金和佣金会一起返还"),
    ),
    replies=("我没钱了", "怎么又要充值", "能先提现吗", "好吧我再充", "你们是骗子吧"),
    story=(
        "{me}在一个做任务的APP上刷单，前几单都返了佣金，后来说{me}卡单了要连续充值，{me}前后垫付了{amount}都提不出来",
        "对方让{me}给抖音主播点赞赚佣金，之后拉{me}进群做垫付任务，{me}被骗{amount}",
    ),
)

_INVEST = {
    "asset": ["股票", "数字货币", "虚拟币", "外汇", "黄金期货", "原油", "USDT", "邮币卡", "数字藏品", "新股申购",
              "区块链项目", "养老项目"],
    "promise": ["稳赚不赔", "月收益{percent}", "保本保息", "收益翻倍", "内部消息，必涨", "年化收益{num2}%",
                "一周回本", "老师带单，胜率{num2}%以上"],
}

STOCK_GROUP = Family(
    name="stock_group",
    label="fake_investment",
    roles=("老师", "助理", "对方"),
    slots=_INVEST,
    sms=(
        "【内部消息】明日{asset}板块主力建仓，{promise}，进群免费领牛股：{url}",
        "{hello}，我是{surname}老师的助理，老师每天免费荐股，{promise}，加微信{wxid}",
        "恭喜您获得导师一对一带单资格，{promise}，开户地址{url}",
        "股友你好，{asset}行情来了，{promise}，老师带你上车",
        "炒股群里今天又涨停了，{promise}，想进群的加{wxid}",
    ),
    turns=(
        ("欢迎进群，今天老师分享一只牛股", "我是{surname}老师的助理"),
        ("跟着老师操作，{promise}", "今天推荐的{asset}已经涨了{percent}"),
        ("我们有一个内部平台，{url}，收益更高", "下载这个APP开户，入金{amount}起"),
        ("现在出金需要交{percent}的个人所得税", "账户被冻结，需要缴纳保证金才能出金"),
    ),
    replies=("怎么入金", "真的能赚吗", "我投了{amount}", "为什么提不了现", "好的"),
    story=(
        "{me}被拉进一个炒股群，群里老师天天推荐股票，让{me}在他们的平台投资{asset}，{me}投了{amount}后无法提现",
        "网上认识的“老师”说{promise}，带{me}投资{asset}，刚开始小赚，后来投了{amount}全部提不出来",
    ),
)

CRYPTO = Family(
    name="crypto_platform",
    label="fake_investment",
    roles=("客服", "对方", "导师"),
    slots=_INVEST,
    sms=(
        "新一轮{asset}认购开启，{promise}，名额有限：{url}",
        "{asset}投资平台上线，注册即送{small}体验金，{promise}",
        "您的{asset}账户收益已达{amount}，想取出来得先交{percent}的手续费",
        "数字藏品/邮币卡最新发行，认购即享{promise}，{url}",
    ),
    turns=(
        ("{hello}，我们平台现在有个{asset}项目", "给你推荐一个稳赚的项目"),
        ("{promise}", "我自己投了都赚了"),
        ("注册链接{url}", "先充{amount}试试"),
        ("提现需要交税和手续费", "账户异常，要充值解冻"),
    ),
    replies=("安全吗", "我试试", "怎么提现", "提不出来"),
    story=("{me}在网上被人推荐投资{asset}，对方说{promise}，{me}充值{amount}后平台关闭",),
)

INVEST_FAMILIES = (STOCK_GROUP, CRYPTO)

_SHOP = {
    "item": ["iPhone", "名牌包", "演唱会门票", "茅台", "二手相机", "宠物狗", "口罩", "游戏机", "手表", "电动车", "奢侈品"],
    "lure": ["低价转让", "原价出售", "内部价", "清仓处理", "海外代购", "免税店直供", "全网最低价"],
}

SECONDHAND = Family(
    name="secondhand_deposit",
    label="fake_shopping",
    roles=("卖家", "对方"),
    slots=_SHOP,
    sms=(
        "{lure}{item}，正品保证，仅此一批，看货加V：{wxid}",
        "{item}{lure}，先付定金{small}，到货付尾款",
        "演唱会门票内部渠道有票，{lure}，锁座请登录{url}",
        "亲，{item}已经给你留着了，先转{small}定金，我们私下交易，不走平台",
        "{item}{lure}，拍下后加微信发货，平台有手续费",
    ),
    turns=(
        ("{item}还在吗", "你好，你要的{item}有货"),
        ("{lure}，比市场价便宜一半", "我们是{lure}"),
        ("不走平台，直接微信转我", "先付定金{small}"),
        ("要交运费险和保证金才能发货", "钱收到了，发货前还要交{small}关税"),
    ),
    replies=("还在吗", "便宜点", "好，我转定金", "怎么还不发货", "退钱"),
    story=(
        "{me}在网上看到{lure}的{item}，和卖家私下交易付了{amount}，对方收钱后把{me}拉黑",
        "{me}买{item}先付了定金，卖家又以运费、保证金等理由让{me}多次转账",
    ),
)

FAKE_SERVICE = Family(
    name="fake_service",
    label="fake_shopping",
    roles=("商家", "对方"),
    slots={**_SHOP, "svc": ["代办驾照", "办假证", "代考", "追回网贷损失", "黑客技术服务", "低价充值话费", "办理信用卡"]},
    sms=(
        "{svc}，包过，价格优惠，{wxid}",
        "专业{svc}，先付款后办理，{phone}",
        "话费充值{count}折，限时优惠，{url}",
    ),
    story=("{me}在网上找了{svc}的服务，付了{small}后对方不再回复",),
)

SHOPPING_FAMILIES = (SECONDHAND, FAKE_SERVICE)

_GAME = {
    "game": ["王者荣耀", "和平精英", "原神", "英雄联盟", "梦幻西游", "蛋仔派对", "CF", "我的世界", "第五人格"],
    "gitem": ["账号", "皮肤", "装备", "点券", "金币", "限定皮肤", "满级号", "游戏币"],
}

GAME_ACCOUNT = Family(
    name="game_account",
    label="game_trading",
    roles=("卖家", "客服", "对方"),
    slots=_GAME,
    sms=(
        "{game}{gitem}低价出售，全网最低，交易平台担保：{url}",
        "出{game}{gitem}，价格好商量，加QQ{qq}",
        "您的游戏账号已被冻结，解冻请登录{url}并缴纳保证金",
        "【交易平台】您出售的{game}{gitem}已被买家拍下，提现需先缴纳{small}保证金",
        "{game}充值{percent}折，点券低价代充，{wxid}",
    ),
    turns=(
        ("你要的{game}{gitem}还在", "我这有{game}{gitem}，便宜出"),
        ("我们去这个交易平台交易：{url}", "走担保平台，安全"),
        ("你的账户被冻结了，要交保证金解冻", "提现失败，需要充值{small}激活"),
    ),
    replies=("多少钱", "安全吗", "为什么要交钱", "我已经付款了"),
    story=(
        "{me}的孩子在游戏里看到有人低价卖{game}{gitem}，按照对方要求在假平台付款{amount}",
        "{me}想卖{game}账号，买家让{me}去一个交易平台，说账户冻结要交保证金，{me}转了{small}",
    ),
)

GAME_FAMILIES = (GAME_ACCOUNT,)

_ROMANCE = {
    "pet": ["宝贝", "亲爱的", "老婆", "老公", "宝宝"],
    "persona": ["在国外做工程的", "做跨境电商的", "维和部队军官", "离异有个女儿", "在香港做金融的", "海外医生"],
}

DATING = Family(
    name="dating",
    label="romance",
    roles=("对方", "网友"),
    slots=_ROMANCE,
    sms=(
        "{pet}，今天好想你，等我忙完这阵就回国娶你",
        "{pet}，我在海关被扣了，需要交{amount}的手续费，你先帮我垫一下",
        "我们认识这么久了，你还不相信我吗？这个平台是我舅舅内部的，你投一点试试",
        "{pet}，我买了机票来见你，但是卡被冻结了，你能先转我{amount}吗",
        "我是{persona}，在婚恋网站上看到你，很想和你交个朋友",
    ),
    turns=(
        ("你好，很高兴认识你", "{pet}早安", "我是{persona}"),
        ("我觉得我们很有缘分", "我想和你一起过一辈子"),
        ("我最近在做一个投资，稳赚，带你一起", "我寄了礼物给你，海关要收{small}"),
        ("你先转我{amount}，我回国就还你", "等我们结婚了钱都是你的"),
    ),
    replies=("我也想你", "真的吗", "我不太懂投资", "多少钱", "好的{pet}"),
    story=(
        "{me}在交友软件上认识一个自称{persona}的人，网恋几个月后对方以各种理由让{me}转钱，共被骗{amount}",
        "{me}通过婚恋网站认识了对方，对方带{me}在一个平台投资，说稳赚，结果{amount}提不出来",
    ),
)

ROMANCE_FAMILIES = (DATING,)

_TROJAN = {
    "lure_link": ["这是你吗？{url}", "你的照片被人发到网上了，{url}", "同学聚会相册：{url}", "您有一条违章记录未处理，查看详情{url}",
                  "您的个人补贴已到账，点击领取{url}", "您有一笔个税退税待领取，请登录{url}", "结婚请柬：{url}",
                  "监控视频：{url}", "老师发来孩子的成绩单：{url}"],
}

PHISH_LINK = Family(
    name="phish_link",
    label="trojan",
    roles=("对方",),
    slots=_TROJAN,
    sms=(
        "{lure_link}",
        "【交管12123】{mname}，您的车辆有违章未处理，请下载{url}查看并缴纳罚款",
        "【社保局】您的{date}社保补贴{small}已发放，请登录{url}输入银行卡号领取",
        "你好，{lure_link}",
        "【人社部】您有一笔职业技能补贴待领取，点击{url}进行身份验证",
        "您的手机号已被注销，如需继续使用请点击{url}升级认证",
    ),
    story=(
        "{me}收到一条短信说有违章未处理，点开链接下载了一个APP，之后银行卡里的{amount}被转走",
        "有人发来一个“相册”链接，{me}点开安装后手机被远程控制，验证码被拦截，卡里的钱被盗刷",
    ),
)

APK = Family(
    name="remote_app",
    label="trojan",
    roles=("对方", "客服"),
    slots=_TROJAN,
    sms=(
        "请下载安装包{url}，安装后按提示授权，我们远程帮您处理",
        "您的手机存在安全风险，请安装防护软件：{url}",
        "请您把收到的验证码报给我，系统需要核验",
        "您的银行账户需升级，请下载APP：{url}，输入卡号密码完成认证",
    ),
    turns=(
        ("我发给你一个安装包，你下载一下", "你手机需要装一个软件"),
        ("安装时所有权限都点允许", "打开后把屏幕共享给我"),
        ("把你收到的验证码报一下", "别挂电话，我帮你操作"),
    ),
    replies=("装好了", "验证码是{code6}", "这软件安全吗", "好的"),
    story=("对方让{me}下载一个APP，安装后{me}手机被远程控制，卡里的{amount}被转走",),
)

TROJAN_FAMILIES = (PHISH_LINK, APK)

LOTTERY = Family(
    name="lottery_prize",
    label="other",
    roles=("对方", "工作人员"),
    slots={"show": ["《奔跑吧》", "《中国好声音》", "《快乐大本营》", "抖音周年庆", "{platform}抽奖活动"]},
    sms=(
        "恭喜您被{show}节目组抽中为幸运观众，获得奖金{amount}及笔记本电脑一台，领奖请登录{url}",
        "【中奖通知】您已中{show}一等奖{amount}，需先缴纳个人所得税{small}",
        "恭喜您中奖了！奖品为{amount}现金，请联系{phone}领取，逾期作废",
    ),
    story=("{me}收到中奖短信，对方说要先交手续费和个人所得税，{me}转了{small}后对方失联",),
)

MILITARY = Family(
    name="military_order",
    label="other",
    roles=("对方", "军官"),
    slots={"goods2": ["矿泉水", "大米", "猪肉", "床上用品", "办公用品", "茶叶", "食用油"]},
    sms=(
        "你好，我是部队后勤处的{surname}参谋，需要采购一批{goods2}，你们能供货吗",
        "我们部队订{count}百份餐，先给你们转定金，另外需要你帮忙垫付一笔货款给我们指定的供应商",
        "部队采购{goods2}，急需，价格好说，你先联系这个供货商{phone}",
    ),
    turns=(
        ("你好，我是部队的{surname}军官", "我们部队要采购一批{goods2}"),
        ("你们店里有吗？我们要得多", "货款我们走对公，很快"),
        ("另外有个供应商，你先帮我们垫付{amount}", "需要你先交一笔保证金"),
    ),
    replies=("有的有的", "要多少", "怎么付款", "需要发票吗"),
    story=("有人冒充部队军官到{me}店里订货，要{me}先向指定供应商垫付{amount}，之后失联",),
)

GAMBLING = Family(
    name="gambling",
    label="other",
    roles=("对方",),
    slots={"gamble": ["百家乐", "六合彩", "网络赌博", "体育博彩", "彩票平台"]},
    sms=(
        "{gamble}平台，充值即送{percent}，稳赢技巧群：{url}",
        "新人注册{gamble}送{small}彩金，日赢{amount}不是梦",
        "带你玩{gamble}，包赢，跟着导师下注",
    ),
    story=("{me}在{gamble}平台充值{amount}，开始赢了点后来全部输光且无法提现",),
)

OTHER_FAMILIES = (LOTTERY, MILITARY, GAMBLING)

FAMILIES = (JOB_AD, TASK_TRAP, *INVEST_FAMILIES, *SHOPPING_FAMILIES, *GAME_FAMILIES, *ROMANCE_FAMILIES,
            *TROJAN_FAMILIES, *OTHER_FAMILIES)
