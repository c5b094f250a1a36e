"""Option and argument values turned into Python values without Pydantic where that is plain.

Typer (0.29) hands every value of a command, a default ``20`` or a word, to a Pydantic
``TypeAdapter``; importing Pydantic to build those costs a command some 60 ms of start-up,
more than ``search`` needs for its query. The values our commands take are mostly plain
(a ``str``, a list of them, an ``int`` of digits, a path); those are converted here as
Typer would convert them, and everything else (a value Typer would refuse, a choice, a
float typed in) still goes to Typer's own conversion, so its errors read as before.

This leans on Typer internals, as ``_app`` does (Typer's vendored Click): a parameter that
does not look as expected is left to Typer, only slower (tests/test_startup.py notices).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click import Context
from typer._click.core import Parameter
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import _TyperParameter as TyperParameter

__all__ = ["PlainValues", "take_plain_values"]

_NOT_PLAIN = object()


def take_plain_values(params: Iterable[Parameter]) -> None:
    """Let ``params`` convert plain values here; call before the command line is parsed."""
    for param in params:
        if (
            isinstance(param, TyperParameter)
            and getattr(param, "_runtime_param", "missing") is None
            and _convertible(param.type_descriptor.annotation, param)
        ):
            descriptor = param.type_descriptor
            param._runtime_param = PlainValues(descriptor.parameter_info, descriptor.annotation)


def _convertible(annotation: Any, param: TyperParameter) -> bool:
    info = param.type_descriptor.parameter_info
    if param.type_descriptor.file_annotation is not None or info.parser is not None:
        return False
    if param.type_descriptor.is_choice:
        return False
    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (None,)
        return item in (str, Path)
    return annotation in (str, bool, int, float, Path)


@dataclass(frozen=True)
class PlainValues(RuntimeParam):
    """Plain values converted here, the rest by Typer's Pydantic adapter (built then)."""

    def _coerce_value(self, value: Any, param: TyperParameter, ctx: Context) -> Any:
        annotation: Any = self.annotation
        if get_origin(annotation) is list:
            (item,) = get_args(annotation)
            values = value if isinstance(value, (list, tuple)) else [value]
            converted = [self._one(item, v, param, ctx) for v in values]
            if all(c is not _NOT_PLAIN for c in converted):
                return converted
        else:
            converted_one = self._one(annotation, value, param, ctx)
            if converted_one is not _NOT_PLAIN:
                return converted_one
        return build_runtime_param(param.type_descriptor)._coerce_value(
            value, param=param, ctx=ctx
        )

    def _one(self, annotation: Any, value: Any, param: TyperParameter, ctx: Context) -> Any:
        info = self.parameter_info
        if annotation is str:
            return value if isinstance(value, str) else _NOT_PLAIN
        if annotation is bool:
            return value if isinstance(value, bool) else _NOT_PLAIN
        if annotation is Path:
            if info.path_type is not None or not isinstance(value, (str, Path)) or value == "":
                return _NOT_PLAIN
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
        number: int | float
        if annotation is int and isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif annotation is int and isinstance(value, str) and value.isascii() \
                and value.isdigit():
            number = int(value)
        elif annotation is float and isinstance(value, float):
            number = value
        else:
            return _NOT_PLAIN
        # Out of range: Typer's own conversion words the error (or clamps).
        if (info.min is not None and number < info.min) or (
            info.max is not None and number > info.max
        ):
            return _NOT_PLAIN
        return number
