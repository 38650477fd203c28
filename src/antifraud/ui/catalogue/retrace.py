"""Messages of a bank's statement answer read in the background, and of the case traced again after it."""

MESSAGES: dict[str, tuple[str, str]] = {
    "stmt.answer_queued": ("流水文件较大，正在后台读取（任务 {job}）；流水存入后调单即办结",
                           ("A large statement, being read in the background (job {job}); the request is "
                            "completed once the statement is stored")),
    "stmt.answer_storing": ("正在存入流水：{done} / {total} 行", "Storing the statement: {done} of {total} rows"),
    "stmt.retrace_queued": ("案件将据此流水在后台重新追踪", "The case is being traced again with this statement"),
}
