"""Unit tests of the linearizability checker (linearizability.py) with hand-made and generated histories."""
import math
import random
import time

from linearizability import ImageModel, Operation, RegisterModel, check, check_operations

F = ImageModel.FIELDS
DESC, NOTES, CPU, MEM = F


def full(desc=None, notes=None, cpu=None, mem=None):
    return {DESC: desc, NOTES: notes, CPU: cpu, MEM: mem}


def op(client, call, ret, kind, input=None, output=None, key="img"):
    return Operation(client, call, ret, kind, input, output, key)


# --- a plain register ------------------------------------------------------------------------------------------------

def test_sequential_register_history_is_linearizable():
    history = [op(0, 0, 1, "write", 1), op(0, 2, 3, "read", output=1), op(1, 4, 5, "write", 2), op(1, 6, 7, "read", output=2)]
    ok, info = check(history, RegisterModel())
    assert ok, info


def test_concurrent_register_writes_linearize_in_some_order():
    # Two overlapping writes; reads after both see the one that went second; one read overlaps and sees the first.
    history = [op(0, 0, 10, "write", "a"), op(1, 1, 9, "write", "b"),
               op(2, 2, 3, "read", output="b"),  # b first, read, then a
               op(2, 11, 12, "read", output="a")]
    ok, info = check(history, RegisterModel())
    assert ok, info


def test_stale_read_after_completed_write_is_refused():
    history = [op(0, 0, 1, "write", 1), op(0, 2, 3, "write", 2), op(1, 4, 5, "read", output=1)]
    ok, info = check(history, RegisterModel())
    assert not ok
    assert "read" in info and "not linearizable" in info
    print(info)


def test_keys_are_checked_separately():
    history = [op(0, 0, 1, "write", 1, key="x"), op(1, 0, 1, "write", 2, key="y"),
               op(0, 2, 3, "read", output=1, key="x"), op(1, 2, 3, "read", output=2, key="y")]
    ok, info = check(history, RegisterModel())
    assert ok, info
    bad = history + [op(2, 4, 5, "read", output=1, key="y")]
    ok, info = check(bad, RegisterModel())
    assert not ok and "key 'y'" in info and "key 'x'" not in info


# --- the image model -------------------------------------------------------------------------------------------------

def test_image_sequential_put_patch_get():
    history = [op(0, 0, 1, "put", full("d1", "n1", 1, 2)),
               op(0, 2, 3, "patch", (DESC, "d2")),
               op(0, 4, 5, "get", output=full("d2", "n1", 1, 2)),
               op(0, 6, 7, "put", {DESC: "d3"}),  # fields absent from a PUT become None
               op(0, 8, 9, "get", output=full("d3"))]
    ok, info = check(history, ImageModel())
    assert ok, info


def test_image_put_clears_absent_fields():
    history = [op(0, 0, 1, "put", full("d1", "n1", 1, 2)),
               op(0, 2, 3, "put", {DESC: "d3"}),
               op(0, 4, 5, "get", output=full("d3", "n1", 1, 2))]
    ok, _ = check(history, ImageModel())
    assert not ok


def test_image_concurrent_patches_ok_in_some_order():
    history = [op(0, 0, 1, "put", full("d0", "n0", 1, 1)),
               op(1, 2, 6, "patch", (DESC, "d1")),
               op(2, 2, 6, "patch", (DESC, "d2")),
               op(3, 3, 4, "get", output=full("d2", "n0", 1, 1)),  # d2 landed first …
               op(3, 7, 8, "get", output=full("d1", "n0", 1, 1))]  # … then d1
    ok, info = check(history, ImageModel())
    assert ok, info


def test_image_lost_update_is_refused():
    # Two PATCHes of different fields both complete; a later GET misses one of them.
    history = [op(0, 0, 1, "put", full("d0", "n0", 1, 1)),
               op(1, 2, 5, "patch", (DESC, "d1")),
               op(2, 2, 5, "patch", (CPU, 8)),
               op(3, 6, 7, "get", output=full("d1", "n0", 1, 1))]
    ok, info = check(history, ImageModel())
    assert not ok
    print(info)
    assert "get" in info and "8" in info


def test_image_patch_response_is_checked_when_given():
    history = [op(0, 0, 1, "put", full("d0", "n0", 1, 1)),
               op(1, 2, 5, "patch", (DESC, "d1"), output=full("d1", "n0", 1, 1)),
               op(2, 2, 5, "patch", (CPU, 8), output=full("d0", "n0", 8, 1))]  # neither response saw the other
    ok, info = check(history, ImageModel())
    assert not ok, "one of the two PATCHes must have seen the other's change"
    history[2].output = full("d1", "n0", 8, 1)
    ok, info = check(history, ImageModel())
    assert ok, info


def test_unknown_outcome_write_may_or_may_not_apply():
    base = [op(0, 0, 1, "put", full("d0", "n0", 1, 1)),
            op(1, 2, math.inf, "patch", (DESC, "lost?"))]
    applied = base + [op(2, 5, 6, "get", output=full("lost?", "n0", 1, 1))]
    not_applied = base + [op(2, 5, 6, "get", output=full("d0", "n0", 1, 1))]
    late = base + [op(2, 5, 6, "get", output=full("d0", "n0", 1, 1)), op(2, 7, 8, "get", output=full("lost?", "n0", 1, 1))]
    for history in (applied, not_applied, late):
        ok, info = check(history, ImageModel())
        assert ok, info
    # But once seen applied it cannot be un-applied, and it cannot be applied before its call.
    flip = base + [op(2, 5, 6, "get", output=full("lost?", "n0", 1, 1)), op(2, 7, 8, "get", output=full("d0", "n0", 1, 1))]
    assert not check(flip, ImageModel())[0]
    early = [op(0, 0, 1, "put", full("d0", "n0", 1, 1)), op(2, 1.5, 1.8, "get", output=full("x", "n0", 1, 1)),
             op(1, 2, math.inf, "patch", (DESC, "x"))]
    assert not check(early, ImageModel())[0]


# --- generated histories ---------------------------------------------------------------------------------------------

def simulate(seed, clients=8, ops_per_key=300, keys=("a", "b", "c"), unknown_rate=0.01):
    """A real linearizable store: each operation takes effect atomically at a random instant between its call and
    its return; a GET returns the state at that instant. Clients run concurrently with random delays."""
    rng = random.Random(seed)
    planned = []  # (linearization point, client, call, ret, kind, input, key)
    counter = 0
    for c in range(clients):
        t = rng.random() * 0.01
        for _ in range(ops_per_key * len(keys) // clients):
            call = t + rng.random() * 0.002
            point = call + rng.expovariate(1 / 0.004)
            ret = point + rng.expovariate(1 / 0.004)
            key = rng.choice(keys)
            kind = rng.choice(("put", "patch", "patch", "get", "get"))
            counter += 1
            if kind == "put":
                value = full(f"d{counter}", f"https://n/{counter}", counter, counter + 1)
            elif kind == "patch":
                field = rng.choice(F)
                value = (field, counter if field in (CPU, MEM) else f"v{counter}")
            else:
                value = None
            planned.append((point, c, call, ret, kind, value, key))
            t = ret
    states = {k: ImageModel().init() for k in keys}
    history = []
    model = ImageModel()
    for point, c, call, ret, kind, value, key in sorted(planned):
        o = Operation(c, call, ret, kind, value, None, key)
        if kind == "get":
            o.output = dict(states[key])
        else:
            _, states[key] = model.step(states[key], o)
        if kind != "get" and rng.random() < unknown_rate:
            o.ret = math.inf  # the client timed out; it did take effect
        history.append(o)
    rng.shuffle(history)
    return history


def test_big_random_linearizable_history_passes_quickly():
    history = simulate(1)
    started = time.monotonic()
    results = []
    ok, info = check(history, ImageModel(), results=results)
    elapsed = time.monotonic() - started
    print(f"{len(history)} operations, {info}; {elapsed:.2f} s")
    assert ok, info
    assert all(r.operations >= 250 for r in results)
    assert elapsed < 5


def test_several_random_linearizable_histories_pass():
    for seed in range(2, 7):
        ok, info = check(simulate(seed, ops_per_key=100), ImageModel())
        assert ok, f"seed {seed}: {info}"


def test_big_history_with_one_impossible_read_fails_quickly():
    """The search must exhaust every interleaving before it can say no: that has to be quick too."""
    history = simulate(7)
    gets = sorted((o for o in history if o.key == "a" and o.kind == "get"), key=lambda o: o.call)
    target = gets[len(gets) // 2]
    target.output = dict(target.output, **{DESC: "LOST"})  # a value nobody wrote
    started = time.monotonic()
    ok, info = check(history, ImageModel())
    elapsed = time.monotonic() - started
    print(f"{elapsed:.2f} s\n{info}")
    assert not ok
    assert "'LOST'" in info and "key 'a'" in info and "key 'b'" not in info
    assert elapsed < 10
