"""Messages of a campaign's work pushed to its delivering organisation's endpoint (through the outbox)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "campaign.push.queued": ("已排队推送至 {partner} 的接收地址", "Queued for {partner}'s endpoint"),
    "campaign.push.retrying": ("推送至 {partner} 暂未成功，已尝试 {attempts} 次，将自动重试",
                               "Not yet taken by {partner}: {attempts} attempts, retrying"),
    "campaign.push.delivered": ("已推送至 {partner}（{at} 接收）", "Pushed to {partner} (taken at {at})"),
}
