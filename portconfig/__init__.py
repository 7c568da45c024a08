"""portconfig: read Spring Boot configuration exactly as Spring does, and validate server.port.

Start-up code::

    import portconfig

    config = portconfig.load("src/main/resources/application.yml")
    serve(port=config.port)              # validated: 1024-65535
    print(config.origin("server.port"))  # environment variable PORT

``load`` raises one :class:`ConfigError` listing every problem; ``lint``
returns them as :class:`Problem` records instead; ``resolve`` expands one string.
"""

from ._version import __version__

# The public names load on first use (PEP 562), so that ``import portconfig`` and
# the command line (``python -m portconfig``) pay only for the modules they use.
# The first public name asked for loads them all, as an eager import would have.
_EXPORTS = {
    "lint": ".checks",
    "Config": ".config",
    "Explanation": ".config",
    "load": ".config",
    "resolve": ".config",
    "CircularPlaceholderError": ".errors",
    "ConfigError": ".errors",
    "FileAccessError": ".errors",
    "InvalidConfigError": ".errors",
    "PlaceholderError": ".errors",
    "PortError": ".errors",
    "PortInUseError": ".errors",
    "PortUnavailableError": ".errors",
    "ResolutionLimitError": ".errors",
    "SourceError": ".errors",
    "UnresolvablePlaceholderError": ".errors",
    "Origin": ".model",
    "OriginKind": ".model",
    "Problem": ".model",
    "Severity": ".model",
}


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    namespace = globals()
    for export, module in _EXPORTS.items():
        namespace[export] = getattr(import_module(module, __name__), export)
    return namespace[name]


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = [
    "CircularPlaceholderError",
    "Config",
    "ConfigError",
    "Explanation",
    "FileAccessError",
    "InvalidConfigError",
    "Origin",
    "OriginKind",
    "PlaceholderError",
    "PortError",
    "PortInUseError",
    "PortUnavailableError",
    "Problem",
    "ResolutionLimitError",
    "Severity",
    "SourceError",
    "UnresolvablePlaceholderError",
    "__version__",
    "lint",
    "load",
    "resolve",
]
