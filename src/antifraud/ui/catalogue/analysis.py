"""Messages of the analysis page's loss, channel and station breakdowns, trends and drill-down to cases."""

MESSAGES: dict[str, tuple[str, str]] = {
    "dim.station": ("受理派出所", "Police station that took the report"),
    "dim.loss_band": ("损失金额段", "Loss band"),
    "dim.channel": ("接触渠道", "Contact channel"),
    "analysis.previous": ("上期", "Previous period"),
    "analysis.year_ago": ("去年同期", "Same period last year"),
    "analysis.open_cases": ("在案件列表中打开", "Open in the case list"),
    "analysis.cases_capped": ("案件列表显示其中前 {n} 起；全部案件编号可由接口 with_cases=true 取得",
                              "The case list shows the first {n}; the API gives every case id with with_cases=true"),
}

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "loss_band": {"0-1000": ("1千元以下", "under ¥1,000"), "1000-10000": ("1千至1万元", "¥1,000–10,000"),
                  "10000-100000": ("1万至10万元", "¥10,000–100,000"),
                  "100000-1000000": ("10万至100万元", "¥100,000–1,000,000"),
                  "1000000+": ("100万元以上", "¥1,000,000 and more")},
    "channel": {"app": ("诱导下载App", "an app"), "web": ("网站或链接", "a website or link"),
                "phone": ("电话或短信", "a call or text")},
}
