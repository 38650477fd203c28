"""Scripts of 冒充公检法及政府机关 (impersonate_authority): police, procuratorate, court, agencies."""

from __future__ import annotations

from antifraud.lab.classifier.grammar import Family

LABEL = "impersonate_authority"

_POLICE = {
    "dept": ["刑侦支队", "经侦支队", "刑警大队", "网安支队", "反诈中心", "专案组", "刑侦大队", "经济犯罪侦查支队",
             "治安大队", "禁毒支队", "网络安全保卫支队"],
    "unit": ["{city}市公安局{dept}", "{city}公安局", "{city}市公安局{district}分局", "{city}市{district}派出所",
             "{city}警方", "公安部{dept}", "{city}市公安局"],
    "cop": ["{surname}警官", "民警{surname}{given}", "{surname}队长", "{surname}科长", "办案民警{surname}警官",
            "警官{surname}{given}"],
    "crime": ["洗钱", "特大洗钱", "非法集资", "贩毒", "电信诈骗", "跨境赌博", "走私", "非法出售银行卡",
              "倒卖公民个人信息", "非法经营", "一起经济犯罪", "一宗跨国洗钱"],
    "accuse": [
        "你名下的一张{bank}银行卡涉嫌一起{crime}案",
        "我们在侦办一起{crime}案件时，发现嫌疑人用你的身份证办了银行卡",
        "你的身份信息被犯罪团伙冒用，开了一张银行卡用于{crime}",
        "你涉嫌参与{crime}，涉案金额{amount}",
        "你的账户被嫌疑人用来转移赃款",
        "有人举报你参与{crime}活动",
        "你在{city2}办的一张银行卡涉及{crime}，已经有{count}个受害人报案了",
        "你的身份证在{city2}被人冒用办理了{bank}的卡，卡上有大量涉案资金",
        "你的银行卡被诈骗分子用来收取赃款",
        "你涉嫌帮助诈骗团伙转移资金",
        "你的手机号涉嫌发送诈骗信息",
    ],
    "threat": [
        "如果你不配合，我们会对你采取强制措施",
        "检察院已经下发了逮捕令",
        "你名下的所有银行账户都会被冻结",
        "你会被列为网上追逃人员",
        "今天之内必须处理，否则我们会上门拘留",
        "这个案子性质很严重，可能要判{count}年以上",
        "法院会查封你的财产",
        "你现在的嫌疑很大，你要自证清白",
    ],
    "demand": [
        "需要对你名下的资金做一个核查",
        "你要把卡里的钱转到国家安全账户，接受资金清查",
        "下载一个{meeting}，我们跟你视频做笔录",
        "把你所有银行卡的钱集中到一张卡上，方便我们核查",
        "配合我们做资金核查，核查完了会原路退还",
        "把资金转入监管账户，证明你的钱是合法来源",
        "按照我们说的操作，把余额转到指定的账户",
        "把银行卡号、密码和收到的验证码报给我们做登记",
        "在网上填写一份资金清查表",
    ],
    "secret": [
        "这个案子是秘密侦办的，不要告诉任何人，包括你的家人",
        "通话期间不要挂电话，找一个没人的房间",
        "如果泄露案情，你要承担法律责任",
        "你现在不能告诉银行工作人员你在做什么",
        "我们要求你签一份保密协议",
        "这是一级保密案件，对谁都不能说",
        "银行柜员问你就说是自己转账",
    ],
    "meeting": ["腾讯会议", "Zoom", "钉钉", "一个视频会议软件", "公安专用的APP", "安全防护软件"],
}

POLICE_LAUNDERING = Family(
    name="police_laundering",
    label=LABEL,
    roles=("民警", "警官", "对方", "来电人", "A"),
    slots=_POLICE,
    sms=(
        "【{unit}】{mname}，你名下账户涉嫌{crime}，请于{soon}联系{cop}{phone}，逾期将依法冻结。",
        "你好，我是{unit}的{cop}，{accuse}，请立即回电{landline}配合调查。",
        "{unit}通知：您的身份证号涉嫌{crime}案，案件编号{case_no}，{threat}，请速与办案民警联系。",
        "{mname}你好，{accuse}。{demand}，{secret}。",
        "我是{cop}，警号{code6}，{accuse}，{threat}。",
        "这里是{unit}，你的银行卡涉案已被冻结，需配合资金核查，详情请加QQ{qq}",
        "紧急通知：{accuse}，请务必在{soon}配合我们，{demand}",
        "{accuse}，{demand}，{secret}",
        "公安机关正在侦办{crime}案件，你的{bank}账户涉案，请保持电话畅通配合调查",
        "【{unit}】您好，{accuse}，请于{soon}主动联系办案民警说明情况，如有疑问请拨打{landline}。",
    ),
    turns=(
        ("{hello}，是{mname}吗？我是{unit}的{cop}", "喂，{mname}是吧，这边是{unit}", "你好，这里是{unit}，我是{cop}",
         "{hello}，我这里是{unit}，警号{code6}"),
        ("{accuse}", "现在通知你，{accuse}", "我们调查发现，{accuse}", "{accuse}，你知道吗"),
        ("{threat}", "你要是不配合，{threat}", "我跟你说清楚，{threat}"),
        ("{demand}", "现在你要{demand}", "为了证明你的清白，{demand}", "{demand}，你明白吗"),
        ("{secret}", "还有，{secret}", "记住，{secret}"),
    ),
    replies=("什么？我没有啊", "我从来没办过这张卡", "那我该怎么办", "我是被冤枉的", "好的，我配合", "你们真的是警察吗",
             "要转多少钱", "嗯嗯", "我现在在家", "我很害怕", "可以去派出所说吗", "我知道了", "我不懂这些", "怎么会这样"),
    story=(
        "{me_call}自称{unit}民警的电话，对方称{me}{accused_short}，要求{me}配合资金核查，把钱转到所谓的安全账户",
        "{me_call}一个{landline}的来电，对方说是{city2}公安局的，说{me}名下的银行卡涉嫌{crime}，要{me}下载{meeting}视频笔录，还让{me}不要告诉家人",
        "有人打电话自称{cop}，说{me}的身份证被人冒用办卡洗钱，让{me}把钱转到国家账户核查，说查清后会退还",
        "对方自称警察，还发来了一张印有{me}照片的通缉令，说要对{me}进行资金清查，让{me}把存款转到指定账户",
        "{me_call}电话说{me}涉嫌{crime}，对方报了警号和姓名，让{me}用另一部手机开着视频，按照指示把钱转了出去",
    ),
)

_COURT = {
    "court": ["{city}市中级人民法院", "{city}市{district}区人民法院", "{city}人民法院", "最高人民法院", "{city}市人民法院",
              "{city}法院执行局"],
    "reason": ["信用卡逾期", "拖欠货款", "网贷逾期", "涉嫌诈骗", "合同纠纷", "欠款未还", "涉嫌非法经营", "网购纠纷"],
    "fee": ["诉讼保证金", "保全费", "取保候审保证金", "案件受理费", "撤诉费", "执行保证金"],
}

COURT_SUMMONS = Family(
    name="court_summons",
    label=LABEL,
    roles=("法院", "工作人员", "对方", "语音"),
    slots=_COURT,
    sms=(
        "【{court}】{mname}，您有一张传票未领取，案件号{case_no}，请于{soon}致电{landline}查询，逾期将强制执行。",
        "{court}通知：您因{reason}被起诉，{date}开庭，如有疑问请回电{phone}，按9转人工服务。",
        "您好，这里是{court}，您有一份法院传票，请登录{url}查看详情",
        "法院通知：你涉及一起{reason}诉讼案件，需缴纳{fee}{small}，否则将被列入失信被执行人名单",
        "【法院公告】{mname}因{reason}被起诉，请于{soon}缴纳{fee}，详情{url}",
        "{court}：您的{reason}案件已立案，案号{case_no}，需本人核实，逾期法院将冻结您名下财产",
        "您有一张来自{court}的传票，请按1查询，按9转人工",
    ),
    turns=(
        ("您好，这里是{court}，您有一张传票，请按9转人工服务", "{hello}，我是{court}的工作人员", "这里是{court}立案庭"),
        ("您因{reason}被人起诉了", "我们这边收到一份针对您的起诉，原因是{reason}", "您的案子下周就要开庭了"),
        ("如果要撤诉，需要缴纳{fee}", "开庭前您需要先交{small}的{fee}", "法院要冻结您名下的财产，除非您缴纳{fee}"),
        ("不处理的话会被列入失信名单，坐不了高铁飞机", "到时候法院会强制执行", "这边能替您把电话转去公安那边"),
    ),
    replies=("我没有欠钱啊", "什么案子？", "我怎么不知道", "要交多少钱", "这个能晚点处理吗", "好的我去交", "你们是哪个法院"),
    story=(
        "{me_call}一个语音电话，说{me}有一张法院传票未领取，转人工后对方说{me}因{reason}被起诉，要先交{fee}才能撤诉",
        "收到短信说{me}涉及诉讼，打过去对方自称{court}法官，让{me}缴纳{small}的{fee}",
        "有人自称法院工作人员，说{me}的案子要开庭，不交{fee}就冻结{me}的财产，{me}就按他说的转了钱",
    ),
)

_TRANSFER = {
    "agency": ["{city}市医保局", "社保中心", "医保中心", "电信运营商", "{courier}快递", "{city}海关", "卫健委",
               "通信管理局", "国家电网", "市场监督管理局"],
    "pretext": [
        "您的医保卡在{city2}有违规消费{small}，涉嫌骗保",
        "您的社保卡在{city2}被冒用，涉嫌套取医保基金",
        "您名下有一个手机号在{city2}发送大量诈骗短信，两小时后将被停机",
        "您寄往{city2}的快递中被查出{contraband}，已经被海关扣押",
        "您的身份证在{city2}开通了一张电话卡，涉嫌违法",
        "系统显示您的电子医保卡异常，存在违规报销记录",
    ],
    "contraband": ["{count}本护照", "{count}张银行卡", "违禁药品", "毒品", "走私香烟", "假证件"],
    "handoff": [
        "如果不是您本人操作，我这边帮您转接{city2}公安局报案",
        "这个需要报警处理，我现在帮您把电话转到{city2}市公安局",
        "我们已经把情况移交警方了，稍后会有民警联系您",
        "现在给您转接{city2}警方，请不要挂机",
    ],
}

SERVICE_HANDOFF = Family(
    name="service_handoff",
    label=LABEL,
    roles=("工作人员", "对方", "客服", "A"),
    slots={**_TRANSFER, **_POLICE},
    sms=(
        "【{agency}】您好，{pretext}，如非本人操作请回电{landline}，逾期将移交公安机关处理。",
        "{agency}提醒：{pretext}，{handoff}。",
        "您好，我是{agency}的工作人员，{pretext}，请尽快联系{phone}核实，否则将依法追究责任",
        "{pretext}。{handoff}，{secret}",
    ),
    turns=(
        ("{hello}，这里是{agency}", "{hello}，请问是{mname}吗？我是{agency}的", "您好，{agency}工作人员，工号{code4}"),
        ("{pretext}", "我们系统显示，{pretext}", "{pretext}，您知道这个情况吗"),
        ("{handoff}", "那这个事情比较严重，{handoff}"),
        ("你好，我是{unit}的{cop}，{accuse}", "我是{city2}公安局的，刚才那边把你的情况转过来了，{accuse}"),
        ("{demand}", "{threat}，{demand}", "{secret}"),
    ),
    replies=("不是我啊，我没去过{city2}", "我没寄过快递", "那怎么办", "好的，你帮我转吧", "我一直在{city}", "我没有用过医保卡",
             "这和我有什么关系", "嗯，我听着"),
    story=(
        "{me_call}自称{agency}的电话，说{pretext}，然后把电话转给了一个自称{city2}公安局的警官，对方说{me}涉嫌{crime}，要{me}把钱转到安全账户核查",
        "先是有人说{me}的医保卡在外地违规消费，接着转接到“{unit}”，对方说{me}牵涉一起{crime}案，让{me}配合资金清查",
        "对方自称{courier}客服，说{me}的快递里查出违禁品，帮{me}转到公安报案，公安说{me}涉嫌{crime}，要求{me}证明清白",
    ),
)

_PROCURATORATE = {
    "proc": ["最高人民检察院", "{city}市人民检察院", "{city}检察院", "检察院反贪局", "{city}市检察院"],
    "doc": ["逮捕令", "通缉令", "冻结令", "拘捕令", "清查令", "资产冻结令", "刑事拘留证"],
}

PROCURATORATE_WARRANT = Family(
    name="procuratorate_warrant",
    label=LABEL,
    roles=("检察官", "对方", "A"),
    slots={**_PROCURATORATE, **_POLICE},
    sms=(
        "【{proc}】{mname}，你因涉嫌{crime}已被立案，{doc}已签发，请登录{url}输入身份证号查询。",
        "{proc}通知：你的{doc}编号{case_no}，请于{soon}到案或联系检察官{surname}{given}{phone}。",
        "你好，我是{proc}的检察官，你涉嫌{crime}，{doc}已经下发，{demand}",
        "网上通缉：{mname}，涉嫌{crime}，请本人登录{url}核对信息",
        "你的{doc}已经生效，若要申请取保候审，需缴纳保证金{amount}",
    ),
    turns=(
        ("我是{proc}的检察官{surname}{given}", "{hello}，这里是{proc}", "我是负责你案子的检察官"),
        ("你涉嫌{crime}，我们已经对你下发了{doc}", "{accuse}，{doc}已经签发了", "你自己登录{url}，输入身份证号就能看到你的{doc}"),
        ("{threat}", "你要是想取保候审，需要交保证金", "现在只有一个办法，{demand}"),
        ("{secret}", "{demand}，{secret}"),
    ),
    replies=("我真的没做过", "那个网站上真有我的照片", "保证金要多少", "能不能不抓我", "我该怎么证明", "好的我马上办"),
    story=(
        "对方自称{proc}检察官，让{me}登录一个网站，上面有印着{me}名字和照片的{doc}，说要交保证金才能取保候审",
        "{me_call}电话说{me}被通缉了，对方发来一张{doc}的图片，要{me}把钱转过去做资金审查",
        "有人冒充检察官说{me}涉嫌{crime}，让{me}下载软件共享屏幕，转走了{me}卡里的{amount}",
    ),
)

_AGENCY = {
    "office": ["{city}市市场监督管理局", "税务局", "{city}市税务局", "{city}市卫健委", "疾控中心", "{city}人社局",
               "教育局", "{city}市公积金管理中心", "外汇管理局", "海关总署", "反洗钱中心"],
    "issue": [
        "您有一笔个人所得税未申报，已产生滞纳金",
        "您经营的店铺涉嫌违规经营，将被吊销营业执照",
        "您的社保账户存在异常，即将停保",
        "您的公积金账户涉嫌违规提取",
        "您名下有一笔境外资金流入，涉嫌违反外汇管理规定",
        "您的行程轨迹与一名涉案人员重合，需要配合核查",
    ],
}

AGENCY_OFFICIAL = Family(
    name="agency_official",
    label=LABEL,
    roles=("工作人员", "对方", "A"),
    slots={**_AGENCY, **_POLICE},
    sms=(
        "【{office}】{issue}，请于{soon}联系{landline}处理，逾期将移送司法机关。",
        "{office}通知：{issue}，请登录{url}核实，否则将依法追究法律责任。",
        "您好，我是{office}的工作人员，{issue}，需要您配合核查资金。",
        "{issue}。如有异议，请联系专员{surname}{sir}{phone}，我们将协同公安机关处理。",
    ),
    turns=(
        ("{hello}，这里是{office}", "我是{office}的工作人员，姓{surname}"),
        ("{issue}", "经核查，{issue}"),
        ("这个事情需要公安机关介入，{demand}", "你需要缴纳{small}的罚款，转到我们的监管账户", "{threat}"),
        ("{secret}", "请不要对外透露，这是保密调查"),
    ),
    replies=("我没有啊", "需要我做什么", "能去窗口办吗", "好吧", "这是真的吗"),
    story=(
        "{me_call}自称{office}的电话，说{issue}，要{me}把钱转到监管账户配合调查，否则移交公安机关",
        "对方冒充{office}工作人员，说{me}{issue_short}，随后又有“警察”联系{me}，让{me}转账证明清白",
    ),
)

FAKE_GUARDIAN = Family(
    name="fake_guardian",
    label=LABEL,
    roles=("民警", "对方", "工作人员"),
    slots={**_POLICE, "guard": ["{city}反诈中心", "国家反诈中心", "{city}市公安局反诈中心", "银联风控中心", "央行反洗钱中心",
                                "网安大队"],
           "danger": ["你的银行卡已被诈骗团伙盯上", "我们监测到你的账户有被盗刷的风险", "你的个人信息在暗网被泄露了",
                      "你的账户今天有多笔异常转出", "有诈骗分子正在用你的信息办理贷款"],
           "protect": ["把钱转到公安监管的资金保全账户", "把钱转入公安备案的安全账户保管", "下载我们的防护APP开启资金保护",
                       "配合我们把资金转移到监管账户，风险解除后退回", "把收到的验证码告诉我，我们帮你拦截"]},
    sms=(
        "【{guard}】{danger}，为保障资金安全，请{protect}。",
        "{hello}，这里是{guard}，{danger}，请立即{protect}，不要告诉其他人。",
        "{guard}紧急提示：{danger}，请于{soon}{protect}，否则损失自负。",
    ),
    turns=(
        ("{hello}，我是{guard}的工作人员", "这里是{guard}，请问是{mname}吗"),
        ("{danger}", "我们刚刚发现，{danger}"),
        ("为了保护你的资金，你要{protect}", "{protect}，这样骗子就转不走了"),
        ("这件事不要告诉银行工作人员，他们可能有内鬼", "{secret}"),
    ),
    replies=("啊？那怎么办", "好的我马上转", "你们真是反诈中心的吗", "转到哪里"),
    story=("{me_call}自称{guard}的电话，说{danger}，让{me}{protect}，{me}照做后钱被转走",),
)

FAMILIES = (FAKE_GUARDIAN, POLICE_LAUNDERING, COURT_SUMMONS, SERVICE_HANDOFF, PROCURATORATE_WARRANT,
            AGENCY_OFFICIAL)
SHARED = {
    "accused_short": ["涉嫌洗钱", "名下的银行卡涉案", "的身份信息被用于犯罪", "涉嫌一起诈骗案", "参与了非法集资",
                      "的账户被用来转移赃款"],
    "issue_short": ["偷税漏税", "违规经营", "社保异常", "涉嫌违法"],
}
