"""Messages of the gang graph: members two gangs share, the flows imported (话单、上网日志), the members found."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cluster.shared_with": ("另见串并案 {clusters}（两个团伙共用）", "also in clusters {clusters} (shared by two gangs)"),
}
