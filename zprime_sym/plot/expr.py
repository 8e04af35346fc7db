"""A tiny, safe arithmetic-expression language for user-supplied ties between couplings.

Used by ``zprime plot --tie "CA_e = -1e-8/CV_e"``. User text is never passed to ``eval``: it is
split into tokens by one regular expression and parsed by a recursive-descent parser whose grammar
is the whitelist::

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := ("+" | "-") unary | power
    power  := atom (("**" | "^") unary)?          (right-associative, binds tighter than unary minus
                                                  on its left: -x**2 = -(x**2))
    atom   := NUMBER | NAME | FUNC "(" expr ")" | "(" expr ")"
    FUNC   := sqrt | abs

NUMBER is a decimal literal (``1e-8``, ``.5``, ``3``); NAME is an identifier that the caller
allows (coupling or parameter names). Anything else (attribute access, calls of other names,
brackets, strings, ``__import__``) is rejected with an InputError naming the offending text.
The parsed expression is a tree of closures evaluated on numpy arrays (vectorised).
"""
from __future__ import annotations

from typing import NoReturn
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from ..exceptions import InputError

_TOKEN = re.compile(
    r"\s*(?:(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|[-+*/^()]))")
_FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"sqrt": np.sqrt, "abs": np.abs}
_BINARY = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "**": np.power, "^": np.power}

Node = Callable[[Mapping[str, np.ndarray]], np.ndarray]


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos, text = [], 0, str(text)
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match:
            raise InputError(f"expression {text!r}: unexpected character {text[pos:].lstrip()[0]!r}")
        kind = match.lastgroup or ""  # every alternative of _TOKEN is a named group
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str, allowed: frozenset[str]):
        self.text, self.allowed = text, allowed
        self.tokens = _tokenize(text)
        self.i = 0
        self.names: set[str] = set()

    def fail(self, problem: str) -> NoReturn:
        raise InputError(f"expression {self.text!r}: {problem}")

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            self.fail("ends too early")
        if value is not None and tok[1] != value:
            self.fail(f"expected {value!r}, found {tok[1]!r}")
        self.i += 1
        return tok

    def parse(self) -> Node:
        if not self.tokens:
            self.fail("is empty")
        node = self.expr()
        if (tok := self.peek()) is not None:
            self.fail(f"unexpected {tok[1]!r}")
        return node

    def _binary_chain(self, sub: Callable[[], Node], ops: tuple[str, ...]) -> Node:
        node = sub()
        while (tok := self.peek()) is not None and tok[0] == "op" and tok[1] in ops:
            self.take()
            node = _apply(_BINARY[tok[1]], node, sub())
        return node

    def expr(self) -> Node:
        return self._binary_chain(self.term, ("+", "-"))

    def term(self) -> Node:
        return self._binary_chain(self.unary, ("*", "/"))

    def unary(self) -> Node:
        tok = self.peek()
        if tok is not None and tok[1] in ("+", "-"):
            self.take()
            inner = self.unary()
            return inner if tok[1] == "+" else (lambda v: np.negative(inner(v)))
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        tok = self.peek()
        if tok is not None and tok[1] in ("**", "^"):
            self.take()
            return _apply(np.power, base, self.unary())
        return base

    def atom(self) -> Node:
        kind, value = self.take()
        if kind == "num":
            number = float(value)
            return lambda v: np.asarray(number)
        if kind == "name":
            if value in _FUNCTIONS:
                self.take("(")
                inner = self.expr()
                self.take(")")
                fn = _FUNCTIONS[value]
                return lambda v: fn(inner(v))
            if value not in self.allowed:
                self.fail(f"unknown name {value!r}; allowed: {', '.join(sorted(self.allowed))} "
                          f"and the functions {', '.join(_FUNCTIONS)}")
            self.names.add(value)
            return lambda v: np.asarray(v[value], dtype=float)
        if value == "(":
            inner = self.expr()
            self.take(")")
            return inner
        self.fail(f"unexpected {value!r}")


def _apply(op, left: Node, right: Node) -> Node:
    return lambda v: op(left(v), right(v))


@dataclass(frozen=True)
class Expression:
    """A parsed arithmetic expression: ``names`` it reads, ``evaluate(values)`` on numpy arrays."""

    text: str
    names: frozenset[str]
    _node: Node

    def evaluate(self, values: Mapping[str, np.ndarray]) -> np.ndarray:
        """Value on arrays (broadcast); division by zero gives inf/nan (the caller masks it)."""
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return np.asarray(self._node(values), dtype=float)


def parse_expression(text: str, allowed: Iterable[str]) -> Expression:
    """Parse ``text`` with the whitelist grammar of the module docstring; InputError if invalid."""
    parser = _Parser(str(text), frozenset(allowed))
    node = parser.parse()
    return Expression(str(text).strip(), frozenset(parser.names), node)
