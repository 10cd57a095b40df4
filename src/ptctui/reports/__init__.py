"""Reports: what ptctui puts on paper, built from the database without any Textual.

Each report (``summary``, ``plan``, ``intersessional``) is first built as a plain
:class:`~ptctui.reports.document.Document`, so that the terminal, text, HTML, SVG, Markdown and
Word outputs all share one structure; :mod:`ptctui.reports.rich` turns a document into Rich
renderables for the terminal and for Rich's recorded exports.
"""
