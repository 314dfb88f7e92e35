"""Readable renderings of one analysis: a Markdown brief and a self-contained HTML page."""

from .render import brief_sections, render_html, render_markdown

__all__ = ["brief_sections", "render_markdown", "render_html"]
