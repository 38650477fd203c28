"""Messages of the gang graph: members two gangs share, the flows imported (话单、上网日志), the members found."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cluster.shared_with": ("另见串并案 {names}（两个团伙共用）", "also in clusters {names} (shared by two gangs)"),
    "gang.title": ("团伙全链条（通讯流、资金流、网络流）", "The whole gang (calls, money, network)"),
    "gang.expand": ("按已导入的话单、流水和上网日志扩线", "Expand over the imported call records, statements and logs"),
    "gang.figures": ("读取话单与短信 {total} 条、上网日志 {count} 条、交易流水 {n} 笔",
                     "{total} call and SMS records, {count} visits and {n} transfers read"),
    "gang.none": ("尚无可扩线的数据：请先导入话单、上网日志或交易流水", "Nothing to expand over yet: import call records, logs or statements first"),
    "gang.kind": ("要素类型", "Kind"),
    "gang.value": ("要素", "Identifier"),
    "gang.role": ("角色", "Role"),
    "gang.reported": ("来源", "Source"),
    "gang.score": ("置信度", "Score"),
    "gang.reasons": ("依据", "Reasons"),
    "gang.was_reported": ("报案人提供", "Reported"),
    "gang.was_found": ("扩线发现", "Found in the flows"),
    "gang.tier": ("第 {n} 级", "tier {n}"),
    "gang.reason.reported": ("案件 {case_no} 报案人提供", "reported in case {case_no}"),
    "gang.reason.talked": ("与 {count} 名报案受害人长时间通话或发送短信（该号码共联系 {total} 个号码，随机预期 {value}）",
                           "talked with {count} reporting victims among {total} numbers ({value} expected by chance)"),
    "gang.reason.reached": ("联系了本串并案 {count} 名受害人（该号码共联系 {total} 个号码，随机预期 {value}）",
                            "reached {count} of the cluster's victims among {total} numbers ({value} expected by chance)"),
    "gang.reason.ip_of": ("团伙号码 {account} 使用过该IP", "used by gang number {account}"),
    "gang.reason.same_ip": ("与团伙号码 {account} 使用同一IP {value}", "on the same address {value} as gang number {account}"),
    "gang.reason.visited": ("{n} 个团伙号码、{count} 名受害人访问过，访问号码共 {total} 个",
                            "visited by {n} gang numbers and {count} victims, {total} numbers in all"),
    "gang.reason.tier": ("案件 {case_no} 资金的第 {n} 级账户：流入 {amount} 元", "tier {n} of the money of case {case_no}: {amount} in"),
    "gang.reason.cash_out": ("收取团伙 {n} 张卡的资金且未再转出", "collects from {n} of the gang's cards and pays nothing on"),
    "gang.reason.victim_paid": ("案件 {case_no} 的受害人向其转账", "the victim of case {case_no} paid it"),
}

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "gang_role": {
        "caller": ("话务员（拨打电话）", "Caller"), "sms_sender": ("短信发送号码", "SMS sender"),
        "collector": ("一级收款卡", "Collecting card"), "mule": ("下级账户（洗钱）", "Mule card"),
        "cash_out": ("取现/出金点", "Cash-out point"), "domain": ("域名", "Domain"), "ip": ("IP地址", "IP address"),
        "app": ("APP", "App"), "device": ("设备", "Device"), "developer": ("开发者", "Developer"),
        "seller": ("贩卖者", "Seller"),
    },
}
