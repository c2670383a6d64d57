"""Frozen record classes: what lstm_ref's layer specs and results are built from.

``@frozen`` reads a class body the way ``@dataclass(frozen=True)`` does: each annotated name
is a field, in order (a base class's fields first), its value in the body is the default,
and ``ClassVar`` annotations are not fields. The class gets ``__init__`` (arguments by
position or by name, then ``__post_init__`` if the class has one), ``__eq__`` and
``__hash__`` over the fields, ``__repr__`` and ``__match_args__``, and instances that refuse
assignment; a method the class writes itself is kept, as with dataclasses.

Why not dataclasses: ``import dataclasses`` imports ``inspect`` (with ``dis``, ``tokenize``,
``linecache``...), and each dataclass compiles its methods from generated source when its
module is imported. For the forty-odd classes here that was about half of the time
``python -m lstm_ref explain`` took to start. The methods below are written once and shared;
type checkers read ``@frozen`` classes as dataclasses (PEP 681).

>>> @frozen
... class Point:
...     x: int
...     y: int = 0
>>> Point(1), Point(1, y=2) == Point(1, 2), hash(Point(1)) == hash(Point(1, 0))
(Point(x=1, y=0), True, True)
>>> [(f.name, f.default) for f in fields(Point)]
[('x', MISSING), ('y', 0)]
>>> replace(Point(1), y=5)
Point(x=1, y=5)
>>> Point(1).x = 3
Traceback (most recent call last):
...
lstm_ref.records.FrozenInstanceError: cannot assign to field 'x'
>>> Point()
Traceback (most recent call last):
...
TypeError: Point() missing a required argument: 'x'
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, dataclass_transform
else:
    def dataclass_transform(**_options):
        """typing.dataclass_transform (PEP 681): tells type checkers and IDEs that @frozen
        classes take their fields as __init__ arguments. Nothing at run time."""
        return lambda decorator: decorator


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()
"""The default of a field that has none (the argument is required)."""

_REQUIRED = _Missing()


def required() -> Any:
    """Written as a field's value in a subclass, it makes a field its base gives a default to
    required again (as ``dataclasses.field()`` without a default)."""
    return _REQUIRED


class Field:
    """One field of a record class: its name, its annotation (as written) and its default."""

    __slots__ = ("name", "type", "default")

    def __init__(self, name: str, type: str, default: object = MISSING) -> None:
        self.name, self.type, self.default = name, type, default

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.type!r}, {self.default!r})"


class FrozenInstanceError(AttributeError):
    """Raised on an attempt to assign or delete an attribute of a record."""


def _is_class_var(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


@dataclass_transform(frozen_default=True, field_specifiers=(required,))
def frozen(cls: type | None = None, *, repr: bool = True):
    """Make `cls` a frozen record class (usable as ``@frozen`` or ``@frozen(repr=False)``).

    ``repr=False`` leaves ``__repr__`` to the class or its bases, as ``@dataclass(repr=False)``.
    """
    if cls is None:
        return lambda cls: frozen(cls, repr=repr)
    found: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        found.update(base.__dict__.get("__record_fields__", {}))
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_class_var(annotation):
            continue
        default = cls.__dict__.get(name, found[name].default if name in found else MISSING)
        if default is _REQUIRED:
            default = MISSING
            delattr(cls, name)
        found[name] = Field(name, annotation if isinstance(annotation, str) else
                            getattr(annotation, "__name__", str(annotation)), default)
    seen_default = None
    for field in found.values():
        if field.default is MISSING and seen_default is not None:
            raise TypeError(f"{cls.__name__}: required field {field.name!r} follows "
                            f"{seen_default!r}, which has a default")
        if field.default is not MISSING:
            seen_default = field.name
    cls.__record_fields__ = found
    if "__init__" not in cls.__dict__:
        cls.__init__ = _init
    if "__match_args__" not in cls.__dict__:
        cls.__match_args__ = tuple(found)
    if "__eq__" not in cls.__dict__:
        cls.__eq__ = _eq
    if "__hash__" not in cls.__dict__ or cls.__dict__["__hash__"] is None:
        cls.__hash__ = _hash
    if repr and "__repr__" not in cls.__dict__:
        cls.__repr__ = _repr
    cls.__setattr__ = _setattr
    cls.__delattr__ = _delattr
    return cls


def fields(record: object) -> tuple[Field, ...]:
    """The fields of a record class or instance, in order."""
    try:
        found = record.__record_fields__  # type: ignore[union-attr]
    except AttributeError:
        raise TypeError(f"expected a record class or instance, got {record!r}") from None
    return tuple(found.values())


def replace(record: object, **changes: object):
    """A copy of `record` with some fields changed (checked again, as a new instance)."""
    values = {name: getattr(record, name) for name in type(record).__record_fields__}
    values.update(changes)
    return type(record)(**values)


def _values(record: object) -> tuple:
    return tuple(getattr(record, name) for name in type(record).__record_fields__)


def _init(self, *args: object, **kwargs: object) -> None:
    cls = type(self)
    known = cls.__record_fields__
    name = cls.__qualname__
    if len(args) > len(known):
        raise TypeError(f"{name}() takes at most {len(known)} positional arguments "
                        f"but {len(args)} were given")
    values = dict(zip(known, args))
    for key, value in kwargs.items():
        if key not in known:
            raise TypeError(f"{name}() got an unexpected keyword argument {key!r}")
        if key in values:
            raise TypeError(f"{name}() got multiple values for argument {key!r}")
        values[key] = value
    for key, field in known.items():
        if key in values:
            object.__setattr__(self, key, values[key])
        elif field.default is MISSING:
            raise TypeError(f"{name}() missing a required argument: {key!r}")
        else:
            object.__setattr__(self, key, field.default)
    post_init = getattr(self, "__post_init__", None)
    if post_init is not None:
        post_init()


def _eq(self, other: object):
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self) -> int:
    return hash(_values(self))


def _repr(self) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__record_fields__)
    return f"{type(self).__qualname__}({shown})"


def _setattr(self, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")
