"""Scripts of 冒充领导熟人 (impersonate_acquaintance): bosses, old friends, relatives, teachers."""

from __future__ import annotations

from antifraud.lab.classifier.grammar import Family

LABEL = "impersonate_acquaintance"

_BOSS = {
    "boss": ["{surname}总", "{surname}局长", "{surname}书记", "{surname}主任", "{surname}校长", "{surname}董",
             "你{surname}哥", "{surname}处长", "{surname}经理"],
    "staff": ["小{surname}", "{surname}{given}", "{given}", "小{given}"],
    "busy": ["我在开会，不方便接电话", "我这边在陪领导吃饭，不方便说话", "我正在外面办事，电话不方便接",
             "我现在在开一个很重要的会", "我这会儿在市里开会"],
    "ask": [
        "有个朋友急需一笔钱，你先帮我转{amount}给他，明天我还你",
        "我这边需要给一个领导转{amount}，我不方便出面，你先帮我垫一下",
        "公司有笔款子急着付，你先帮我转到这个账户",
        "你手头有钱吗？先帮我垫付{amount}，回头报销",
        "你帮我给这个卡号打{amount}，别跟别人说",
        "有个项目要交保证金{amount}，财务不在，你先转一下",
    ],
    "acct": ["{bank}，卡号{code6}{code6}，户名{name}", "账号发你了，户名{name}", "这是对方的卡号，你转一下"],
}

BOSS = Family(
    name="boss_transfer",
    label=LABEL,
    roles=("领导", "对方", "A"),
    slots=_BOSS,
    sms=(
        "{staff}，我是{boss}，这是我新的微信号，加一下{wxid}",
        "我是{boss}，明天上午来我办公室一趟，先把我这个号存一下",
        "{staff}你好，我是你领导{boss}，{busy}，{ask}",
        "{busy}。{ask}。{acct}",
        "我是你们{boss}，换号了，有事微信联系，{wxid}",
        "在吗？我是{boss}，{ask}，转好了截图给我",
        "{staff}，帮我个忙，{ask}，这事不要跟其他人讲",
        "我是{boss}，你加一下我QQ{qq}，有事跟你说",
    ),
    turns=(
        ("{staff}，在吗？", "{staff}，我是{boss}", "你好，我是{boss}，这是我私人号"),
        ("{busy}", "明天到我办公室来一趟", "最近工作怎么样"),
        ("{ask}", "有个事需要你帮忙，{ask}"),
        ("{acct}", "转好了截个图给我", "这事你知我知就行，别跟别人说"),
    ),
    replies=("{boss}好", "好的领导", "收到", "现在就转吗", "我手上只有{small}", "好的，马上办", "领导您是哪位"),
    story=(
        "{me}收到一个微信好友申请，头像和名字都是{me}的领导{boss}，对方说在开会不方便，让{me}先帮忙给朋友转{amount}",
        "一个自称是{me}单位领导的人加了{me}的QQ，说有急事让{me}垫付{amount}，{me}转账后发现领导根本不知道这事",
        "{me_call}电话，对方说“我是你领导，明天到我办公室”，第二天又说要给人送钱不方便，让{me}转账",
    ),
)

_FRIEND = {
    "who": ["老同学", "老朋友", "表哥", "舅舅", "老同事", "以前的邻居", "大学室友", "发小"],
    "need": ["急用钱", "在外地出了点事", "出了车祸要赔钱", "住院要交押金", "被扣在派出所要交罚款", "生意上资金周转不开",
             "在医院交不上费", "钱包和手机都丢了"],
}

OLD_FRIEND = Family(
    name="old_friend",
    label=LABEL,
    roles=("对方", "朋友", "A"),
    slots=_FRIEND,
    sms=(
        "猜猜我是谁？我是你{who}啊，换号了，存一下这个新号码",
        "{hello}，还记得我吗？我是你{who}，最近{need}，能借我{amount}吗，{when}还你",
        "我是{surname}{given}啊，换号了。我{need}，能先帮我转{small}吗",
        "是我呀，听不出来了？我这边{need}，你先帮我打点钱到这个卡上",
        "哥们，我手机丢了，这是新号。{need}，帮我转{amount}，过两天就还",
        "我是你{who}，加我微信{wxid}，有点事找你",
    ),
    turns=(
        ("猜猜我是谁", "还记得我吗？", "听出来我是谁没", "{hello}，是我呀"),
        ("我是你{who}啊，换号了", "对，就是我，这是我新号码", "我是{surname}{given}啊"),
        ("最近怎么样？过两天去你那边看看你", "好久没联系了"),
        ("我这边{need}，能先借我{amount}吗", "不好意思开口，{need}"),
        ("你转到这个卡上就行，户名{name}", "我明天就还你"),
    ),
    replies=("你是{surname}{given}吧", "好久不见", "要多少", "我先转你{small}", "你打个视频我看看", "行，卡号发我"),
    story=(
        "{me_call}陌生电话，对方让{me}猜他是谁，{me}以为是老同学，过了两天对方说{need}向{me}借钱，{me}转了{amount}",
        "一个自称是{me}{who}的人加了{me}微信，聊了几天后说{need}，让{me}把钱打进一张不认识的卡",
    ),
)

FAMILY_EMERGENCY = Family(
    name="family_emergency",
    label=LABEL,
    roles=("对方", "孩子", "A"),
    slots={"kin": ["妈", "爸", "老妈", "爸爸", "奶奶", "姐"],
           "emergency": ["我手机掉水里了，这是同学的手机", "我手机坏了，借别人的号给你发", "我在学校出了点事",
                         "我被车撞了，现在在医院", "我跟人打架了，对方要私了"],
           "pay": ["急需交{small}的培训费", "要交{amount}的手术押金", "要赔人家{amount}", "要交{small}的资料费",
                   "要交{small}考证费，今天截止"]},
    sms=(
        "{kin}，{emergency}，{pay}，你先转到这个账号，别打电话，我在上课",
        "{kin}我是{given}，{emergency}，{pay}，转到{bank}卡号{code6}{code6}，户名{name}",
        "{kin}，我换号了，{pay}，转到老师给的账户就行",
        "您好，我是您孩子的辅导员，您孩子{emergency_third}，急需{amount}医疗费，请尽快转账",
    ),
    turns=(
        ("{kin}，是我", "{kin}，{emergency}"),
        ("{pay}", "现在{pay}，你先别跟我爸说"),
        ("你转到这个账户，户名{name}", "转好跟我说一声，我现在不方便接电话"),
    ),
    replies=("你是谁？", "怎么回事", "你声音怎么变了", "多少钱", "我这就转", "要不要紧"),
    story=(
        "{me}收到短信，说是{me}在外地上学的孩子，{emergency_third_short}，要{me}转{amount}，{me}转账后打电话给孩子才发现被骗",
        "有人冒充{me}的孩子发消息说手机坏了，急需交费，让{me}转到一个陌生账户",
    ),
)

FAKE_TEACHER = Family(
    name="fake_teacher",
    label=LABEL,
    roles=("老师", "对方"),
    slots={"grade": ["一年级", "二年级", "三年级", "初一", "初二", "高一", "五年级"],
           "fee": ["资料费", "校服费", "教辅费", "课后服务费", "研学费", "班费"]},
    sms=(
        "各位家长好，我是{grade}{num2}班班主任{surname}老师，本学期{fee}每人{small}，请扫码转到我个人账户，今天截止。",
        "家长您好，我是孩子的{surname}老师，学校要收{fee}{small}，您直接转我微信就行，不用走学校平台",
        "【班级通知】请各位家长于今晚前把{fee}{small}转到以下账户：{name}，{bank}，名额有限",
        "我是{surname}老师，这是我的新号，学校临时通知收{fee}，请家长私下转账给我",
    ),
    turns=(
        ("各位家长好，我是{surname}老师", "家长您好，我是{grade}班主任"),
        ("学校通知收{fee}，每人{small}", "孩子参加的活动需要交{fee}"),
        ("扫描这个二维码转给我就行", "转到我个人账户，转完截图发群里"),
    ),
    replies=("收到", "已转", "好的老师", "需要开收据吗"),
    story=(
        "有人冒充班主任混进家长群，发通知让家长把{fee}转到个人账户，{me}转了{small}后发现是假老师",
        "{me}在家长群里看到“{surname}老师”收{fee}，扫码转账后才知道老师根本没发过",
    ),
)

HACKED_ACCOUNT = Family(
    name="hacked_account",
    label=LABEL,
    roles=("好友", "对方"),
    slots={"excuse": ["我的支付宝被限额了", "我的卡转不了账", "我在国外不方便转账", "我微信支付被冻结了"]},
    sms=(
        "在吗？帮我个忙，{excuse}，你先帮我转{amount}给我朋友，我晚上还你",
        "在不在，急事！{excuse}，帮我付一下款，{amount}，我把钱先转你",
        "忙吗？问你个事，{excuse}，你能帮我转一下吗，卡号发你",
        "亲，在吗，{excuse}，能帮我垫{small}吗，明天还你",
    ),
    turns=(
        ("在吗", "在不在", "忙吗"),
        ("帮我个忙呗", "有个急事找你"),
        ("{excuse}", "{excuse}，只能找你了"),
        ("你先帮我转{amount}到这个账户", "我先把钱转你，你再帮我转给对方"),
        ("转了吗？急", "快点，人家在等"),
    ),
    replies=("在", "怎么了", "什么事", "你打个语音过来", "好", "多少钱", "你是本人吗"),
    story=("{me}的好友QQ被盗，对方以“{excuse}”为由让{me}帮忙转账，{me}转了{amount}后联系好友本人才知道被骗",),
)

FAMILIES = (BOSS, OLD_FRIEND, FAMILY_EMERGENCY, FAKE_TEACHER, HACKED_ACCOUNT)
SHARED = {
    "emergency_third": ["在学校突发疾病", "出了车祸", "和同学打架受伤", "突发急性阑尾炎"],
    "emergency_third_short": ["说手机坏了急需交费", "说出了车祸要赔钱", "说要交考试报名费"],
}
