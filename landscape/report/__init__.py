"""The report: ``results.json`` data model and I/O (:mod:`.model`), atomic publishing
(:mod:`.publish`), HTML rendering with Jinja2 templates (:mod:`.html`, ``templates/``),
and matplotlib helpers (:mod:`.figures`). Reads and writes data files only; never
recomputes a claim."""
