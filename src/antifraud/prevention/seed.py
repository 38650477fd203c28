"""The knowledge base every installation starts with (反诈知识): the eleven categories' first versions.

Prevention staff edit them afterwards; each edit is a new version and this text stays version 1.
"""

from __future__ import annotations

from antifraud.prevention.engine import KnowledgeText

# Category code (the fraud type it teaches about) -> (Chinese, English).
SEED: dict[str, tuple[KnowledgeText, KnowledgeText]] = {
    "fake_shopping": (
        KnowledgeText(
            title="网络购物诈骗",
            signs=("商品价格远低于市场价，声称“内部渠道”“清仓甩卖”",
                   "卖家要求绕开平台，加微信、QQ私下转账交易",
                   "付款后以“缴纳关税”“解冻订单”等理由要求继续付款",
                   "发来陌生付款链接或二维码，页面与正规平台相似"),
            lesson=("网购一定要在正规平台下单，并通过平台担保交易付款。任何要求您离开平台、私下转账、"
                    "先付定金再发货的卖家，都可能是骗子。价格低得离谱的“便宜货”，往往就是诱饵。"
                    "收货前不要确认收货，遇到问题通过平台官方客服处理。"),
            sms="【金华反诈】网购请走正规平台担保交易，卖家让您私下转账、扫码付款的，都是诈骗！",
            packaging="网购不离平台，不私下转账；超低价是诱饵，谨防上当！反诈热线96110"),
        KnowledgeText(
            title="Online shopping scams",
            signs=("Prices far below the market, sold as 'insider stock' or 'clearance'",
                   "The seller asks you to leave the platform and pay by WeChat or QQ transfer",
                   "After you pay, 'customs fees' or 'unfreezing charges' are demanded",
                   "A payment link or QR code that imitates a real shopping site"),
            lesson=("Buy only on recognised platforms and pay through their escrow. A seller who asks you to "
                    "leave the platform, transfer money privately or pay a deposit first may be a fraudster. "
                    "A price that is too good to be true is bait. Do not confirm receipt before the goods "
                    "arrive, and settle problems through the platform's own customer service."),
            sms="Jinhua police: shop only on the platform. Sellers asking for private transfers are scams.",
            packaging="Shop on the platform, never pay privately. Hotline 96110")),
    "fake_loan": (
        KnowledgeText(
            title="网络贷款诈骗",
            signs=("声称“无抵押、无征信、秒到账”，门槛低得不合常理",
                   "放款前要求缴纳“手续费”“保证金”“解冻费”",
                   "以“银行卡号填错被冻结”为由要求转账解冻",
                   "要求下载非官方应用商店的贷款APP"),
            lesson=("正规贷款机构在放款前不会收取任何费用。凡是放款前要求交钱的，都是诈骗。"
                    "贷款请到银行或持牌金融机构办理，不要轻信短信、电话和社交软件里的贷款广告，"
                    "更不要下载来历不明的贷款APP。"),
            sms="【金华反诈】正规贷款放款前不收任何费用！要先交手续费、保证金、解冻费的，都是诈骗。",
            packaging="放款前要交钱的贷款都是诈骗！贷款请找银行等正规机构。反诈热线96110"),
        KnowledgeText(
            title="Online loan scams",
            signs=("'No collateral, no credit check, money in seconds': too easy to be real",
                   "A 'handling fee', 'deposit' or 'unfreezing fee' before the loan is paid",
                   "'You typed your card number wrong, the loan is frozen, pay to release it'",
                   "A loan app you must install from outside the official app stores"),
            lesson=("A real lender never charges anything before paying out. Anyone asking for money before a "
                    "loan is a fraudster. Borrow from banks or licensed lenders, ignore loan adverts in texts, "
                    "calls and chat apps, and never install a loan app of unknown origin."),
            sms="Jinhua police: real lenders charge no fee before a loan. Any upfront fee is a scam.",
            packaging="A loan that needs a fee first is a scam. Fraud hotline 96110")),
    "brushing_rebate": (
        KnowledgeText(
            title="刷单返利诈骗",
            signs=("招聘“兼职刷单、点赞、关注”，声称日结高佣金",
                   "前几单小额任务真的返利，诱您越投越多",
                   "要求完成“连单”“组合任务”才能提现",
                   "以“操作失误”“账户异常”为由要求继续充值"),
            lesson=("刷单本身就是违法行为，所有刷单都是诈骗。骗子先用小额返利取得信任，"
                    "再以连单、任务未完成等理由让您不断垫付，最终卷款消失。"
                    "看到“足不出户、日赚数百”的兼职广告，请立即远离。"),
            sms="【金华反诈】刷单就是诈骗！先返小钱再骗大钱，兼职刷单、点赞返利一律不要做。",
            packaging="所有刷单都是诈骗！先给甜头再骗大钱，兼职刷单别碰。反诈热线96110"),
        KnowledgeText(
            title="Order-brushing and rebate scams",
            signs=("Part-time 'brushing', 'likes' or 'follows' jobs paying high daily commission",
                   "The first small tasks really pay out, so you put in more",
                   "You must finish a 'combo task' before you can withdraw",
                   "An 'operating error' or 'abnormal account' means you must top up again"),
            lesson=("Order brushing is itself illegal, and every brushing job is a scam. Small early rebates "
                    "win your trust; then 'unfinished tasks' keep you paying until the fraudsters vanish with "
                    "everything. Walk away from any job promising hundreds a day from home."),
            sms="Jinhua police: every order-brushing job is a scam. Small rebates first, then they take all.",
            packaging="Every order-brushing job is a scam. Fraud hotline 96110")),
    "fake_customer_service": (
        KnowledgeText(
            title="冒充电商物流客服诈骗",
            signs=("自称电商或快递客服，准确说出您的订单信息",
                   "以“商品质量问题理赔”“快递丢失赔偿”为由联系您",
                   "要求开启屏幕共享、下载会议软件",
                   "引导您在“百万保障”“备用金”等页面借款转账"),
            lesson=("正规电商和快递的退款、理赔都在平台内原路退回，不需要您提供验证码、"
                    "开启屏幕共享或向“安全账户”转账。接到“客服”来电时，请挂断后通过官方APP核实。"),
            sms="【金华反诈】“客服”说退款理赔要您共享屏幕、转账借款的，都是诈骗！请在官方APP核实。",
            packaging="退款理赔原路退回，不用共享屏幕、不用转账！反诈热线96110"),
        KnowledgeText(
            title="Fake e-commerce and courier support",
            signs=("A caller from 'customer service' who knows your order details",
                   "Compensation for a 'faulty product' or 'lost parcel' is offered",
                   "You are asked to share your screen or install a meeting app",
                   "You are led to borrow or transfer money on 'guarantee' pages"),
            lesson=("Real refunds and compensation go back the way you paid, inside the platform. No real "
                    "agent needs your verification code, your screen or a transfer to a 'safe account'. Hang up "
                    "and check in the official app."),
            sms="Jinhua police: a 'support agent' who wants your screen or a transfer is a scammer.",
            packaging="Refunds never need screen sharing or transfers. Call 96110")),
    "impersonate_authority": (
        KnowledgeText(
            title="冒充公检法诈骗",
            signs=("自称公安、检察院、法院工作人员，说您涉嫌洗钱、贩毒",
                   "出示“通缉令”“逮捕令”等文书图片，要求保密",
                   "要求您到宾馆等封闭场所单独配合“调查”",
                   "要求将资金转入“安全账户”接受“资金清查”"),
            lesson=("公检法机关不会通过电话、网络办案，不会发送通缉令，更没有所谓的“安全账户”。"
                    "凡是电话里要求您转账证明清白的，一定是诈骗。请挂断电话，拨打110核实。"),
            sms="【金华反诈】公检法不会电话办案，没有“安全账户”！让您转账自证清白的都是诈骗。",
            packaging="公检法不会电话办案，没有安全账户！接到此类电话请打110"),
        KnowledgeText(
            title="Impersonating police, prosecutors and courts",
            signs=("A caller says he is police, a prosecutor or a judge: you are suspected of money laundering",
                   "'Arrest warrants' are shown as pictures and you are told to keep it secret",
                   "You are told to go alone to a hotel room to 'cooperate'",
                   "Your money must go to a 'safe account' for 'checking'"),
            lesson=("Police, prosecutors and courts never handle cases by phone or online, never send warrants "
                    "by chat, and there is no 'safe account'. Anyone asking you to transfer money to prove "
                    "your innocence is a fraudster. Hang up and call 110."),
            sms="Jinhua police: no officer handles a case by phone. There is no 'safe account'.",
            packaging="Police never ask for money by phone. Call 110 to check")),
    "fake_investment": (
        KnowledgeText(
            title="虚假投资理财诈骗",
            signs=("被拉进“炒股群”“理财群”，“导师”免费荐股带您赚钱",
                   "平台声称“稳赚不赔”“内幕消息”“高额回报”",
                   "初期小额投入可以提现，加大投入后无法取出",
                   "以“缴纳税费”“保证金”为由要求继续充值才能提现"),
            lesson=("投资理财请选择有资质的正规机构，不要相信群里的“老师”和来历不明的平台。"
                    "“稳赚不赔”“高额回报”就是骗局的标签；一旦无法提现，骗子已在收网。"
                    "邮币卡、虚拟货币等所谓“新型投资”尤其要警惕。"),
            sms="【金华反诈】“导师”带炒股、稳赚不赔高回报都是骗局！投资请认准持牌正规机构。",
            packaging="稳赚不赔是骗局，荐股群里的导师是骗子！反诈热线96110"),
        KnowledgeText(
            title="Fake investment schemes",
            signs=("You are added to a stock or wealth group where a 'mentor' gives free tips",
                   "'Guaranteed gains', 'insider news', 'high returns'",
                   "Small early deposits can be withdrawn; larger ones cannot",
                   "'Taxes' or a 'deposit' must be paid before you can withdraw"),
            lesson=("Invest only through licensed institutions; never trust group 'mentors' or unknown "
                    "platforms. 'No risk, high return' is the mark of a scam, and once withdrawals stop the "
                    "trap is closing. Be especially wary of stamps, coins and cards and crypto schemes."),
            sms="Jinhua police: 'mentors' promising sure profits are scams. Use licensed firms only.",
            packaging="Guaranteed profit is a scam. Fraud hotline 96110")),
    "romance": (
        KnowledgeText(
            title="网络婚恋交友诈骗",
            signs=("网上结识的“完美对象”，很快确立恋爱关系却从不视频见面",
                   "对方“无意中”透露投资、博彩网站有漏洞可以赚钱",
                   "以生病、家人出事、机票路费等理由向您借钱",
                   "引导您在陌生平台充值“一起规划未来”"),
            lesson=("网恋要谨慎，没见过面的“恋人”向您借钱或带您投资，十有八九是诈骗。"
                    "骗子往往包装成成功人士，用甜言蜜语建立信任后再“杀猪”。"
                    "涉及钱财请一定当面核实身份，多与家人朋友商量。"),
            sms="【金华反诈】网恋对象带您投资、向您借钱的，都是“杀猪盘”！没见过面不转账。",
            packaging="网恋不见面、谈钱就是骗！谨防杀猪盘。反诈热线96110"),
        KnowledgeText(
            title="Online romance scams",
            signs=("A 'perfect partner' met online who never agrees to a video call",
                   "They 'happen to know' a betting or investment site with a loophole",
                   "They need money for illness, family trouble or a plane ticket",
                   "You are led to top up on an unknown platform 'for our future'"),
            lesson=("Be careful with online love: a partner you have never met who borrows money or leads you "
                    "to invest is almost always a fraudster. They pose as successful people and build trust "
                    "before the 'pig butchering'. Verify in person and talk to family first."),
            sms="Jinhua police: an online lover who asks for money or investment is a scammer.",
            packaging="Never met, asks for money: it is a scam. Hotline 96110")),
    "game_trading": (
        KnowledgeText(
            title="网络游戏虚假交易诈骗",
            signs=("以低价出售游戏装备、账号、皮肤，或高价收购",
                   "要求到非官方交易平台或私下交易",
                   "以“账户冻结”“保证金”为由要求继续付款",
                   "冒充客服要求未成年人扫码、提供家长支付密码"),
            lesson=("游戏装备、账号交易请在游戏官方渠道进行，不要相信私下交易和陌生交易网站。"
                    "家长要管好支付密码，提醒孩子：任何让你转账、扫码、说验证码的“客服”都是骗子。"),
            sms="【金华反诈】买卖游戏装备账号要走官方渠道，私下交易、交保证金解冻的都是诈骗！",
            packaging="游戏交易走官方，私下交易易被骗！家长管好支付密码。96110"),
        KnowledgeText(
            title="Fake game-item trading",
            signs=("Game items, accounts or skins sold cheap, or bought at a high price",
                   "You are taken to an unofficial trading site or a private deal",
                   "A 'frozen account' or 'deposit' needs more payments",
                   "A fake agent asks a child to scan a code or give a parent's payment PIN"),
            lesson=("Trade game items and accounts only through the game's official channels; never trust "
                    "private deals or unknown trading sites. Parents: keep payment passwords to yourselves and "
                    "tell children that any 'agent' asking for a transfer, a scan or a code is a fraudster."),
            sms="Jinhua police: trade game items only officially. 'Unfreezing deposits' are scams.",
            packaging="Trade game items officially only. Fraud hotline 96110")),
    "fake_credit": (
        KnowledgeText(
            title="虚假征信诈骗",
            signs=("自称网贷平台或银行客服，说您的征信有问题",
                   "称学生时期开通的“校园贷”未注销会影响征信",
                   "要求把钱转到指定账户“刷流水”“消除记录”",
                   "要求开启屏幕共享、在多个平台借款"),
            lesson=("个人征信只能由中国人民银行征信中心记录，任何人都无法花钱修改或消除征信记录。"
                    "声称能“修复征信”“注销校园贷”的都是诈骗。如有疑问，请通过人民银行官方渠道查询。"),
            sms="【金华反诈】征信无法花钱修改，“注销校园贷”“修复征信”让转账的都是诈骗！",
            packaging="征信不能花钱修复！要您转账注销账户的都是骗子。反诈热线96110"),
        KnowledgeText(
            title="Fake credit-record repair",
            signs=("A caller from a 'lender' or 'bank' says your credit record has a problem",
                   "A student loan account from college 'must be closed' or it hurts your credit",
                   "Money must go to a given account to 'clear the record'",
                   "You are asked to share your screen and borrow on several platforms"),
            lesson=("Only the People's Bank of China's credit center keeps credit records, and nobody can change "
                    "or erase them for money. Anyone offering to 'repair' your credit or 'close' a student "
                    "loan account is a fraudster. Check through the central bank's official channels."),
            sms="Jinhua police: no one can repair a credit record for money. It is a scam.",
            packaging="Credit records cannot be fixed for money. Hotline 96110")),
    "impersonate_acquaintance": (
        KnowledgeText(
            title="冒充领导、熟人诈骗",
            signs=("用新号码、新微信自称领导、老师、亲友，“换号了”",
                   "说自己不方便接电话，只用文字沟通",
                   "以送礼、急用、缴费为由让您先垫付转账",
                   "语气急迫，要求马上办、不要告诉别人"),
            lesson=("凡是通过社交软件、短信提出借钱、转账要求的“领导”“熟人”，"
                    "一定要通过电话或当面核实身份。对方说不方便接电话的，更要警惕。"
                    "涉及转账，多一分核实，少一分损失。"),
            sms="【金华反诈】“领导”“熟人”加好友让您转账的，务必电话或当面核实，谨防冒充！",
            packaging="领导熟人网上借钱，先打电话核实！谨防冒充诈骗。反诈热线96110"),
        KnowledgeText(
            title="Impersonating a boss or acquaintance",
            signs=("A new number or account says it is your boss, teacher or relative 'with a new number'",
                   "They cannot take calls and only text",
                   "You must advance money for a gift, an emergency or a fee",
                   "It is urgent and you must tell nobody"),
            lesson=("Whenever a 'boss' or 'friend' asks for money by chat or text, check who it is by phone or in "
                    "person. Be most careful when they say they cannot talk. One more check before a transfer "
                    "is one less loss."),
            sms="Jinhua police: a 'boss' or 'friend' asking for money online? Call them to check first.",
            packaging="Boss or friend wants money online? Call to check. 96110")),
    "trojan": (
        KnowledgeText(
            title="木马钓鱼链接诈骗",
            signs=("短信、邮件里有“积分兑换”“ETC认证”“社保补贴”等链接",
                   "链接页面要求填写银行卡号、密码和验证码",
                   "要求安装来历不明的APP或“安全控件”",
                   "手机突然收不到短信、出现陌生扣款"),
            lesson=("不点陌生链接，不扫来历不明的二维码，不在非官方网站填写银行卡号、密码和验证码。"
                    "APP只从官方应用商店下载。发现手机异常或陌生扣款，立即联系银行冻结账户并报警。"),
            sms="【金华反诈】积分兑换、ETC认证、补贴领取的短信链接多是钓鱼网站，不点不填验证码！",
            packaging="陌生链接不点，验证码不说，APP只在官方商店下载！96110"),
        KnowledgeText(
            title="Trojans and phishing links",
            signs=("Texts or e-mails with 'points redemption', 'ETC verification' or 'subsidy' links",
                   "The page asks for your card number, password and verification code",
                   "You are told to install an unknown app or 'security plug-in'",
                   "Your phone stops receiving texts or shows strange charges"),
            lesson=("Do not open unknown links or scan unknown QR codes, and never type card numbers, passwords "
                    "or codes into unofficial sites. Install apps only from official stores. If your phone "
                    "behaves oddly or money goes missing, call your bank to freeze the account and report it."),
            sms="Jinhua police: links for points, ETC or subsidies are phishing. Never enter codes.",
            packaging="Don't open strange links or share codes. Hotline 96110")),
}
"""The eleven categories (反诈知识), in the order the public page lists them."""

CATEGORIES: tuple[str, ...] = tuple(SEED)
