"""Messages of the big screen's prevention panel (宣传防范): campaigns running, delivered and people reached."""

MESSAGES: dict[str, tuple[str, str]] = {
    "screen.prevention": ("宣传防范", "Prevention campaigns"),
    "screen.prevention_running": ("进行中活动", "Campaigns running"),
    "screen.prevention_delivered_month": ("本月已送达活动", "Delivered this month"),
    "screen.prevention_reach_month": ("本月覆盖人次", "People reached this month"),
    "screen.prevention_reach_year": ("本年覆盖人次", "People reached this year"),
}
