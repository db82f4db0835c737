"""`record`: `dataclasses.dataclass` for contractgen's own data classes, without its start-up cost.

On Python 3.11 `dataclass` compiles every method it adds with its own `exec` as the class is
created (`__init__`, `__repr__`, `__eq__`, `__hash__`, and a frozen class's `__setattr__` and
`__delattr__`): for the ~160 classes contractgen imports that was ~100 ms of every run, more
than the whole scan of a small module. `record` gives the class the fields `dataclass` would
(`dataclasses.Field` objects, so `dataclasses.fields`, `replace`, `asdict` and `is_dataclass` work
as before: collected by `_collect_fields`, or by `dataclass` itself for a class that is not as
contractgen writes them), then adds the methods itself: `__eq__`, `__hash__`, the ordering
methods and a frozen class's guards as closures over `operator.attrgetter` (no compiling; as fast
as the generated code), and `__init__` and `__repr__` compiled on their first call, so a class that
a run never builds or prints costs nothing.

The methods behave as `dataclass`'s do: the same parameters and defaults in field order (inherited
fields first), `default_factory` called per instance, `__post_init__`, `FrozenInstanceError`, the
same repr text and the same hash values (`hash` of the tuple of compared fields), methods a class
defines itself kept. What `record` does not support (`kw_only`, `InitVar`, `init=False` fields),
it refuses when the class is created."""

from __future__ import annotations

import dataclasses
import operator
import reprlib
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

from contractgen.codecache import compiled

T = TypeVar("T", bound=type)


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: T | None = None, /, *, frozen: bool = False, order: bool = False) -> Any:
    """`@record`, `@record(frozen=True)`, `@record(frozen=True, order=True)`: see the module's doc."""

    def wrap(c: T) -> T:
        return _make_record(c, frozen=frozen, order=order)

    return wrap if cls is None else wrap(cls)


def _make_record(cls: T, *, frozen: bool, order: bool) -> T:
    own = dict(cls.__dict__)
    if not own.get("__doc__"):
        # dataclass would otherwise compute a doc from inspect.signature, which is slow and,
        # before `__init__` exists, wrong
        cls.__doc__ = cls.__name__
    if not _collect_fields(cls):
        dataclasses.dataclass(cls, init=False, repr=False, eq=False)  # the fields, in place
    fields = dataclasses.fields(cls)
    if len(fields) != len(cls.__dataclass_fields__):  # type: ignore[attr-defined]
        raise TypeError(f"record {cls.__qualname__}: InitVar and ClassVar fields are not supported")
    for f in fields:
        if f.kw_only or not f.init:
            raise TypeError(f"record {cls.__qualname__}.{f.name}: kw_only and init=False fields are not supported")
    names = tuple(f.name for f in fields)
    key = _key([f.name for f in fields if f.compare])

    def add(name: str, method: Callable) -> None:
        if name in own:
            if frozen and name in ("__setattr__", "__delattr__"):
                raise TypeError(f"record {cls.__qualname__} is frozen: it cannot define {name}")
            return
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)

    add("__init__", _compiled_on_first_call(cls, "__init__", lambda: _init_source(fields, frozen, hasattr(cls, "__post_init__")), fields))
    add("__repr__", _compiled_on_first_call(cls, "__repr__", lambda: _repr_source(fields), fields))
    add("__eq__", _comparison(operator.eq, key))
    if order:
        for name, op in (("__lt__", operator.lt), ("__le__", operator.le), ("__gt__", operator.gt), ("__ge__", operator.ge)):
            add(name, _comparison(op, key))
    # Not through add(): a class that defines __eq__ has `__hash__ = None` in its own dict, which is
    # no explicit hash (dataclass's rule) and is replaced.
    explicit_hash = own.get("__hash__") is not None or ("__hash__" in own and "__eq__" not in own)
    if frozen and not explicit_hash:

        def __hash__(self: Any) -> int:
            return hash(key(self))

        __hash__.__qualname__ = f"{cls.__qualname__}.__hash__"
        setattr(cls, "__hash__", __hash__)
    elif not frozen and not explicit_hash:
        cls.__hash__ = None  # type: ignore[assignment]  # as dataclass: mutable and compared by value, so unhashable
    if frozen:
        _add_frozen_guards(cls, names, add)
    return cls


# What `dataclass(init=False, repr=False, eq=False)` records of a class: one object serves them all.
_PARAMS = getattr(dataclasses.dataclass(init=False, repr=False, eq=False)(type("_Params", (), {"__doc__": "-"})), "__dataclass_params__")
# An annotation naming one of these is a pseudo-field, which dataclass itself must sort out.
_PSEUDO_FIELDS = ("ClassVar", "InitVar", "KW_ONLY")


def _collect_fields(cls: Any) -> bool:
    """What `dataclass(cls, init=False, repr=False, eq=False)` does, for the classes contractgen
    declares (every annotation a string, as `from __future__ import annotations` leaves it, and none
    a pseudo-field): the base records' fields then the class's own, each a `dataclasses.Field` as
    dataclass makes it, its default put back on the class. dataclass takes ~30 us per class for it,
    most of it matching each annotation's text three times against ClassVar, InitVar and KW_ONLY;
    this takes an eighth of that. False, having changed nothing, for any other class: dataclass does it."""
    own = cls.__dict__
    annotations = own.get("__annotations__", {})
    if any(not isinstance(a, str) or any(p in a for p in _PSEUDO_FIELDS) for a in annotations.values()):
        return False
    fields: dict[str, dataclasses.Field] = {}
    for base in cls.__mro__[-1:0:-1]:
        fields.update(getattr(base, "__dataclass_fields__", {}))
    for name, value in own.items():
        if isinstance(value, dataclasses.Field) and name not in annotations:
            raise TypeError(f"{name!r} is a field but has no type annotation")
    for name, annotation in annotations.items():
        value = own.get(name, dataclasses.MISSING)
        declared = value if isinstance(value, dataclasses.Field) else dataclasses.field(default=value)
        if declared.default is not dataclasses.MISSING and declared.default.__class__.__hash__ is None:
            raise ValueError(f"mutable default {type(declared.default)} for field {name} is not allowed: use default_factory")
        declared.name, declared.type = name, annotation
        # private, but what fields() and replace() have tested since Python 3.7 (and
        # tests/test_records.py compares every attribute with dataclass's own fields)
        setattr(declared, "_field_type", getattr(dataclasses, "_FIELD"))
        if declared.kw_only is dataclasses.MISSING:
            declared.kw_only = False
        if declared is value:
            if declared.default is dataclasses.MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, declared.default)
        fields[name] = declared
    cls.__dataclass_params__ = _PARAMS
    cls.__dataclass_fields__ = fields
    if "__match_args__" not in own:
        cls.__match_args__ = tuple(name for name, f in fields.items() if f.init and not f.kw_only)  # type: ignore[misc]
    return True


def _key(names: list[str]) -> Callable[[Any], tuple]:
    """The tuple of the compared fields' values, as dataclass builds it for `__eq__` and `__hash__`."""
    if not names:
        return lambda self: ()
    if len(names) == 1:
        get = operator.attrgetter(names[0])
        return lambda self: (get(self),)
    return operator.attrgetter(*names)


def _comparison(op: Callable[[Any, Any], Any], key: Callable[[Any], tuple]) -> Callable:
    def compare(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return op(key(self), key(other))
        return NotImplemented

    return compare


def _add_frozen_guards(cls: Any, names: tuple[str, ...], add: Callable[[str, Callable], None]) -> None:
    fields = frozenset(names)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in fields:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in fields:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    add("__setattr__", __setattr__)
    add("__delattr__", __delattr__)


def _compiled_on_first_call(cls: type, name: str, source: Callable[[], str], fields: tuple[dataclasses.Field, ...]) -> Callable:
    """A stand-in that compiles the method from `source()`, puts it on the class in its own place and
    calls it: later calls go straight to the compiled method."""

    def first_call(self: Any, *args: Any, **kwargs: Any) -> Any:
        method = cls.__dict__[name]
        if method is first_call:
            method = _compile(name, source(), fields)
            method.__qualname__ = f"{cls.__qualname__}.{name}"
            if name == "__repr__":
                method = reprlib.recursive_repr()(method)
            setattr(cls, name, method)
        return method(self, *args, **kwargs)

    return first_call


def _compile(name: str, source: str, fields: tuple[dataclasses.Field, ...]) -> Callable:
    scope: dict[str, Any] = {
        "__no_value": _FACTORY,
        **{f"__default_{f.name}": f.default for f in fields if f.default is not dataclasses.MISSING},
        **{f"__factory_{f.name}": f.default_factory for f in fields if f.default_factory is not dataclasses.MISSING},
    }
    exec(compiled(source, f"<record {name}>"), scope)
    return scope[name]


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()  # the default of a field with a default_factory, replaced by a fresh value per instance


def _init_source(fields: tuple[dataclasses.Field, ...], frozen: bool, post_init: bool) -> str:
    params, body = ["self"], []
    for f in fields:
        value = f.name
        if f.default is not dataclasses.MISSING:
            params.append(f"{f.name}=__default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            params.append(f"{f.name}=__no_value")
            value = f"__factory_{f.name}() if {f.name} is __no_value else {f.name}"
        else:
            params.append(f.name)
        # a frozen record's own __setattr__ refuses; its __dict__ is written directly (a third
        # faster than object.__setattr__ per field, and the IR build creates many records)
        body.append(f"__fields[{f.name!r}] = {value}" if frozen else f"self.{f.name} = {value}")
    if frozen and body:
        body.insert(0, "__fields = self.__dict__")
    if post_init:
        body.append("self.__post_init__()")
    return f"def __init__({', '.join(params)}):\n" + "".join(f"    {line}\n" for line in body or ["pass"])


def _repr_source(fields: tuple[dataclasses.Field, ...]) -> str:
    shown = ", ".join(f"{f.name}={{self.{f.name}!r}}" for f in fields if f.repr)
    return f'def __repr__(self):\n    return f"{{self.__class__.__qualname__}}({shown})"\n'
