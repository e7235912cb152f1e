"""A stand-in for mkdocs-techdocs-core built only from Debian's packages (mkdocs, mkdocs-material).

The portal's embedded defaults build TechDocs with Debian's MkDocs, where mkdocs-techdocs-core (PyPI
only) is not installable. A service's mkdocs.yml keeps `plugins: [techdocs-core]`, which is right
for production's techdocs-cli; this module answers to that name in the portal's local build
sandbox only (PYTHONPATH points here, nowhere else) and does what TechDocs' reader relies on:

- the Material theme, and `techdocs_metadata.json` (site name and description) in the site root;
- MkDocs' own search plugin, whose `search/search_index.json` the docs search collator reads;
- the Markdown extensions techdocs-core enables that Debian ships (toc permalinks, admonitions,
  pymdownx). Not here: the monorepo and GitHub-admonition plugins, graphviz, PlantUML and
  truly-sane-lists, which Debian does not package.
"""

import os
import tempfile

from mkdocs.contrib.search import SearchPlugin
from mkdocs.plugins import BasePlugin
from mkdocs.theme import Theme

METADATA_TEMPLATE = (
    '{{ {"site_name": (config.site_name | string), '
    '"site_description": (config.site_description | string)} | tojson }}'
)

EXTENSIONS = [
    "toc",
    "admonition",
    "abbr",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "pymdownx.caret",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.mark",
    "pymdownx.smartsymbols",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pymdownx.tilde",
]

EXTENSION_CONFIGS = {
    "toc": {"permalink": True},
    "pymdownx.tabbed": {"alternate_style": True},
    "pymdownx.tasklist": {"custom_checkbox": True},
}


class TechDocsCore(BasePlugin):
    def on_config(self, config):
        # A theme folder holding the metadata template, rendered into the site like 404.html.
        self.theme_dir = tempfile.TemporaryDirectory()
        with open(os.path.join(self.theme_dir.name, "techdocs_metadata.json"), "w") as f:
            f.write(METADATA_TEMPLATE)
        if config["theme"].name != "material":
            config["theme"] = Theme(name="material")
        config["theme"].static_templates.update({"techdocs_metadata.json"})
        config["theme"].dirs.append(self.theme_dir.name)

        del config["plugins"]["techdocs-core"]
        search = SearchPlugin()
        search.load_config({})
        config["plugins"]["search"] = search

        for name in EXTENSIONS:
            if name not in config["markdown_extensions"]:
                config["markdown_extensions"].append(name)
        for name, options in EXTENSION_CONFIGS.items():
            # The site's own settings for an extension win over these defaults.
            config["mdx_configs"][name] = {**options, **config["mdx_configs"].get(name, {})}
        return config
