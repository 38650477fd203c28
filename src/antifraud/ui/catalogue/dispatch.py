"""Labels of the requests to partners added after the first catalogue: blocking at the international gateways."""

MESSAGES: dict[str, tuple[str, str]] = {
    "unroutable.gateway_hint": ("境外号码：由各运营商国际关口局阻断来话", "Overseas number: calls from it are blocked at the carriers' international gateways"),
}

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "request_kind": {
        "block_inbound": ("国际来话阻断", "Inbound call blocking (international gateway)"),
    },
}
