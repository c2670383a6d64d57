"""MkDocs hook: Jinja templates are compiled once per process, not once per build.

`mkdocs serve` loads the configuration again for every rebuild, so the theme's and
mkdocstrings' Jinja environments are new each time and compile every template again: about a
third of a rebuild in which every block's output comes from the cache. Both environments get
a bytecode cache that lives as long as the process. Jinja checks each template's source
checksum before it uses cached code, so an edited template is compiled afresh; the output is
the same as without the cache (a build compiles each template once anyway).

Likewise mkdocstrings-python's signature formatting (Black, about half a second per rebuild
for the reference page) is remembered for the process: it is a pure function of the name, the
signature and the line length.
"""

from __future__ import annotations

import functools

import jinja2

# Kept on the jinja2 module, which the process imports once: this hook module itself is loaded
# again with every rebuild's configuration.
STORE = "_keras_lstm_shapes_bytecode"


class ProcessBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates in memory, one store per environment (their options differ).

    >>> env = jinja2.Environment(loader=jinja2.DictLoader({"t": "{{ 6 * 7 }}"}),
    ...                          bytecode_cache=ProcessBytecodeCache("doctest"))
    >>> env.get_template("t").render(), len(getattr(jinja2, STORE)["doctest"])
    ('42', 1)
    """

    def __init__(self, name: str):
        self.store = getattr(jinja2, STORE, None)
        if self.store is None:
            self.store = {}
            setattr(jinja2, STORE, self.store)
        self.compiled = self.store.setdefault(name, {})

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def on_env(env, config, files):
    env.bytecode_cache = ProcessBytecodeCache("theme")
    return env


def on_pre_build(config):
    """mkdocstrings renders while the pages' Markdown is converted, which MkDocs does before
    `on_env`: its handlers get their cache here, before the first page (set in `on_env`, the
    cache came too late and every rebuild compiled its 26 templates again)."""
    plugin = config.plugins.get("mkdocstrings")
    if plugin is not None:
        remember_signatures()
        handlers = plugin.handlers
        for name in (plugin.config.get("handlers") or {}):
            handler = handlers.get_handler(name)
            handler.env.bytecode_cache = ProcessBytecodeCache(f"mkdocstrings-{name}")


def remember_signatures() -> None:
    """Cache mkdocstrings-python's `_format_signature` (a private function: if a release
    renames it, signatures are formatted as before, uncached)."""
    try:
        from mkdocstrings_handlers.python._internal import rendering
    except ImportError:
        return
    formatter = getattr(rendering, "_format_signature", None)
    if formatter is not None and not hasattr(formatter, "cache_info"):
        rendering._format_signature = functools.lru_cache(maxsize=4096)(formatter)
