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
from .checks import lint
from .config import Config, Explanation, load, resolve
from .errors import (
    CircularPlaceholderError,
    ConfigError,
    FileAccessError,
    InvalidConfigError,
    PlaceholderError,
    PortError,
    ResolutionLimitError,
    SourceError,
    UnresolvablePlaceholderError,
)
from .model import Origin, OriginKind, Problem, Severity

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
