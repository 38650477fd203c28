"""Chinese text of the synthetic city: fraud SMS by type, ordinary SMS, report narratives, names of sites.

Fraud texts follow the shapes the center sees in reports (刷单返利 job ads, 征信 threats, fake refunds);
placeholders in braces are filled per message.
"""

from __future__ import annotations

import random
from decimal import Decimal

FRAUD_SMS: dict[str, tuple[str, ...]] = {
    "brushing_rebate": (
        "【招聘】手机兼职，动动手指日赚200-500元，在家即可操作，当天结算，详情点击 {url} 咨询",
        "亲，店铺冲销量招聘点赞员，一单一结佣金5%-15%，学生宝妈优先，加入：{url}",
        "您已通过抖音点赞员初审，首单立返28元，下载任务APP：{url} 邀请码{code}",
    ),
    "fake_investment": (
        "【内部消息】明日{code}板块主力建仓，老师带你免费上车，进群领取：{url}",
        "数字藏品/邮币卡最新发行，认购即享30%收益，名额有限：{url}",
        "恭喜您获得导师一对一指导资格，稳定收益月入过万，开户地址 {url}",
    ),
    "fake_loan": (
        "【惠民贷】您有一笔最高20万元的低息贷款待领取，无抵押秒到账，申请：{url}",
        "尊敬的客户，您的借款资格已通过，日息低至0.02%，点击 {url} 立即提现",
    ),
    "fake_customer_service": (
        "【快递理赔】您的包裹在运输途中丢失，我司将按三倍赔付，请联系客服办理：{url}",
        "您在平台开通的百万保障服务即将扣费，如需关闭请访问 {url} 或等待客服来电",
        "您购买的商品存在质量问题，已为您申请退款{code}元，请登录 {url} 填写收款信息",
    ),
    "impersonate_authority": (
        "【通知】您名下账户涉嫌洗钱案件，案件编号{code}，请于今日联系办案民警核实，逾期将冻结：{url}",
        "您有一张法院传票未签收，请立即登录 {url} 查询案件详情",
    ),
    "fake_credit": (
        "【征信中心】您的校园贷账户未注销，将影响个人征信，请于24小时内处理：{url}",
        "尊敬的用户，您的花呗/白条额度异常，不及时修复将上报征信系统，修复入口 {url}",
    ),
    "fake_shopping": (
        "低价转让二手iPhone、名牌包，正品保证，仅此一批，看货加V：{url}",
        "演唱会门票内部渠道有票，原价出售，锁座请登录 {url}",
    ),
    "impersonate_acquaintance": (
        "我是你领导，这是我新号码，明天上午来我办公室一趟，先别和别人说",
        "老同学，我换号了，最近手头有点紧，方便的话帮我周转一下，急用",
    ),
    "game_trading": (
        "游戏账号/皮肤低价出售，全网最低，交易平台担保：{url}",
        "您的游戏账号已被冻结，解冻请登录 {url} 并缴纳保证金",
    ),
    "romance": (
        "你好，我是在婚恋网上看到你资料的，感觉很投缘，可以加个微信聊聊吗",
        "亲爱的，我舅舅在平台做内部数据，稳赚不赔，你也注册一个试试：{url}",
    ),
    "trojan": (
        "【ETC】您的ETC卡已失效，请在24小时内点击 {url} 进行认证，逾期将停用",
        "【医保】您的医保账户可领取补贴，下载官方APP认证领取：{url}",
        "您有一张电子罚单待处理，请下载交管APP查看：{url}",
    ),
    "other": (
        "【中奖通知】恭喜您的手机号被抽中二等奖，奖金{code}元，领取：{url}",
        "您的积分即将清零，可兑换现金{code}元，请登录 {url} 兑换",
    ),
}

NARRATIVES: dict[str, tuple[str, ...]] = {
    "brushing_rebate": (
        ("报案人{name}称：{start}收到兼职刷单信息，按对方要求下载“{app}”APP做点赞任务，前几单小额返利到账，"
        "随后对方以“连单”“卡单”为由要求继续充值，先后{n}次向对方提供的银行卡转账共计{loss}元，"
        "后无法提现，意识到被骗。"),
        ("报案人{name}称：{start}在网上看到“日结兼职”广告，添加客服后被拉入任务群，"
        "在{url}上垫付做单，对方称操作失误需继续充值解冻，共转账{n}次计{loss}元，至今未返还本金及佣金。"),
    ),
    "fake_investment": (
        ("报案人{name}称：{start}被拉入股票交流群，群内“老师”推荐下载“{app}”投资平台，"
        "初期小额盈利并成功提现，后加大投入，先后{n}次转账共计{loss}元，现平台无法登录，对方失联。"),
        ("报案人{name}称：{start}经网友介绍投资数字藏品/邮币卡，通过{url}开户，"
        "按“导师”指示分{n}次入金共{loss}元，后平台以“缴纳税费”为由拒绝出金，发现被骗。"),
    ),
    "fake_loan": (
        ("报案人{name}称：{start}急需用钱，通过短信链接下载“{app}”申请贷款，对方以“银行卡号填错被冻结”"
        "“需缴纳保证金”为由要求转账，先后{n}次共转账{loss}元，未获得任何贷款。"),
    ),
    "fake_customer_service": (
        ("报案人{name}称：{start}接到自称电商平台客服的电话（{phone}），称其购买商品有质量问题可理赔，"
        "按对方指引下载“{app}”开启屏幕共享，先后{n}次向对方账户转账共计{loss}元，后发现被骗。"),
        ("报案人{name}称：{start}接到自称快递客服来电（{phone}），称包裹丢失需理赔，"
        "对方以“开通理赔通道”“刷流水”为由诱导其转账{n}次，共损失{loss}元。"),
    ),
    "impersonate_authority": (
        ("报案人{name}称：{start}接到自称公安局民警的电话（{phone}），称其身份信息涉嫌洗钱案件，"
        "要求配合调查并登录{url}查看“通缉令”，后按要求将资金转入“安全账户”，先后{n}次共计{loss}元。"),
    ),
    "fake_credit": (
        ("报案人{name}称：{start}接到自称金融平台客服来电（{phone}），称其学生时期开通的校园贷未注销会影响征信，"
        "需将资金转入指定账户“消除记录”，先后{n}次转账共{loss}元。"),
    ),
    "fake_shopping": (
        ("报案人{name}称：{start}在{url}上看到低价商品，与“卖家”联系后按要求转账{n}次共计{loss}元，"
        "对方迟迟不发货并将其拉黑。"),
    ),
    "impersonate_acquaintance": (
        ("报案人{name}称：{start}接到自称其领导的电话（{phone}），对方称需要给人送礼急用钱，"
        "让其先帮忙垫付，其向对方提供的银行卡转账{n}次共计{loss}元，后与领导本人核实发现被骗。"),
    ),
    "game_trading": (
        ("报案人{name}称：{start}在{url}上购买游戏账号及装备，按对方要求缴纳“押金”“解冻费”，"
        "先后{n}次转账共{loss}元，未收到账号。"),
    ),
    "romance": (
        ("报案人{name}称：{start}在婚恋交友平台结识一名网友，确立恋爱关系后，对方推荐其在“{app}”平台投资，"
        "先后{n}次充值共计{loss}元，后平台无法提现，对方失联。"),
    ),
    "trojan": (
        ("报案人{name}称：{start}收到短信后点击链接下载“{app}”并按提示填写银行卡信息和验证码，"
        "随后其银行卡被转走{n}笔共计{loss}元。"),
    ),
    "other": (
        ("报案人{name}称：{start}接到陌生来电（{phone}）称其中奖，需先缴纳手续费及税费，"
        "先后{n}次转账共{loss}元，未收到任何奖金。"),
    ),
}

# Parts of phishing domains by type (brand-like fragments, pinyin) and the cheap TLDs fraud sites favour.
DOMAIN_WORDS: dict[str, tuple[str, ...]] = {
    "brushing_rebate": ("dianzan", "renwu", "jianzhi", "shuadan", "yongjin", "task"),
    "fake_investment": ("caifu", "jijin", "licai", "gupiao", "touzi", "wealth"),
    "fake_loan": ("daikuan", "jiekuan", "huimin", "xindai", "loan", "jisu"),
    "fake_customer_service": ("kefu", "lipei", "tuikuan", "service", "shouhou", "refund"),
    "impersonate_authority": ("anquan", "zhifa", "anjian", "chaxun", "tongji", "gov-cn"),
    "fake_credit": ("zhengxin", "xiufu", "xiaoyuan", "credit", "edu-zx", "huabei"),
    "fake_shopping": ("mall", "youpin", "shop", "tejia", "piao", "outlet"),
    "impersonate_acquaintance": ("chat", "im", "msg", "talk", "link", "go"),
    "game_trading": ("youxi", "zhuangbei", "jiaoyi", "game", "pifu", "zhanghao"),
    "romance": ("yuanfen", "xiangqin", "love", "meet", "jiaoyou", "date"),
    "trojan": ("etc", "yibao", "jiaoguan", "app-dl", "update", "renzheng"),
    "other": ("lingjiang", "jifen", "zhongjiang", "gift", "prize", "duihuan"),
}
TLDS = ("top", "xyz", "vip", "cc", "shop", "icu", "club", "buzz", "online", "site")

APP_NAMES: dict[str, tuple[str, ...]] = {
    "brushing_rebate": ("众享任务", "点点赚", "优选任务", "蜜蜂兼职", "星辰助手"),
    "fake_investment": ("鑫汇财富", "金盛国际", "恒通投资", "华尔街之家", "聚宝盆"),
    "fake_loan": ("惠民贷", "秒借", "安心借", "速易贷", "众信金融"),
    "fake_customer_service": ("云会议", "屏幕共享", "快会", "ZOOM会议", "同屏助手"),
    "impersonate_authority": ("安全防护", "公安备案", "检察通", "智慧警务", "反诈护盾"),
    "fake_credit": ("征信修复", "信用管家", "额度管家", "信用中心", "校园通"),
    "fake_shopping": ("优品汇", "特价购", "闲鱼二手", "潮品馆", "票务通"),
    "impersonate_acquaintance": ("畅聊", "蝙蝠", "密聊", "私信", "连信"),
    "game_trading": ("游戏交易猫", "盼之", "游易", "代售宝", "账号之家"),
    "romance": ("心动", "有缘", "同城约", "知心", "花好月圆"),
    "trojan": ("ETC认证", "医保服务", "交管12123", "安全中心", "系统更新"),
    "other": ("积分商城", "幸运抽奖", "福利中心", "红包助手", "领奖通"),
}

# Legitimate apps and sites a victim names beside the gang's own, because the gang had them use one (a chat
# app to talk on, a remote-desktop app to "help", a second-hand or game-trading platform, a shop where the ad
# was seen). Many gangs name the same ones, and no list of big platforms knows them: look-alikes for linking.
NAMED_LEGIT_APPS: dict[str, tuple[str, ...]] = {
    "brushing_rebate": ("Telegram", "蝙蝠聊天", "QQ音乐"),
    "fake_investment": ("Telegram", "WhatsApp", "同花顺"),
    "fake_loan": ("Telegram", "向日葵远程控制", "QQ邮箱"),
    "fake_customer_service": ("向日葵远程控制", "ToDesk", "腾讯会议"),
    "impersonate_authority": ("ToDesk", "向日葵远程控制", "Skype"),
    "fake_credit": ("ToDesk", "向日葵远程控制", "Telegram"),
    "fake_shopping": ("闲鱼", "转转", "Telegram"),
    "impersonate_acquaintance": ("QQ邮箱", "Skype", "WhatsApp"),
    "game_trading": ("交易猫", "闲鱼", "转转"),
    "romance": ("Soul", "探探", "WhatsApp"),
    "trojan": ("Telegram", "ToDesk", "QQ邮箱"),
    "other": ("Telegram", "闲鱼", "Soul"),
}
NAMED_LEGIT_SITES: tuple[str, ...] = (
    "https://www.yiwugo.com/product/detail", "https://www.1688.com/chanpin", "https://www.zhihu.com/question",
    "https://www.xianyu.com/item", "https://www.jiaoyimao.com/g", "https://www.toutiao.com/article",
)

# Ordinary SMS: (sender, text before the variable part, kind of variable, text after).
ORDINARY_SMS: tuple[tuple[str, str, str, str], ...] = (
    ("95588", "【工商银行】您尾号", "last4", "卡今日有一笔快捷支付，如有疑问请致电95588。"),
    ("95599", "【中国农业银行】您尾号", "last4", "账户完成一笔转账交易，详情请查看掌上银行。"),
    ("95566", "【中国银行】您的账户", "last4", "于今日发生一笔交易，请注意账户安全。"),
    ("95533", "【建设银行】您尾号", "last4", "的储蓄卡消费支出，余额请登录手机银行查询。"),
    ("95559", "【交通银行】您尾号", "last4", "卡收到一笔转入，请关注。"),
    ("95555", "【招商银行】您账户", "last4", "于今日入账工资，请查收。"),
    ("95580", "【邮储银行】您尾号", "last4", "账户发生变动，如非本人操作请致电95580。"),
    ("106575160001", "【淘宝网】验证码", "code6", "，您正在登录，若非本人操作，请勿泄露。"),
    ("106980095599", "【支付宝】校验码", "code6", "，您正在进行付款操作，请勿告诉他人。"),
    ("1069009010086", "【美团】您的验证码是", "code6", "，5分钟内有效，请勿泄露。"),
    ("106550101955", "【饿了么】验证码", "code6", "，请在页面中输入完成验证。"),
    ("10086", "【中国移动】尊敬的客户，您本月已使用流量", "gb", "GB，详情回复CXLL查询。"),
    ("10010", "【中国联通】您本月话费账单已出，应缴", "yuan", "元，请及时缴费。"),
    ("10000", "【中国电信】您的宽带将于本月到期，续费可享优惠，编号", "code6", "。"),
    ("95311", "【中通快递】您的包裹已到驿站，取件码", "code6", "，请及时领取。"),
    ("95546", "【韵达快递】您的快递已送达义乌分拨中心，单号尾号", "last4", "。"),
    ("12381", "【工信部】国家反诈中心提醒：凡是要求转账到“安全账户”的都是诈骗，编号", "code6", "。"),
    ("12345", "【浙里办】您的办件已受理，受理编号", "code6", "，可在浙里办查看进度。"),
)
PERSONAL_SMS: tuple[str, ...] = (
    "晚上回家吃饭吗？", "到了给我回个电话", "明天几点出发？", "货已经发了，注意查收", "好的，收到",
    "妈，我这周末回来", "开会中，稍后回电", "义乌国际商贸城见，三区东门", "帮我带份早饭", "今天加班，晚点回",
    "样品明天寄过来", "孩子放学我去接", "钱已经转你了", "周末一起去横店？", "记得交房租",
)

LEGIT_TARGETS: tuple[tuple[str, str, float], ...] = (
    # (target, kind, weight); delivery apps get extra visits from habitual customers
    ("taobao.com", "domain", 10), ("jd.com", "domain", 5), ("pinduoduo.com", "domain", 6),
    ("1688.com", "domain", 4), ("yiwugo.com", "domain", 2), ("douyin.com", "domain", 9),
    ("kuaishou.com", "domain", 4), ("baidu.com", "domain", 6), ("qq.com", "domain", 5),
    ("weibo.com", "domain", 3), ("12306.cn", "domain", 1), ("zjzwfw.gov.cn", "domain", 1),
    ("icbc.com.cn", "domain", 1), ("ccb.com", "domain", 1), ("bilibili.com", "domain", 3),
    ("微信", "app", 12), ("支付宝", "app", 8), ("抖音", "app", 9), ("美团", "app", 4), ("饿了么", "app", 2),
    ("浙里办", "app", 1), ("国家反诈中心", "app", 0.5), ("高德地图", "app", 2), ("王者荣耀", "app", 3),
)
DELIVERY_TARGETS: tuple[str, ...] = ("美团", "饿了么")


def fill(template: str, **values: object) -> str:
    """Fill ``{name}`` placeholders that are present; leave the text unchanged otherwise."""
    return template.format_map(_Defaults(values))


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return ""


def phishing_domain(rng: random.Random, fraud_type: str) -> str:
    """Make a phishing domain for ``fraud_type`` such as ``kefu-lipei88.top``."""
    first, second = rng.sample(DOMAIN_WORDS[fraud_type], 2)
    digits = "" if rng.random() < 0.4 else str(rng.randrange(1, 999))
    return f"{first}-{second}{digits}.{rng.choice(TLDS)}"


def app_package(rng: random.Random) -> str:
    """Make an Android package id for a fraud app."""
    syll = ("xin", "hui", "jin", "tong", "fu", "da", "yun", "kuai", "an", "le", "bao", "cai")
    parts = [rng.choice(syll) + rng.choice(syll) for _ in range(2)]
    return f"com.{parts[0]}.{parts[1]}"


def format_yuan(fen: int) -> str:
    """Format an amount in fen as yuan with two decimals and thousands separators."""
    return f"{Decimal(fen).scaleb(-2):,.2f}"
