"""Scripts of 虚假网络贷款 (fake_loan) and 虚假征信 (fake_credit)."""

from __future__ import annotations

from antifraud.lab.classifier.grammar import Family

_LOAN = {
    "brand": ["惠民贷", "安心借", "闪电贷", "速借宝", "易贷通", "众信金融", "金华小额贷", "{bank}信用贷", "微粒贷",
              "京东金融", "360借条", "度小满", "平安普惠", "信用钱包", "新网贷", "国家助贷中心", "普惠金融"],
    "limit": ["{amount}", "5万-50万", "最高20万", "3000到20万", "最高50万", "1-30万", "{amount}以内"],
    "perk": ["无抵押", "无担保", "不看征信", "不查征信", "黑户可贷", "秒批秒到", "利息低", "凭身份证即可办理",
             "只需一张身份证", "无需面签", "手续简单", "当天放款", "最快{num2}分钟到账", "随借随还", "日息低至{percent}",
             "征信花也能下", "负债高也能批", "学生也能贷", "额度高利息低", "不上征信", "包下大额信用卡", "信用卡提额包过",
             "有身份证就能借", "免费查额度", "审批快放款快"],
    "contact": ["加微信{wxid}", "详询{phone}", "QQ{qq}", "点击{url}申请", "下载APP：{url}", "戳{url}", "咨询专员{phone}",
                "加V：{wxid}", "回复1办理"],
    "fee": ["解冻金", "保证金", "手续费", "工本费", "会员费", "包装费", "验资费", "保险费", "服务费", "刷流水的钱",
            "代办费", "激活费", "公证费"],
    "problem": [
        "您填写的银行卡号有误，资金被冻结在系统里",
        "您的账户信用分不足，系统判定还款能力不够",
        "您的银行流水不足，需要刷一笔流水证明还款能力",
        "您的贷款资金因操作失误被冻结",
        "系统检测到您的账户存在风险，需要验资",
        "您的贷款已审批通过，需要先开通会员才能提现",
        "放款失败，您的账户被银保监会冻结",
        "您的征信有瑕疵，需要做资料包装",
    ],
}

LOAN_AD = Family(
    name="loan_ad",
    label="fake_loan",
    roles=("客服", "信贷经理", "对方"),
    slots=_LOAN,
    sms=(
        "【{brand}】{perk}，{perk}，额度{limit}，{contact}",
        "急用钱找我们！{perk}、{perk}、{perk}，{contact}",
        "{hello}，您有一笔{limit}的信用贷款待领取，{perk}，{contact}",
        "【{brand}】尊敬的用户，您的借款额度已提升至{limit}，{perk}，立即领取{url}",
        "个人贷款：{perk}，{perk}，额度{limit}，{perk}，需要的联系{phone}",
        "缺钱找{brand}，{perk}，{perk}。{contact}",
        "资金周转困难？{perk}，{perk}，放款快，{contact}",
        "{brand}：恭喜您获得{limit}备用借款额度，{perk}，{contact}，退订回T",
        "网贷口子：{perk}，{perk}，有需要的私聊",
        "办理各类贷款，{perk}，{perk}，当天下款，{contact}",
    ),
    turns=(
        ("{hello}，请问您最近有资金需求吗？", "您好，我是{brand}的信贷经理，姓{surname}", "需要贷款吗？{perk}"),
        ("我们这边{perk}，{perk}", "额度{limit}，{perk}", "您只要提供身份证和银行卡就可以"),
        ("您下载我们的APP，{url}，注册一下就能看到额度", "加我微信{wxid}，我给您办", "把身份证正反面发我"),
        ("审核已经通过了，但是{problem}", "{problem}，需要交{small}的{fee}", "先交{fee}，放款后一起退给您"),
    ),
    replies=("利息多少", "要什么资料", "真的不看征信吗", "多久能到账", "好的我加你", "我想借{amount}", "行，我试试"),
    story=(
        "在网上看到{brand}的广告，说{perk}，{me}下载APP申请了{amount}，对方说{problem_short}，要{me}先交{small}{fee}",
        "{me_call}贷款推销电话，对方说{perk}，让{me}加微信办理，后来以{fee}为由让{me}转账",
        "{me}急需用钱，在网上搜到一个贷款平台，对方说{perk}，结果一直让{me}交各种费用",
    ),
)

LOAN_FROZEN = Family(
    name="loan_frozen",
    label="fake_loan",
    roles=("客服", "审核专员", "对方", "A"),
    slots=_LOAN,
    sms=(
        "【{brand}】您申请的{amount}贷款已审批通过，但{problem}，请缴纳{small}{fee}后即可放款。",
        "尊敬的客户，{problem}，需在{soon}缴纳{fee}{small}，逾期将影响您的征信。",
        "您的借款提现失败，原因：{problem}。请联系在线客服{url}处理。",
        "放款通知：{problem}，请按客服指引转账{small}验证还款能力，验证后全额退还。",
        "{hello}，您在{brand}的借款{amount}已到账待提现，{problem}，需交{fee}解冻。",
        "温馨提示：您的贷款处于冻结状态，请缴纳{fee}{small}解冻，解冻后资金秒到账",
    ),
    turns=(
        ("{hello}，我是{brand}的审核专员，您的贷款审批通过了", "您好，您申请的{amount}已经批下来了"),
        ("但是{problem}", "系统显示{problem}", "现在的问题是{problem}"),
        ("需要您交{small}的{fee}，交了马上放款", "您先转{small}到我们的对公账户做{fee}", "只要交一笔{fee}就能解冻"),
        ("这个钱放款的时候会一起退给您", "您不交的话这笔钱就一直冻结着，还会影响征信", "交完之后{num2}分钟到账"),
    ),
    replies=("怎么还要交钱", "我已经交过一次了", "能不能从贷款里扣", "好吧我转", "我没钱了", "你们是正规的吗",
             "那我交了就能放款吗"),
    story=(
        "{me}在一个贷款APP上申请了{amount}，对方说{problem_short}，让{me}交{small}{fee}，交了之后又说要交{fee}，前后被骗{amount}",
        "{me}贷款{amount}，客服说{me}填错了银行卡号资金被冻结，要交解冻金，{me}转了{small}后还是没放款",
        "对方说{me}的流水不够，让{me}往一个账户转{amount}刷流水，说放款时退还，结果再也联系不上",
        "申请网贷时被告知需要先交保证金和手续费，{me}一共转了{count}次，钱一直没到账",
    ),
)

LOAN_VERIFY = Family(
    name="loan_verify",
    label="fake_loan",
    roles=("客服", "对方", "经理"),
    slots=_LOAN,
    sms=(
        "您的借款需做验资：请将{small}存入指定账户证明还款能力，验资完成后连同贷款一并下发。",
        "【{brand}】您的信用评分偏低，需刷流水{amount}提升评分后方可放款，详询客服{phone}",
        "借款提示：您的额度尚未激活，请支付激活费{small}，激活后即可提现{limit}",
        "{hello}，您的资料需要包装一下才能通过银行审核，包装费{small}，包过",
    ),
    turns=(
        ("您的资料我们看过了，条件差一点", "您的信用分不够，直接申请批不下来"),
        ("我们可以帮您做资料包装，包过", "需要刷一下流水，您先转{amount}到这个账户", "要验资，证明您有还款能力"),
        ("钱转过来我们马上给您放款", "流水做完钱会退给您，放心", "收到后我们出具放款合同"),
    ),
    replies=("要多少钱", "怎么保证会退", "我现在只有{small}", "可以先放款吗", "行吧"),
    story=(
        "对方称{me}的信用分不足，要{me}转{amount}验资刷流水，{me}转账后对方又以各种理由要钱",
        "{me}想贷款，中介说能帮{me}包装资料，收了{small}包装费后就把{me}拉黑了",
    ),
)

LOAN_CHAT = Family(
    name="loan_chat",
    label="fake_loan",
    roles=("信贷员", "对方", "客服"),
    slots=_LOAN,
    sms=(
        "你好，看你在找贷款，我们{perk}，{perk}，方便加个微信细聊吗",
        "资金需求多少？我们这{perk}，下款快，你先把身份证和银行卡拍给我",
        "你的申请我提交了，额度{limit}，先转{small}{fee}，下午就放款",
        "放心，我们是正规持牌机构，{perk}，不成功不收费，只收{small}{fee}",
    ),
    turns=(
        ("看到你在群里问贷款，我们这边可以办", "需要用钱吗，{perk}"),
        ("你要多少？月息{percent}", "{perk}，你这个条件能下{limit}"),
        ("把身份证、银行卡和手机号发我，我帮你提交", "你先下载这个APP {url}"),
        ("批了！不过要先交{fee}{small}", "{problem}，交{fee}就行"),
    ),
    replies=("我征信不太好", "要{amount}", "发你了", "什么时候到账", "还要交钱？"),
    story=("{me}在{app}上看到有人说能办低息贷款，加了对方微信后对方让{me}先交{fee}，收钱后失联",),
)

LOAN_FAMILIES = (LOAN_AD, LOAN_FROZEN, LOAN_VERIFY, LOAN_CHAT)

_CREDIT = {
    "fin": ["支付宝", "京东金融", "微粒贷", "借呗", "花呗", "京东白条", "京东金条", "美团月付", "抖音月付", "360借条",
            "度小满", "{bank}"],
    "official": ["银保监会", "金融监管总局", "中国人民银行征信中心", "征信中心", "{fin}客服", "{fin}官方客服", "国家金融监督管理总局"],
    "campus": [
        "您在大学期间开通的学生账户未注销",
        "您在读书时注册过校园贷",
        "您名下有一个学生贷款账户没有注销",
        "您的{fin}是学生时期开通的，不符合现行规定",
    ],
    "consequence": ["将严重影响您的个人征信", "会被上报征信系统", "您的征信会出现不良记录", "会影响以后买房贷款",
                    "您的征信会变差，以后无法贷款", "会影响子女上学和就业"],
    "fix": [
        "需要把您名下各平台的额度清空，把借出来的钱转到指定账户",
        "需要您配合注销账户，先把额度借出来再转入监管账户",
        "需要下载{meeting}，我们远程指导您操作注销",
        "注销前需要验证您的还款能力，把资金转到我们提供的账户",
    ],
    "meeting": ["腾讯会议", "钉钉", "屏幕共享软件", "会议APP"],
}

CAMPUS_CANCEL = Family(
    name="campus_cancel",
    label="fake_credit",
    roles=("客服", "工作人员", "对方"),
    slots=_CREDIT,
    sms=(
        "【{official}】{campus}，根据最新监管要求需在{soon}注销，否则{consequence}，详询{phone}。",
        "{hello}，我是{official}，{campus}，{consequence}，请配合办理注销。",
        "尊敬的用户，{campus}，如不及时处理{consequence}，注销请访问{url}",
        "通知：{campus}，利率过高不符合国家规定，需要关闭，否则{consequence}。",
        "{campus}。{fix}，操作完成后账户注销，资金原路返还。",
    ),
    turns=(
        ("{hello}，我是{official}的工作人员，工号{code4}", "您好，这里是{official}"),
        ("{campus}", "我们核查到，{campus}"),
        ("现在国家要求统一注销，否则{consequence}", "{consequence}，需要马上处理"),
        ("{fix}", "您先把额度借出来，{fix}"),
    ),
    replies=("我没开过啊", "我早就毕业了", "那怎么注销", "会影响征信吗", "好的你说我做", "转到哪个账户"),
    story=(
        "{me_call}自称{official}的电话，说{me}大学时开通过校园贷没有注销，会影响征信，要{me}把各个平台的额度借出来转到指定账户",
        "对方说{me}的{fin}账户是学生账户需要注销，让{me}开屏幕共享，一步步引导{me}贷款后转账",
        "有人冒充{fin}客服称{me}的账户不注销会影响征信，{me}按照对方要求贷款{amount}转了过去",
    ),
)

CREDIT_REPAIR = Family(
    name="credit_repair",
    label="fake_credit",
    roles=("顾问", "对方", "客服"),
    slots={**_CREDIT, "repair_perk": ["专业修复征信", "逾期记录可消除", "征信花了也能洗白", "内部渠道修复征信", "{num2}天出结果",
                                      "不成功不收费", "消除各类不良记录", "征信黑名单可修复"]},
    sms=(
        "征信有逾期？{repair_perk}，{repair_perk}，咨询{phone}",
        "【征信修复中心】{repair_perk}，{repair_perk}，加微信{wxid}",
        "个人征信不良记录影响贷款？{repair_perk}，先修复后付款，详询{url}",
        "您的征信报告存在{count}条逾期记录，我们可以通过内部渠道帮您修复，费用{small}",
    ),
    turns=(
        ("您是想修复征信对吧", "看到您咨询征信问题"),
        ("{repair_perk}，{repair_perk}", "我们和征信中心有合作，可以删除逾期记录"),
        ("先交{small}的服务费，我们马上给您提交", "需要先交一半定金{small}"),
    ),
    replies=("真的能删吗", "多久能好", "要多少钱", "好，我先交定金"),
    story=(
        "{me}征信上有逾期记录，网上找了一家说能修复征信的公司，交了{small}服务费后对方失联",
        "对方说可以通过内部渠道消除{me}的逾期记录，收了{me}{small}后就再也联系不上了",
    ),
)

LIMIT_CLEAR = Family(
    name="limit_clear",
    label="fake_credit",
    roles=("客服", "对方"),
    slots=_CREDIT,
    sms=(
        "【{fin}】您的账户额度异常，利率超出国家规定，需在{soon}清空额度，否则{consequence}。",
        "{hello}，您开通的{fin}存在违规，需关闭并清零额度，否则{consequence}，客服{phone}",
        "{fin}通知：您的额度需要清零处理，请按客服指引操作，逾期{consequence}",
    ),
    turns=(
        ("您好，我是{fin}的客服", "{hello}，这边是{official}"),
        ("您的{fin}额度存在异常，需要清空", "您的账户利率过高，国家要求关闭"),
        ("{consequence}", "不处理的话{consequence}"),
        ("{fix}", "您先把额度全部借出来，转到清零账户"),
    ),
    replies=("我不太懂", "为什么要借出来", "好的", "转完就能关闭吗"),
    story=("对方自称{fin}客服，称{me}的额度需要清零否则影响征信，{me}借出{amount}转到对方提供的账户",),
)

RATE_CUT = Family(
    name="rate_cut",
    label="fake_credit",
    roles=("客服", "对方"),
    slots={**_CREDIT, "policy": ["响应国家政策", "根据央行最新规定", "按照金融监管总局要求", "为落实惠民政策"],
           "benefit": ["借呗、花呗统一降息", "网贷利率超过{percent}的部分可申请退还", "您的贷款利率可下调至{percent}",
                       "可申请减免逾期利息", "个人消费贷款利息可全额退还"]},
    sms=(
        "【{fin}】尊敬的用户，{policy}，{benefit}，请登录{url}验证信息后享受优惠，逾期视为自动放弃。",
        "{policy}，{benefit}，请于{soon}联系专员{phone}办理，办理前需核验您的账户流水。",
        "尊敬的用户，{policy}，{fin}现推出{benefit}，请登录政务生活号验证身份后按指引操作。",
        "{hello}，我是{official}，{policy}，{benefit}，需要您先把额度借出来做一次验证。",
    ),
    turns=(
        ("{hello}，这里是{official}", "您好，我是{fin}的工作人员"),
        ("{policy}，{benefit}", "您的账户符合{benefit}的条件"),
        ("需要您配合验证一下资金流水", "{fix}"),
    ),
    replies=("真的可以退吗", "怎么办理", "好的", "要转钱吗"),
    story=("对方自称{official}，称{policy}{benefit}，让{me}先把借呗额度借出来转到验证账户，{me}被骗{amount}",),
)

CREDIT_FAMILIES = (RATE_CUT, CAMPUS_CANCEL, CREDIT_REPAIR, LIMIT_CLEAR)
SHARED = {
    "problem_short": ["银行卡号填错了资金被冻结", "流水不够", "信用分不足", "需要验资", "账户被冻结了"],
    "app": ["抖音", "快手", "微信群", "QQ群", "贴吧", "百度"],
}
