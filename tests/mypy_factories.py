"""A mypy plugin: calling a factory_boy factory gives the model it makes.

`UserFactory()` returns a User, but factory_boy annotates only `create()` and `build()`, not
the `__new__` that calling the class runs, so mypy would type the call as the factory
itself. Every factory here names its model (`DjangoModelFactory[User]`); the plugin
returns that type argument. Configured in pyproject.toml ([tool.mypy] plugins).
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.maptype import map_instance_to_supertype
from mypy.nodes import TypeInfo
from mypy.plugin import FunctionContext, Plugin
from mypy.types import AnyType, Instance, Type, get_proper_type

BASE_FACTORY = "factory.base.BaseFactory"


def _model_made(ctx: FunctionContext) -> Type:
    made = get_proper_type(ctx.default_return_type)
    if not isinstance(made, Instance):
        return ctx.default_return_type
    base = next(info for info in made.type.mro if info.fullname == BASE_FACTORY)
    model = map_instance_to_supertype(made, base).args[0]
    if isinstance(get_proper_type(model), AnyType):  # a factory that names no model
        return ctx.default_return_type
    return model


class FactoryCallPlugin(Plugin):
    def get_function_hook(
        self, fullname: str
    ) -> Callable[[FunctionContext], Type] | None:
        symbol = self.lookup_fully_qualified(fullname)
        if (
            symbol is not None
            and isinstance(symbol.node, TypeInfo)
            and symbol.node.has_base(BASE_FACTORY)
        ):
            return _model_made
        return None


def plugin(version: str) -> type[Plugin]:
    return FactoryCallPlugin
