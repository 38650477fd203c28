"""Messages of the gang graph's handsets: the reasons a SIM box and the numbers in it are the gang's."""

MESSAGES: dict[str, tuple[str, str]] = {
    "gang.reason.handset_of": ("团伙号码 {account} 使用的终端（设备号）", "handset of gang number {account}"),
    "gang.reason.same_handset": ("与团伙号码 {account} 插在同一终端 {value}（猫池或手机）",
                                 "in the same handset {value} as gang number {account}"),
    "gang.reason.reported_handset": ("插在报案人提供的终端 {value}", "in the reported handset {value}"),
}
