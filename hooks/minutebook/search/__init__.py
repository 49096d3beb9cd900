"""Search: what each page tells the index, and the Pagefind bundles built over the finished site.

Pagefind indexes the built HTML (``add_directory`` over the output folder) rather than
records rebuilt from the model: the pages already are the text a reader sees, item
headings carry the ``#item-N`` ids Pagefind turns into sub-results, and confidential
text never reaches them (it is dropped at load). What HTML alone cannot say, the filters
and metadata, comes from the model (``fields``) and is written as attributes of the element
``base.html`` marks for the index (``data-pagefind-body``).

- ``plan``: which pages go into which bundle, and the manifest the search box reads.
- ``fields``: what each page tells the index beyond its text.
- ``pagefind``: the only module that drives Pagefind; ``stabilise`` makes its output repeatable.
- ``lifecycle``: search for `mkdocs build` (indexed beside the build) and `mkdocs serve` (refreshed behind it).
"""
