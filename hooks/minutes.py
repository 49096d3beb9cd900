"""MkDocs adapter: the only module that knows MkDocs. Each event hands work to the engine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from minutebook import formatting, urls
from minutebook.errors import MinutesError
from minutebook.load import load_archive
from minutebook.pages import GeneratedPage, build_pages, home_context

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# Engine output of the current build, kept between events (and replaced on each `serve` rebuild).
TEMPLATES = Path(__file__).parent / "templates"

_contexts: dict[str, dict[str, Any]] = {}
_home: dict[str, Any] = {}
_registry: list[Any] = []


def _source(config: MkDocsConfig) -> Path:
    base = Path(config.config_file_path).parent
    return (base / os.environ.get("MINUTES_SOURCE", config.extra.get("minutes_source", "meetings"))).resolve()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # `mkdocs serve` must rebuild when the minutes change, not only docs/.
    source = str(_source(config))
    if source not in config.watch:
        config.watch.append(source)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    source = _source(config)
    try:
        archive = load_archive(source)
    except MinutesError as error:
        raise PluginError(error.report()) from None
    _contexts.clear()
    page: GeneratedPage
    for page in build_pages(archive):
        files.append(File.generated(config, page.src_uri, content=page.markdown))
        _contexts[page.src_uri] = page.context
    for meeting in archive.meetings:
        for document in meeting.documents:
            if not document.path.startswith(("http://", "https://")) and files.get_file_from_path(document.path) is None:
                files.append(File.generated(config, document.path, abs_src_path=str(source / document.path)))
    _home.clear()
    _home.update(home_context(archive))
    _registry[:] = [archive.registry]
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Our templates escape every value by default (minutes are untrusted input);
    # Material's own templates expect autoescape off, so it is chosen per template.
    ours = {path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html")}
    env.autoescape = lambda name: name in ours
    env.filters.update(formatting.FILTERS)
    env.globals.update(
        meeting_url=urls.meeting_url, person_url=urls.person_url, action_url=urls.action_url,
        decision_url=urls.decision_url, body_url=urls.body_url, year_url=urls.year_url, uid_url=urls.uid_url,
        mb_people=_registry[0].people, mb_bodies=_registry[0].bodies,
    )
    return env


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    mb = _contexts.get(page.file.src_uri)
    if mb is None and page.meta.get("template") == "home.html":
        mb = _home
    if mb is not None:
        context["mb"] = mb
    return context
