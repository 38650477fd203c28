"""Messages of a card that intake found already stopped or frozen: no second stop-payment, and why."""

MESSAGES: dict[str, tuple[str, str]] = {
    "route.held_open": ("该卡已有未办结的{kind}请求 {id}（{org}，{status}），不再重复发送",
                        "already held: {kind} request {id} to {org} is {status}; no second stop-payment sent"),
    "route.held_stopped": ("该卡已由 {org} 止付（请求 {id}），有效期至 {until}，不再重复发送",
                           "already stopped by {org} (request {id}) until {until}; no second stop-payment sent"),
    "route.held_frozen": ("该卡已由 {org} 冻结（请求 {id}），有效期至 {until}，不再重复发送",
                          "already frozen by {org} (request {id}) until {until}; no second stop-payment sent"),
    "route.held_by_case": ("案件 {case_no} 的请求，已控制本卡", "request of case {case_no}, already holding the card"),
}

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "routing": {
        "held": ("已止付/冻结", "Already held"),
    },
}
