"""Synthetic labelled corpus for training and evaluating the fraud-type classifier.

Every text comes from a scenario family (phrases_*.py) in one of three forms — a standalone message
(SMS, chat message, ad), a call or chat dialogue, or a narrative as told by a victim or written down
at intake — and then passes through the noise people and fraudsters add: traditional characters,
spaced-out or full-width writing, look-alike spellings, masked digits, emojis, truncation.
Generation is deterministic for a seed. Whole families can be held out to measure generalisation
to scripts the model never saw.
"""

from __future__ import annotations

import random
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from antifraud.core.vocab import FRAUD_TYPES
from antifraud.lab.classifier import (
    phrases_acquaintance,
    phrases_authority,
    phrases_loan,
    phrases_ordinary,
    phrases_other_fraud,
    phrases_registers,
    phrases_service,
)
from antifraud.lab.classifier.grammar import Family, Grammar, Slot
from antifraud.lab.classifier.phrases_common import CITIES, COMMON, DISTRICTS, EMOJIS, GIVEN, SURNAMES

NONE = "none"
LABELS: tuple[str, ...] = (*FRAUD_TYPES, NONE)

# Anti-fraud publicity that quotes a fraud script word for word: the script, framed as a warning.
QUOTES = Family(name="prevention_quotes", label=NONE, weight=2.0)
_QUOTE_FRAMES = (
    "【{org}】反诈提醒：如果您收到“{q}”这样的信息，请不要相信，这是诈骗！{advice}。",
    "警方提示：骗子常说“{q}”，{advice}。",
    "这种短信千万别信：{q} 以上为诈骗信息，{advice}。",
    "典型诈骗话术曝光：“{q}”遇到此类电话请立即挂断并拨打110。",
    "{org}：近期有不法分子发送“{q}”等信息，均为诈骗，请勿点击链接、勿转账。",
    "反诈课堂第{num2}课：“{q}”——听到这样的话，马上挂电话！",
    "家人们注意！收到“{q}”的都是骗子，{advice}。",
)
_QUOTE_SLOTS: dict[str, Slot] = {
    "org": ["{city}市公安局", "{city}反诈中心", "国家反诈中心", "{district}派出所", "{bank}", "中国移动", "{city}警方"],
    "advice": ["遇到可疑情况请拨打96110咨询", "请下载国家反诈中心APP", "如遇诈骗请立即拨打110报警", "不听不信不转账",
               "守好钱袋子", "谨防上当受骗", "请转告家中老人"],
}


FAMILIES: tuple[Family, ...] = (
    *phrases_authority.FAMILIES, *phrases_loan.LOAN_FAMILIES, *phrases_loan.CREDIT_FAMILIES,
    *phrases_service.FAMILIES, *phrases_acquaintance.FAMILIES, *phrases_other_fraud.FAMILIES,
    *phrases_ordinary.FAMILIES, *phrases_registers.FAMILIES, QUOTES,
)

# Families kept out of training when measuring generalisation (one or more per label that has several).
# A held-out family shares no phrase with a training family (`shared_phrases`): families of one label
# that draw on a common bank of sentences are held out together or not at all.
HOLDOUT: frozenset[str] = frozenset({
    "court_summons", "loan_deposit_chat", "credit_account_cancel", "cs_subscription_script", "old_friend",
    "relative_new_number", "crypto_platform", "military_order", "case_news", "bank_bill",
    "work_chat", "travel", "licensed_credit_marketing", "court_service", "estate_agent_promo", "bank_wealth_ad",
})
PHRASE_CHARS = 6   # a phrase: this many Chinese characters in a row, written in a family's own templates
_SLOT_MARK = re.compile(r"\{[^{}]*\}|\[|\]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")

# Texts per label in the default corpus: the four most reported types and `none` get the most.
DEFAULT_SIZES: dict[str, int] = {
    **{label: 1500 for label in FRAUD_TYPES},
    "impersonate_authority": 3000, "fake_loan": 3000, "fake_customer_service": 3000,
    "impersonate_acquaintance": 3000, "fake_credit": 2000, NONE: 20000,
}

_FRAUD_FRAMES: tuple[tuple[str, str], ...] = (
    ("报警人{mname}称：{when}，{story}，{loss}。", "其"),
    ("报警人称，{when}{story}，{loss}。", "其"),
    ("{when}，{story}，{loss}。{after}", "我"),
    ("我被骗了！{story}，{loss}，{after}", "我"),
    ("受害人{mname}（{gender}，{age}岁）报称：{when}{story}，{loss}。", "其"),
    ("事主称：{story}。{loss}。", "其"),
    ("求助：{when}{story}，{loss}，{after}", "我"),
    ("简要案情：{date}，{story}，{loss}。", "受害人"),
    ("我妈{when}{story}，{loss}", "她"),
    ("{story}。", "我"),
    ("{when}{story}，{loss}", "我"),
)
_ORDINARY_FRAMES: tuple[tuple[str, str], ...] = (
    ("{when}，{story}。", "我"), ("{story}。", "我"), ("记录一下：{story}", "我"), ("{story}{emoji}", "我"),
)
_FRAME_SLOTS: dict[str, Slot] = {
    "loss": ["共计被骗{amount}", "先后转账{count}次，共计{amount}", "被骗{amount}", "损失{amount}", "转账{amount}后对方失联",
             "随后发现被骗", "后发觉被骗遂报警", "还好没转钱", "幸好家人及时发现没有转账", "已经转了{amount}",
             "钱转过去以后对方就不回了"],
    "after": ["", "现在联系不上对方了", "我该怎么办", "请帮我追回损失", "对方已经把我拉黑了", "求助", "能追回来吗"],
    "gender": ["男", "女"],
}
_OTHER_SPEAKERS = ("我", "用户", "本人", "B", "客户", "乙", "受害人")
_GENERIC_REPLIES = ("嗯", "好的", "啊？", "然后呢", "哦", "是吗", "你说", "我知道了", "对")
_SHARED: dict[str, Slot] = {
    **phrases_authority.SHARED, **phrases_loan.SHARED, **phrases_acquaintance.SHARED,
    **phrases_ordinary.SHARED,
}

_LOOKALIKE_NOISE: dict[str, tuple[str, ...]] = {
    "微信": ("薇信", "威信", "V信", "vx", "wx"), "账户": ("帐户", "账戸"), "贷款": ("代款", "dai款"), "征信": ("徵信",),
    "转账": ("转帐",), "刷单": ("刷dan", "S单"), "客服": ("客fu", "課服"), "退款": ("退kuan",), "公安": ("公 安",),
    "银行卡": ("银行kа", "yh卡"), "加微信": ("+V", "加v", "➕薇"), "QQ": ("扣扣", "qq"), "验证码": ("验正码", "yzm"),
}
_SEPARATORS = (" ", " ", ".", "*", "-", "、", "|", "~")
# Typing slips of pinyin input: a character for a homophone or near one.
_TYPOS: dict[str, tuple[str, ...]] = {
    "的": ("得", "地"), "在": ("再",), "账": ("帐", "胀"), "您": ("你",), "转": ("传",), "号": ("好",), "款": ("宽",),
    "现": ("先",), "验": ("严",), "码": ("吗", "马"), "办": ("半",), "理": ("里",), "户": ("护",), "做": ("作",),
    "已": ("以",), "马上": ("马尚",), "客服": ("可服",), "退款": ("退宽",),
}
# How anonymised corpora write what they removed: capitalised tokens, bare or bracketed.
_TOKEN_STYLES = ("{}", "{}", "<{}>", "[{}]", "{{{}}}")
_NAME_RE = re.compile("[" + "".join(sorted(set(SURNAMES))) + "](?:某某|某|"
                      + "|".join(sorted(GIVEN, key=len, reverse=True)) + ")")
_PLACE_RE = re.compile("|".join(sorted((*CITIES, *DISTRICTS), key=len, reverse=True)))
_ANON_URL_RE = re.compile(r"(?:https?://)?[A-Za-z][A-Za-z0-9\-]*(?:\.[A-Za-z0-9\-]+)+(?:/[A-Za-z0-9\-./?=&%#_]*)?")
_ANON_NUM_RE = re.compile(r"\d[\d\s\-]*\d|\d")


@dataclass(frozen=True)
class Sample:
    """One labelled text and where it came from."""

    text: str
    label: str
    family: str
    form: str   # "message", "dialogue" or "narrative"


@cache
def _grammar() -> Grammar:
    return Grammar({**COMMON, **_SHARED, **_FRAME_SLOTS})


@cache
def _s2t():  # type: ignore[no-untyped-def]
    from opencc import OpenCC

    return OpenCC("s2t")


_MIXERS = tuple(f for f in phrases_ordinary.FAMILIES
                if f.name in ("friend_chat", "family_chat", "small_talk", "background_words", "weather_news"))


def family_phrases(family: Family, size: int = PHRASE_CHARS) -> set[str]:
    """Every run of `size` Chinese characters in the family's own templates (shared slots aside)."""
    templates = [*family.sms, *(t for stage in family.turns for t in stage), *family.replies, *family.story]
    for slot in (family.slots or {}).values():
        if not callable(slot):
            templates.extend(slot)
    out: set[str] = set()
    for template in templates:
        for run in _HAN_RUN.findall(_SLOT_MARK.sub("|", template)):
            out.update(run[i:i + size] for i in range(len(run) - size + 1))
    return out


def shared_phrases(holdout: Collection[str] = HOLDOUT) -> dict[str, set[str]]:
    """Phrases each held-out family has in common with the training families (empty when honest)."""
    trained = set().union(*(family_phrases(f) for f in FAMILIES if f.name not in holdout))
    return {f.name: family_phrases(f) & trained for f in FAMILIES if f.name in holdout}


def families_of(label: str) -> tuple[Family, ...]:
    """The scenario families of one label."""
    return tuple(f for f in FAMILIES if f.label == label)


def _forms(family: Family) -> tuple[list[str], list[float]]:
    forms, weights = [], []
    for form, weight, present in (("message", 0.5, family.sms), ("dialogue", 0.3, family.turns),
                                  ("narrative", 0.2, family.story)):
        if present:
            forms.append(form)
            weights.append(weight)
    return forms, weights


def _message(family: Family, rng: random.Random) -> str:
    return _grammar().pick(family.sms, rng, family.slots)


def _dialogue(family: Family, rng: random.Random) -> str:
    g, local = _grammar(), family.slots or {}
    role = rng.choice(family.roles)
    other = rng.choice(_OTHER_SPEAKERS)
    style = rng.random()
    colon = rng.choice(["：", ":", "："])
    caller, callee = (role, other) if style < 0.6 else (("A", "B") if style < 0.75 else ("", ""))
    lines: list[str] = []
    for stage in family.turns:
        if len(family.turns) > 2 and rng.random() < 0.15:
            continue
        line = g.pick(stage, rng, local)
        lines.append(f"{caller}{colon}{line}" if caller else line)
        if rng.random() < 0.55:
            reply = g.pick(family.replies or _GENERIC_REPLIES, rng, local)
            lines.append(f"{callee}{colon}{reply}" if callee else reply)
    joiner = rng.choice(["\n", "\n", " ", "；", "。", ""])
    return joiner.join(lines)


def _narrative(family: Family, rng: random.Random) -> str:
    frames = _ORDINARY_FRAMES if family.label == NONE else _FRAUD_FRAMES
    frame, me = rng.choice(frames)
    local = {**(family.slots or {}), "me": [me]}
    story = _grammar().pick(family.story, rng, local)
    return _grammar().expand(frame, rng, {**local, "story": lambda _rng: story})


def _quote(rng: random.Random, exclude: Collection[str]) -> Sample:
    """A warning quoting a message of a fraud family."""
    sources = [f for f in FAMILIES if f.label != NONE and f.sms and f.name not in exclude]
    source = rng.choice(sources)
    quoted = _message(source, rng).rstrip("。！!")
    text = _grammar().expand(rng.choice(_QUOTE_FRAMES), rng, {**_QUOTE_SLOTS, "q": lambda _rng: quoted})
    return Sample(text, NONE, QUOTES.name, "message")


def render(family: Family, rng: random.Random, exclude: Collection[str] = ()) -> Sample:
    """One text of the family, in a form picked at random."""
    if family is QUOTES:
        return _quote(rng, exclude)
    forms, weights = _forms(family)
    form = rng.choices(forms, weights)[0]
    text = {"message": _message, "dialogue": _dialogue, "narrative": _narrative}[form](family, rng)
    text = text.replace("，，", "，").replace("。。", "。").replace("，。", "。").strip("，")
    return Sample(text, family.label, family.name, form)


def _to_traditional(text: str, rng: random.Random) -> str:
    return str(_s2t().convert(text))


def _space_out(text: str, rng: random.Random) -> str:
    sep = rng.choice(_SEPARATORS)
    if rng.random() < 0.3:
        return sep.join(text)
    start = rng.randrange(max(1, len(text) - 4))
    end = min(len(text), start + rng.randint(3, 8))
    return text[:start] + sep.join(text[start:end]) + text[end:]


def _full_width(text: str, rng: random.Random) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _lookalike(text: str, rng: random.Random) -> str:
    for word, options in _LOOKALIKE_NOISE.items():
        if word in text and rng.random() < 0.7:
            text = text.replace(word, rng.choice(options), 1)
    return text


def _mask_digits(text: str, rng: random.Random) -> str:
    mark = rng.choice(["x", "X", "*", "×"])
    return re.sub(r"\d{2,}", lambda m: mark * len(m.group(0)), text)


def _emojis(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        pos = rng.randint(0, len(text))
        text = text[:pos] + rng.choice(EMOJIS) + text[pos:]
    return text


def _typos(text: str, rng: random.Random) -> str:
    for word, options in _TYPOS.items():
        if word in text and rng.random() < 0.25:
            text = text.replace(word, rng.choice(options), 1)
    return text


def _anonymise(text: str, rng: random.Random) -> str:
    """Names, places, links and numbers replaced by capitalised tokens, as released corpora write them."""
    style = rng.choice(_TOKEN_STYLES)
    text = _ANON_URL_RE.sub(style.format("URL"), text)
    text = _ANON_NUM_RE.sub(lambda m: style.format("PHONE" if len(m.group(0)) == 11 and rng.random() < 0.5
                                                   else "NUM"), text)
    text = _NAME_RE.sub(style.format("NAME"), text)
    return _PLACE_RE.sub(style.format(rng.choice(("LOC", "LOC", "PLACE", "ADDR"))), text)


def _truncate(text: str, rng: random.Random) -> str:
    if len(text) < 40:
        return text
    size = rng.randint(20, len(text) * 2 // 3)
    start = rng.randrange(len(text) - size + 1)
    return text[start:start + size]


def _wrap(text: str, rng: random.Random) -> str:
    before = rng.choice(["", "", "收到一条短信：", "转发：", "在吗？", "你看看这个：", "【转】", "刚收到的：", "这是真的吗？"])
    after = rng.choice(["", "", "。", "？", "！！", "…", " 这是真的吗", "，谁知道怎么回事"])
    return before + text + after


def _strip_punctuation(text: str, rng: random.Random) -> str:
    return re.sub(r"[，。！？、；：,.!?;:]", rng.choice(["", " "]), text)


def _drop_clause(text: str, rng: random.Random) -> str:
    parts = re.split(r"(?<=[，。；！？])", text)
    if len(parts) < 3:
        return text
    del parts[rng.randrange(len(parts))]
    return "".join(parts)


_NOISE = ((_drop_clause, 0.1), (_anonymise, 0.15), (_lookalike, 0.06), (_mask_digits, 0.1), (_typos, 0.08),
          (_emojis, 0.08), (_wrap, 0.08), (_strip_punctuation, 0.05), (_truncate, 0.06), (_full_width, 0.04),
          (_space_out, 0.04), (_to_traditional, 0.1))


def add_noise(text: str, rng: random.Random) -> str:
    """Pass a text through the writing variations seen in real messages, each with a small chance."""
    for fn, chance in _NOISE:
        if rng.random() < chance:
            text = fn(text, rng)
    return text


def _mix(sample: Sample, rng: random.Random, ordinary: Sequence[Family]) -> Sample:
    """A fraud text with an ordinary sentence before or after it: ordinary talk does not cancel a script."""
    other = render(rng.choice(ordinary), rng).text
    if rng.random() < 0.5:
        text = other + rng.choice(["\n", " ", "。"]) + sample.text
    else:
        text = sample.text + "\n" + other
    return Sample(text, sample.label, sample.family, sample.form)


def generate(seed: int = 7, sizes: Mapping[str, int] | None = None,
             exclude: Collection[str] = (), only: Collection[str] | None = None) -> list[Sample]:
    """A labelled corpus: `sizes` texts per label, drawn from families not in `exclude` (or in `only`)."""
    out: list[Sample] = []
    for label, size in (sizes or DEFAULT_SIZES).items():
        pool = [f for f in families_of(label) if f.name not in exclude and (only is None or f.name in only)]
        if not pool or size <= 0:
            continue
        rng = random.Random(f"{seed}/{label}")
        weights = [f.weight for f in pool]
        for _ in range(size):
            sample = render(rng.choices(pool, weights)[0], rng, exclude)
            if label != NONE and rng.random() < 0.06:
                sample = _mix(sample, rng, _MIXERS)
            out.append(Sample(add_noise(sample.text, rng), sample.label, sample.family, sample.form))
    return out


def holdout_split(seed: int = 7, sizes: Mapping[str, int] | None = None,
                  holdout: Collection[str] = HOLDOUT) -> tuple[list[Sample], list[Sample]]:
    """(training texts from the other families, test texts from the held-out families)."""
    sizes = dict(sizes or DEFAULT_SIZES)
    train = generate(seed, sizes, exclude=holdout)
    test_sizes = {label: max(1, n // 4) for label, n in sizes.items()}
    test = generate(seed + 1, test_sizes, only=holdout)
    return train, test


def texts_and_labels(samples: Sequence[Sample]) -> tuple[list[str], list[str]]:
    """Split samples into parallel lists of texts and labels."""
    return [s.text for s in samples], [s.label for s in samples]
