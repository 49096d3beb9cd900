"""What mkdocs.yml tells the engine, read once: the site's name and address, and ``extra``.

The engine's own settings live under ``extra.minutebook`` (see docs/branding.md); the minutes
folder is ``extra.minutes_source``. Each setting is checked as it is read, and a wrong one falls
back to its default with a warning (`--strict` stops on it), so the site still builds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .branding import Brand, load_brand
from .documents import DocumentRules, load_document_rules
from .formatting import DateStyle, load_date_style
from .search.plan import DEFAULT_BUNDLE_MEETINGS
from .site import OGL, SiteInfo

DEFAULT_SOURCE = "meetings"


@dataclass(frozen=True)
class Settings:
    """Everything the engine is told about the archive and its publisher, as typed values."""

    site: SiteInfo  # the address, title, licence and publisher, as feeds and exports name them
    publisher: str = ""  # the publishing body as configured ("" when not: feeds then name the site)
    accessibility_contact: str = ""
    accessibility_phone: str = ""
    brand: Brand = field(default_factory=Brand)
    dates: DateStyle = field(default_factory=DateStyle)
    documents: DocumentRules = field(default_factory=DocumentRules)  # which papers may be published
    search_bundle_meetings: int = DEFAULT_BUNDLE_MEETINGS
    minutes_source: str = DEFAULT_SOURCE  # relative to mkdocs.yml; MINUTES_SOURCE overrides it


def load_settings(
    site_name: str, site_url: str | None = None, extra: Mapping[str, Any] | None = None
) -> tuple[Settings, list[str]]:
    """Settings from MkDocs' ``site_name``, ``site_url`` and ``extra`` (plain values), and a warning for each
    thing wrong with them."""
    extra = extra or {}
    options: Mapping[str, Any] = extra.get("minutebook") or {}
    brand, warnings = load_brand(options.get("brand") or {})
    dates, date_warnings = load_date_style(options)
    bundle_meetings, bundle_warnings = _bundle_meetings(options)
    documents, document_warnings = load_document_rules(options)
    publisher = str(options.get("publisher") or "")
    licence = options.get("data_licence") or {}
    url = str(site_url or options.get("site_url") or "")
    if url and not url.endswith("/"):
        url += "/"
    site = SiteInfo(
        name=site_name,
        url=url,
        licence_name=str(licence.get("name") or OGL["name"]),
        licence_url=str(licence.get("url") or OGL["url"]),
        publisher=publisher or site_name,
    )
    settings = Settings(
        site=site,
        publisher=publisher,
        accessibility_contact=str(options.get("accessibility_contact") or ""),
        accessibility_phone=str(options.get("accessibility_phone") or ""),
        brand=brand,
        dates=dates,
        documents=documents,
        search_bundle_meetings=bundle_meetings,
        minutes_source=str(extra.get("minutes_source") or DEFAULT_SOURCE),
    )
    return settings, [*warnings, *date_warnings, *document_warnings, *bundle_warnings]


def site_info(site_name: str, site_url: str | None = None, options: Mapping[str, Any] | None = None) -> SiteInfo:
    """The published site as feeds and exports name it, from ``site_name``, ``site_url`` and ``extra.minutebook``."""
    return load_settings(site_name, site_url, {"minutebook": options or {}})[0].site


def _bundle_meetings(options: Mapping[str, Any]) -> tuple[int, list[str]]:
    """Meetings per search bundle from ``search_bundle_meetings``, and any warning."""
    value = options.get("search_bundle_meetings", DEFAULT_BUNDLE_MEETINGS)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value, []
    return DEFAULT_BUNDLE_MEETINGS, [
        f"extra.minutebook.search_bundle_meetings: {value!r} is not a whole number of meetings above 0; "
        f"using {DEFAULT_BUNDLE_MEETINGS}"
    ]
