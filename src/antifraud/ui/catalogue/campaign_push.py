"""Messages of a campaign's work pushed to its delivering organisation's endpoint (through the outbox)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "campaign.push.queued": ("已排队推送至 {org} 的接收地址", "Queued for {org}'s endpoint"),
    "campaign.push.retrying": ("推送至 {org} 暂未成功，已尝试 {n} 次，将自动重试",
                               "Not yet taken by {org}: {n} attempts, retrying"),
    "campaign.push.delivered": ("已推送至 {org}（{at} 接收）", "Pushed to {org} (taken at {at})"),
}
