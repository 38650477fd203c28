"""A tiny template grammar for generating varied Chinese text.

Syntax: ``{name}`` expands a slot, ``{a|b|c}`` picks one alternative, ``[text]`` appears half of the
time; all three nest. A slot is a list of templates (one is picked and expanded) or a function of
the random generator returning plain text (names, amounts, URLs).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

SlotFn = Callable[[random.Random], str]
Slot = Sequence[str] | SlotFn
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


@dataclass(frozen=True)
class _Ref:
    name: str


@dataclass(frozen=True)
class _Choice:
    options: tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class _Optional:
    body: tuple[object, ...]


Node = str | _Ref | _Choice | _Optional


class _Parser:
    """Recursive descent over one template string."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def parse(self) -> tuple[Node, ...]:
        seq = self._sequence(stop="")
        if self.pos != len(self.text):
            raise ValueError(f"unbalanced template: {self.text!r}")
        return seq

    def _sequence(self, stop: str) -> tuple[Node, ...]:
        out: list[Node] = []
        buf: list[str] = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch in stop:
                break
            self.pos += 1
            if ch in "{[":
                if buf:
                    out.append("".join(buf))
                    buf = []
                out.append(self._group() if ch == "{" else self._optional())
            elif ch in "}]|":
                raise ValueError(f"unexpected {ch!r} in template: {self.text!r}")
            else:
                buf.append(ch)
        if buf:
            out.append("".join(buf))
        return tuple(out)

    def _group(self) -> Node:
        options = [self._sequence(stop="|}")]
        while self._take("|"):
            options.append(self._sequence(stop="|}"))
        if not self._take("}"):
            raise ValueError(f"missing '}}' in template: {self.text!r}")
        only = options[0]
        if len(options) == 1 and len(only) == 1 and isinstance(only[0], str) and _NAME.fullmatch(only[0]):
            return _Ref(only[0])
        return _Choice(tuple(options))

    def _optional(self) -> Node:
        body = self._sequence(stop="]")
        if not self._take("]"):
            raise ValueError(f"missing ']' in template: {self.text!r}")
        return _Optional(body)

    def _take(self, ch: str) -> bool:
        if self.pos < len(self.text) and self.text[self.pos] == ch:
            self.pos += 1
            return True
        return False


class Grammar:
    """Global slots plus a cache of parsed templates."""

    def __init__(self, slots: Mapping[str, Slot]) -> None:
        self.slots = dict(slots)
        self._parsed: dict[str, tuple[Node, ...]] = {}

    def expand(self, template: str, rng: random.Random, local: Mapping[str, Slot] | None = None) -> str:
        """Fill one template; `local` slots take precedence over the global ones."""
        out: list[str] = []
        self._emit(self._parse(template), rng, local or {}, out, 0)
        return "".join(out)

    def pick(self, templates: Sequence[str], rng: random.Random,
             local: Mapping[str, Slot] | None = None) -> str:
        """Expand one template chosen at random."""
        return self.expand(rng.choice(templates), rng, local)

    def _parse(self, template: str) -> tuple[Node, ...]:
        nodes = self._parsed.get(template)
        if nodes is None:
            nodes = self._parsed[template] = _Parser(template).parse()
        return nodes

    def _emit(self, nodes: Sequence[object], rng: random.Random, local: Mapping[str, Slot],
              out: list[str], depth: int) -> None:
        if depth > 40:
            raise RecursionError("template expansion too deep")
        for node in nodes:
            if isinstance(node, str):
                out.append(node)
            elif isinstance(node, _Ref):
                self._emit_slot(node.name, rng, local, out, depth)
            elif isinstance(node, _Choice):
                self._emit(rng.choice(node.options), rng, local, out, depth + 1)
            elif isinstance(node, _Optional) and rng.random() < 0.5:
                self._emit(node.body, rng, local, out, depth + 1)

    def _emit_slot(self, name: str, rng: random.Random, local: Mapping[str, Slot],
                   out: list[str], depth: int) -> None:
        slot = local.get(name, self.slots.get(name))
        if slot is None:
            raise KeyError(f"unknown slot {{{name}}}")
        if callable(slot):
            out.append(slot(rng))
        else:
            self._emit(self._parse(rng.choice(slot)), rng, local, out, depth + 1)


@dataclass(frozen=True)
class Family:
    """One scenario of the synthetic corpus (a script family), in the forms it can take.

    `sms` are standalone messages; `turns` are the stages of a call or chat, one line picked per
    stage, spoken by `roles`, answered with `replies`; `story` is what happened, told by the victim
    or written down at intake (``{me}`` is the person it happened to).
    """

    name: str
    label: str
    sms: tuple[str, ...] = ()
    turns: tuple[tuple[str, ...], ...] = ()
    replies: tuple[str, ...] = ()
    story: tuple[str, ...] = ()
    roles: tuple[str, ...] = ("对方",)
    slots: Mapping[str, Slot] | None = None
    weight: float = 1.0
