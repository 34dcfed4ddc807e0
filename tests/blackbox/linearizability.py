"""A linearizability checker: Wing & Gong's search with Lowe's memoisation (the algorithm Knossos and Porcupine use).

A history is a list of `Operation`s, each with the client's monotonic call and return times. An operation whose
outcome is unknown (a timeout, a connection reset) has `ret = math.inf`: it may take effect at any point after its
call, or never (which is the same as taking effect after everything else). Operations that definitely had no effect
(a 4xx refusal) are left out by the caller.

The search keeps the history as a doubly linked list of call and return events in time order. It repeatedly picks an
operation whose call is among the earliest pending events, lets the model step it, and lifts its call and return out
of the list; meeting a return event means that operation was not linearized before it returned, so it backtracks.
Lowe's memoisation caches each (set of linearized operations, model state) reached, so no configuration is explored
twice; the set is a Python int used as a bitset.

P-compositionality: linearizability is local, so `check` splits the history by `Operation.key` (a resource) and
checks each part on its own.

    ok, info = check(history, ImageModel())
"""
from __future__ import annotations

import dataclasses
import math
import time
from collections import defaultdict
from typing import Any, Callable, Hashable, Iterable


@dataclasses.dataclass
class Operation:
    client: Any
    call: float
    ret: float  # math.inf: outcome unknown
    kind: str
    input: Any = None
    output: Any = None
    key: Hashable = None  # the resource; check() checks each key separately

    @property
    def unknown(self) -> bool:
        return self.ret == math.inf

    def describe(self) -> str:
        ret = "?" if self.unknown else f"{self.ret:.6f}"
        key = f" key={self.key!r}" if self.key is not None else ""
        out = " outcome unknown" if self.unknown else f" -> {self.output!r}"
        return f"[{self.call:.6f}, {ret}] client {self.client}{key} {self.kind}({self.input!r}){out}"


class Model:
    """A sequential specification. States must be hashable (they go into the memoisation cache)."""

    def init(self) -> Hashable:
        raise NotImplementedError

    def step(self, state: Hashable, op: Operation) -> tuple[bool, Hashable]:
        """(whether `op` with its recorded output is legal in `state`, the state after it)."""
        raise NotImplementedError

    def describe_state(self, state: Hashable) -> str:
        return repr(state)


class RegisterModel(Model):
    """A single read/write register: write(input) sets it, read() must return it. Used by the unit tests."""

    def __init__(self, initial=None):
        self.initial = initial

    def init(self):
        return self.initial

    def step(self, state, op):
        if op.kind == "write":
            return True, op.input
        if op.kind == "read":
            return op.unknown or op.output == state, state
        raise ValueError(f"unknown operation kind {op.kind!r}")


class ImageModel(Model):
    """One image definition's four mutable properties.

    State: a tuple of (field, value) pairs in FIELDS order (`dict(state)` gives the dict; a missing field is None).
    - "put": input = dict of fields (the full properties body); sets all four, a field absent from the PUT becomes None.
    - "patch": input = (field, value); sets exactly that field.
    - "get": output = dict of the four fields; must equal the state exactly.
    A "put" or "patch" may carry an output (the four fields in its response body): then the state right after it must
    equal that output. An operation with unknown outcome never has its output checked.
    """

    FIELDS = ("description", "releaseNoteUri", "recommended.vCPUs.max", "recommended.memory.max")

    def __init__(self, initial: dict | None = None):
        self.initial = self.freeze(initial or {})

    @classmethod
    def freeze(cls, fields: dict) -> tuple:
        unknown = set(fields) - set(cls.FIELDS)
        if unknown:
            raise ValueError(f"not a mutable image field: {sorted(unknown)}")
        return tuple((f, fields.get(f)) for f in cls.FIELDS)

    def init(self):
        return self.initial

    def step(self, state, op):
        if op.kind == "put":
            new = self.freeze(op.input)
        elif op.kind == "patch":
            field, value = op.input
            if field not in self.FIELDS:
                raise ValueError(f"not a mutable image field: {field!r}")
            new = tuple((f, value if f == field else v) for f, v in state)
        elif op.kind == "get":
            if op.unknown:
                return True, state
            return self.freeze(op.output) == state, state
        else:
            raise ValueError(f"unknown operation kind {op.kind!r}")
        if op.output is not None and not op.unknown and self.freeze(op.output) != new:
            return False, state
        return True, new

    def describe_state(self, state):
        return repr(dict(state))


@dataclasses.dataclass
class Result:
    ok: bool | None  # None: the search ran out of time
    key: Hashable
    operations: int
    explored: int
    seconds: float
    explanation: str = ""


class _Entry:
    __slots__ = ("op", "id", "is_call", "match", "prev", "next", "time")

    def __init__(self, op, id_, is_call, time_):
        self.op, self.id, self.is_call, self.time = op, id_, is_call, time_
        self.match = self.prev = self.next = None


def _build_list(ops: list[Operation]) -> _Entry:
    events = []
    for i, op in enumerate(ops):
        if not (op.call <= op.ret):
            raise ValueError(f"operation returns before its call: {op.describe()}")
        call, ret = _Entry(op, i, True, op.call), _Entry(op, i, False, op.ret)
        call.match, ret.match = ret, call
        events.append(call)
        events.append(ret)
    # At equal times calls come first: operations touching at one instant count as concurrent (the lenient reading,
    # as Porcupine does); unknown returns (inf) come last.
    events.sort(key=lambda e: (e.time, 0 if e.is_call else 1, e.id))
    head = _Entry(None, -1, False, -math.inf)
    prev = head
    for e in events:
        prev.next, e.prev = e, prev
        prev = e
    return head


def _lift(entry: _Entry) -> None:
    entry.prev.next = entry.next
    if entry.next is not None:
        entry.next.prev = entry.prev
    match = entry.match
    match.prev.next = match.next
    if match.next is not None:
        match.next.prev = match.prev


def _unlift(entry: _Entry) -> None:
    match = entry.match
    match.prev.next = match
    if match.next is not None:
        match.next.prev = match
    entry.prev.next = entry
    if entry.next is not None:
        entry.next.prev = entry


def check_operations(ops: list[Operation], model: Model, key: Hashable = None, timeout: float | None = None) -> Result:
    """Checks one partition (all operations on one resource)."""
    started = time.monotonic()
    ops = list(ops)
    head = _build_list(ops)
    known_left = sum(1 for op in ops if not op.unknown)
    state = model.init()
    linearized = 0
    cache: set = {(0, state)}
    calls: list[tuple[_Entry, Any]] = []  # the linearization so far: (call entry, state before it)
    explored = 0
    best_depth, best = -1, None
    entry = head.next
    while True:
        if known_left == 0:
            # Only unknown-outcome writes remain: they can all be taken as never having happened.
            return Result(True, key, len(ops), explored, time.monotonic() - started)
        if entry is None:  # cannot happen while a known operation's return is still in the list
            raise AssertionError("internal: ran off the event list")
        if entry.is_call:
            explored += 1
            if timeout is not None and explored % 4096 == 0 and time.monotonic() - started > timeout:
                return Result(None, key, len(ops), explored, time.monotonic() - started,
                              f"key {key!r}: the search gave up after {timeout} s ({explored} steps); "
                              f"the longest linearized prefix had {best_depth} of {len(ops)} operations")
            ok, new_state = model.step(state, entry.op)
            if ok:
                new_linearized = linearized | (1 << entry.id)
                signature = (new_linearized, new_state)
                if signature not in cache:
                    cache.add(signature)
                    calls.append((entry, state))
                    state, linearized = new_state, new_linearized
                    if not entry.op.unknown:
                        known_left -= 1
                    _lift(entry)
                    entry = head.next
                    continue
            entry = entry.next
        else:
            # A return event: its operation was not linearized before it returned. Backtrack.
            if len(calls) > best_depth:
                best_depth = len(calls)
                best = ([e.op for e, _ in calls], state, entry.op, _candidates(head, entry))
            if not calls:
                return Result(False, key, len(ops), explored, time.monotonic() - started,
                              _explain(key, ops, model, best))
            entry, state = calls.pop()
            linearized &= ~(1 << entry.id)
            if not entry.op.unknown:
                known_left += 1
            _unlift(entry)
            entry = entry.next


def _candidates(head: _Entry, stop: _Entry) -> list[Operation]:
    """The operations whose calls precede `stop` in the remaining list: those that could have gone next."""
    out, e = [], head.next
    while e is not None and e is not stop:
        if e.is_call:
            out.append(e.op)
        e = e.next
    return out


def _explain(key, ops, model: Model, best) -> str:
    prefix, state, blocked, candidates = best
    lines = [f"key {key!r}: not linearizable ({len(ops)} operations).",
             f"The longest linearizable prefix has {len(prefix)} operations; after it the state is "
             f"{model.describe_state(state)}.",
             f"Then this operation cannot be linearized before it returned:",
             f"  {blocked.describe()}",
             "Operations that could have come next (each is refused by the model or leads to a dead end):"]
    for op in candidates[:20]:
        ok, _ = model.step(state, op)
        lines.append(f"  {'  ' if ok else '! '}{op.describe()}")
    if len(candidates) > 20:
        lines.append(f"  … and {len(candidates) - 20} more")
    tail = prefix[-8:]
    lines.append(f"The last {len(tail)} operations of that prefix:")
    lines.extend(f"  {op.describe()}" for op in tail)
    return "\n".join(lines)


def check(history: Iterable[Operation], model: Model | Callable[[], Model], timeout: float | None = 60.0,
          results: list | None = None) -> tuple[bool, str]:
    """Checks each key's operations separately. Returns (ok, info): info explains a failure (for each failing key,
    the longest linearizable prefix and the operation that cannot follow it) or summarises a success. `model` may be
    a Model or a factory giving one per key. `results`, if given, receives one Result per key.
    A search that exceeds `timeout` seconds for a key counts as a failure (an inconclusive check must not pass)."""
    parts: dict[Hashable, list[Operation]] = defaultdict(list)
    for op in history:
        parts[op.key].append(op)
    failures, summary = [], []
    for key in sorted(parts, key=repr):
        m = model() if callable(model) and not isinstance(model, Model) else model
        result = check_operations(parts[key], m, key=key, timeout=timeout)
        if results is not None:
            results.append(result)
        summary.append(f"{key!r}: {result.operations} ops, {result.explored} steps, {result.seconds:.3f} s")
        if result.ok is not True:
            failures.append(result.explanation)
    if failures:
        return False, "\n\n".join(failures)
    return True, "linearizable; " + "; ".join(summary)
