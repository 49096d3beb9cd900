"""Pages the engine lays out itself: all but a handful of an archive's pages, on every core.

Laid out by the theme, page by page in MkDocs' single process, meeting, person, action, decision,
body and year pages were most of a large archive's build time and bytes: each carried Material's
whole page frame and scripts, and none needs its navigation. ``base.html`` is a page frame of our
own, which every page shares: the theme's stylesheets and our header, navigation and footer. The
front-end adapter says which stylesheets, scripts, logo and tabs those are (``Chrome``), so nothing
here knows MkDocs or Material, and the pages outlive either.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

from jinja2 import BytecodeCache, Environment, FileSystemLoader, pass_context
from jinja2.bccache import Bucket

from . import branding, formatting, seo, urls, wording
from .archive import Archive
from .batch import map_over_cores
from .files import replace_file
from .markup import RenderedTexts
from .outputs import head_links, subscriptions
from .pages import GeneratedPage
from .settings import Settings

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# The templates laid out here: every page made from the model but the index pages the navigation names.
ENGINE_TEMPLATES = frozenset(
    {"meeting.html", "person.html", "action.html", "decision.html", "body.html", "year.html", "post.html"}
)

_LONGEST_FIRST = {"person.html": 0, "body.html": 0, "year.html": 1, "meeting.html": 1}


def our_templates() -> frozenset[str]:
    """Every template of the archive's own (under TEMPLATES), by the name the theme loads it by."""
    return frozenset(path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html"))


def laid_out_by_engine(page: GeneratedPage) -> bool:
    """Whether ``page`` is written by `Layout` rather than by the theme."""
    return page.template in ENGINE_TEMPLATES


@dataclass(frozen=True)
class Chrome:
    """What an engine-laid-out page shares with the theme's pages, as plain values.

    Templates read it as ``config`` (``config.site_name`` and the like), as they read MkDocs' config.
    Paths are site paths (``assets/minutebook.css``); each page links them relative to itself.
    """

    site_name: str
    site_url: str = ""
    copyright: str = ""
    language: str = "en"
    favicon: str = ""
    logo_image: str = ""  # a site path, or
    logo_svg: str = ""  # the theme's icon, inline
    stylesheets: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()
    tabs: tuple[tuple[str, str], ...] = ()  # (title, site path) of the top-level navigation
    body_attributes: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_material(
        cls,
        theme_dirs: Sequence[str],
        theme: ThemeOptions,
        *,
        site_name: str,
        site_url: str = "",
        copyright: str = "",
        stylesheets: tuple[str, ...] = (),
        scripts: tuple[str, ...] = (),
        tabs: tuple[tuple[str, str], ...] = (),
    ) -> Chrome:
        """What Material for MkDocs puts around its pages, from its folders (``theme_dirs``, a custom
        folder first) and options: its stylesheets before the site's own, its logo, its colours."""

        def theme_file(pattern: str) -> tuple[Path, str] | None:
            """The first file of the theme's folders matching ``pattern``, and its site path."""
            for folder in theme_dirs:
                found = sorted(Path(folder).glob(pattern))
                if found:
                    return found[0], found[0].relative_to(folder).as_posix()
            return None

        palette = theme.get("palette") or {}
        scheme = (palette[0] if palette else {}) if isinstance(palette, list) else palette
        main = theme_file("assets/stylesheets/main.*.min.css")
        # The palette's stylesheet only sets Material's named colours and its dark scheme: with custom
        # colours (the brand's, in assets/mb-brand.css) on the default scheme, nothing in it applies.
        named = {key: str(scheme[key]) for key in ("scheme", "primary", "accent") if scheme.get(key)}
        plain = set(named.values()) <= {"default", "custom"}
        colours = theme_file("assets/stylesheets/palette.*.min.css") if palette and not plain else None
        logo_svg = ""
        if not theme.get("logo"):
            icon = theme_file(f".icons/{(theme.get('icon') or {}).get('logo') or 'material/library'}.svg")
            logo_svg = icon[0].read_text(encoding="utf-8") if icon else ""
        return cls(
            site_name=site_name,
            site_url=site_url,
            copyright=copyright,
            language=str(theme.get("language") or "en"),
            favicon=str(theme.get("favicon") or ""),
            logo_image=str(theme.get("logo") or ""),
            logo_svg=logo_svg,
            stylesheets=(*(found[1] for found in (main, colours) if found), *stylesheets),
            scripts=scripts,
            tabs=tabs,
            body_attributes=(
                ("dir", "ltr"),
                *(() if colours is None else ((f"data-md-color-{k}", v) for k, v in named.items())),
            ),
        )


class ThemeOptions(Protocol):
    """The theme's options, as the front end holds them (MkDocs' ``config.theme``)."""

    def get(self, key: str, /) -> Any: ...


@dataclass(frozen=True)
class PageView:
    """The ``page`` a template sees: what MkDocs' page object would tell it."""

    title: str
    url: str
    meta: Mapping[str, str]
    canonical_url: str = ""


def template_globals(archive: Archive, texts: RenderedTexts, settings: Settings) -> dict[str, Any]:
    """Names every archive template may use, whoever renders it."""
    return {
        "meeting_url": urls.meeting_url,
        "person_url": urls.person_url,
        "action_url": urls.action_url,
        "decision_url": urls.decision_url,
        "body_url": urls.body_url,
        "year_url": urls.year_url,
        "post_url": urls.post_url,
        "uid_url": urls.uid_url,
        "mb_people": archive.registry.people,
        "mb_bodies": archive.registry.bodies,
        "mb_posts": archive.registry.posts,
        "mb_site": settings,
        "mb_text": texts.html,
        "mb_feed_links": lambda body_id=None: head_links(archive, settings.site, body_id),
        "mb_subscriptions": lambda body_id=None: subscriptions(archive, settings.site, body_id),
        "mb_page_address": lambda page, config: branding.page_address(config.site_url, page.url if page else None),
        **seo.template_names(archive, settings.site),
    }


def template_filters(settings: Settings) -> dict[str, Callable[..., str]]:
    """Filters every archive template may use, whoever renders it."""
    return {
        **formatting.build_filters(settings.dates),
        "css_string": branding.css_string,
        "json_ld": seo.json_ld,
        **wording.template_filters(),
    }


@pass_context
def _url(context: Any, target: str) -> str:
    return urls.relative_url(str(target), context["page"].url)


class CodeStore(Protocol):
    """Where compiled templates outlast the process (the build cache's ``Values``)."""

    def get(self, key: str) -> Any | None: ...

    def put(self, key: str, value: Any) -> Any: ...


class TemplateCode(BytecodeCache):
    """Compiled templates, kept from one build to the next: in memory, and in ``store`` if given.

    Under `serve` every rebuild makes new Jinja environments (MkDocs makes the theme's; we make the
    layout's), and compiling some fifty templates again took about a fifth of a second a save; a
    warm `mkdocs build` spent a second or two compiling them. Jinja keys the code by template and checks it
    against the template's source, so an edited template is compiled afresh; its code also carries
    Jinja's and Python's versions. One per environment: how a template compiles depends on its
    environment's settings, and so on the versions of the packages that set it up (in the key).
    """

    def __init__(self, store: CodeStore | None = None) -> None:
        self._code: dict[str, bytes] = {}
        self._store = store

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None and self._store is not None:
            code = self._store.get(_stored_key(bucket.key))
        if isinstance(code, bytes):
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        if self._store is not None:
            self._store.put(_stored_key(bucket.key), self._code[bucket.key])


@functools.cache
def _packages() -> str:
    return " ".join(f"{name} {metadata.version(name)}" for name in ("jinja2", "mkdocs", "mkdocs-material"))


def _stored_key(key: str) -> str:
    return hashlib.blake2b(f"{key} {_packages()}".encode(), digest_size=16).hexdigest()


class Layout:
    """Renders engine pages with the archive's templates, the way the theme renders its own."""

    def __init__(
        self,
        templates: Path,
        chrome: Chrome,
        names: Mapping[str, Any],
        filters: Mapping[str, Callable[..., str]],
        code: BytecodeCache | None = None,
    ) -> None:
        """``code`` keeps the templates compiled for the next build (under `serve`)."""
        # Every value is escaped unless a template marks it safe: minutes are untrusted input.
        # Templates do not change within a build (under serve, each build makes a new Layout): no re-checks.
        self._env = Environment(
            loader=FileSystemLoader(str(templates)), autoescape=True, auto_reload=False, bytecode_cache=code
        )
        self._env.filters.update(filters, url=_url)
        self._env.globals.update(names, config=chrome, chrome=chrome)
        self._chrome = chrome
        for name in ENGINE_TEMPLATES:
            self._env.get_template(name)  # compiled once here, not in every worker

    def render(self, page: GeneratedPage, search: Any = None) -> str:
        """The whole HTML document of ``page``; ``search`` is its search fields (or None)."""
        view = PageView(
            page.title,
            page.url,
            {"description": page.description} if page.description else {},
            f"{self._chrome.site_url.rstrip('/')}/{page.url}" if self._chrome.site_url else "",
        )
        base = urls.relative_url(".", page.url)
        return self._env.get_template(page.template).render(page=view, base_url=base, mb=page.view, mb_search=search)

    def render_file(self, template: str, **context: Any) -> str:
        """Any other file made from a template (a stylesheet, say), with the engine's names."""
        return self._env.get_template(template).render(**context)

    def write(self, pages: Sequence[GeneratedPage], search: Mapping[str, Any], folder: Path) -> list[str]:
        """Render ``pages`` on every core into ``folder`` (the site); each page's file path under it, in order."""

        def write_one(index: int) -> str:
            page = pages[index]
            path = urls.built_path(page.src_uri)
            replace_file(folder / path, self.render(page, search.get(page.url)))
            return path

        # The longest pages first (a person's or a body's every meeting), so no core is left with them
        # at the end; by index, so the pages (and the model they show) reach forked workers unpickled.
        order = sorted(
            range(len(pages)), key=lambda index: _LONGEST_FIRST.get(pages[index].template, len(_LONGEST_FIRST))
        )
        # Even a few pages are worth the workers: a person's page takes a tenth of a second.
        paths = dict(zip(order, map_over_cores(write_one, order, threshold=8)))
        return [paths[index] for index in range(len(pages))]
